// The words of a message notification. Encrypted messages and
// `showMessageText: false` never put message content on screen: only who and where.
export const MAX_BODY_CHARS = 200;

export interface LatestMessage {
  readonly sender: string;
  /** Null when encrypted. */
  readonly body: string | null;
  readonly encrypted: boolean;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_BODY_CHARS ? `${flat.slice(0, MAX_BODY_CHARS - 1)}…` : flat;
}

/** `count` messages of `thread` coalesced into one notification, `latest` the newest. */
export function messageText(thread: string, count: number, latest: LatestMessage, showText: boolean): { title: string; body: string } {
  const text = showText && !latest.encrypted && latest.body !== null ? clip(latest.body) : null;
  if (count <= 1) return { title: `${latest.sender} in ${thread}`, body: text ?? 'New message' };
  return {
    title: `${count} new messages in ${thread}`,
    body: text === null ? `Latest from ${latest.sender}` : `${latest.sender}: ${text}`,
  };
}
