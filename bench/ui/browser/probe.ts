// Installed before any page script (Playwright addInitScript): records when
// each marked message's text first enters the timeline, i.e. a node inside a
// role="log" or role="feed" region, so the sidebar's "last message" preview
// never counts. A MutationObserver callback runs as a microtask right after the
// DOM change (the React commit), before paint: this measures "in the DOM".
// A virtualized list only mounts the rows in view; while it sticks to the
// bottom those are the newest, so every mounted row is a "newest rendered"
// sample and skipped rows are simply not sampled.
// To tell where time goes, it also stamps each WebSocket frame's arrival
// (its own listener, added before the page's) and records the page's long tasks.
import { MARKER_SOURCE } from '../marker';
import { PROBE_GLOBAL, type ProbeApi, type ProbeSamples, type ProbeTake } from '../probe-api';

const TIMELINE = '[role="log"],[role="feed"]';
const marker = new RegExp(MARKER_SOURCE, 'g');
const seenK = new Set<number>();
let maxK = -1;
const empty = (): ProbeTake => ({ dom: { k: [], sent: [], seen: [] }, arrivals: { k: [], sent: [], seen: [] }, longTasks: [] });
let pending = empty();

function scan(text: string, now: number): void {
  for (const m of text.matchAll(marker)) {
    const k = Number(m[1]);
    if (seenK.has(k)) continue;
    seenK.add(k);
    if (k > maxK) maxK = k;
    pending.dom.k.push(k);
    pending.dom.sent.push(Number(m[2]));
    pending.dom.seen.push(now);
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

const frameMarker = new RegExp(MARKER_SOURCE, 'y');

function arrived(data: string, now: number, into: ProbeSamples): void {
  const at = data.lastIndexOf('⟦');
  if (at < 0) return;
  frameMarker.lastIndex = at;
  const m = frameMarker.exec(data);
  if (!m) return;
  into.k.push(Number(m[1]));
  into.sent.push(Number(m[2]));
  into.seen.push(now);
}

const NativeWebSocket = globalThis.WebSocket;
class ProbedWebSocket extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (typeof e.data === 'string') arrived(e.data, Date.now(), pending.arrivals);
    });
  }
}
globalThis.WebSocket = ProbedWebSocket;

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) pending.longTasks.push(e.duration);
}).observe({ type: 'longtask' });

const api: ProbeApi = {
  take() {
    const out = pending;
    pending = empty();
    return out;
  },
  maxSeen: () => maxK,
  domNodes: () => document.getElementsByTagName('*').length,
};
Object.defineProperty(globalThis, PROBE_GLOBAL, { value: Object.freeze(api) });
