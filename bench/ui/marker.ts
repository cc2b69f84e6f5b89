// The send time rides inside each message's text, so the page can measure
// "sent → in the DOM" with no help from the renderer under test: both the
// sender (Node) and the probe (Chromium) read the same wall clock (Date.now()
// on one machine).

/** A chat-like body carrying its stream index k and the sender's Date.now(). */
export function markerBody(k: number, sentAt: number): string {
  return `Message ${k} ⟦${k}@${sentAt}⟧`;
}

/** Matches every marker in a text; group 1 is k, group 2 the send time. */
export const MARKER_SOURCE = '⟦(\\d+)@(\\d+)⟧';
