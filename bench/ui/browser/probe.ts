// Installed before any page script (Playwright addInitScript): records when
// each marked message's text first enters the timeline, i.e. a node inside a
// role="log" or role="feed" region, so the sidebar's "last message" preview
// never counts. A MutationObserver callback runs as a microtask right after the
// DOM change (the React commit), before paint: this measures "in the DOM".
// A virtualized list only mounts the rows in view; while it sticks to the
// bottom those are the newest, so every mounted row is a "newest rendered"
// sample and skipped rows are simply not sampled.
import { MARKER_SOURCE } from '../marker';
import { PROBE_GLOBAL, type ProbeApi, type ProbeSamples } from '../probe-api';

const TIMELINE = '[role="log"],[role="feed"]';
const marker = new RegExp(MARKER_SOURCE, 'g');
const seenK = new Set<number>();
let maxK = -1;
let pending: ProbeSamples = { k: [], sent: [], seen: [] };

function scan(text: string, now: number): void {
  for (const m of text.matchAll(marker)) {
    const k = Number(m[1]);
    if (seenK.has(k)) continue;
    seenK.add(k);
    if (k > maxK) maxK = k;
    pending.k.push(k);
    pending.sent.push(Number(m[2]));
    pending.seen.push(now);
  }
}

function timelineText(node: Node): string | null {
  const el = node instanceof Element ? node : node.parentElement;
  if (!el) return null;
  if (el.closest(TIMELINE)) return node.textContent;
  // A whole timeline mounted at once (thread opened, page rendered).
  const inner = node instanceof Element ? node.querySelectorAll(TIMELINE) : [];
  return inner.length ? Array.from(inner, (n) => n.textContent ?? '').join('\n') : null;
}

const observer = new MutationObserver((records) => {
  const now = Date.now();
  for (const r of records) {
    if (r.type === 'characterData') {
      const text = timelineText(r.target);
      if (text) scan(text, now);
      continue;
    }
    for (const node of r.addedNodes) {
      const text = timelineText(node);
      if (text) scan(text, now);
    }
  }
});
observer.observe(document, { childList: true, subtree: true, characterData: true });

const api: ProbeApi = {
  take() {
    const out = pending;
    pending = { k: [], sent: [], seen: [] };
    return out;
  },
  maxSeen: () => maxK,
  domNodes: () => document.getElementsByTagName('*').length,
};
Object.defineProperty(globalThis, PROBE_GLOBAL, { value: Object.freeze(api) });
