// Paces a stream of marked messages into one thread through the relay's admin
// HTTP API. Each post carries the messages due by now, each stamped with
// Date.now() just before the post; posts are serial, so a slow relay shows up
// as a lower achieved rate instead of an unbounded queue in this process.
import { markerBody } from './marker';

/** The relay's HTTP API takes at most 10 000 bodies per post; smaller posts keep the stream smooth. */
const MAX_PER_POST = 2_000;

export interface StreamPlan {
  /** Messages per second. */
  readonly rate: number;
  readonly seconds: number;
  /** Stream index of the first message. */
  readonly firstK: number;
}

export interface StreamResult {
  readonly firstK: number;
  readonly count: number;
  /** Date.now() stamped on the first and the last post. */
  readonly firstSentAt: number;
  readonly lastSentAt: number;
  /** What the sender achieved (count over the posting span). */
  readonly achievedRate: number;
  readonly posts: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends rate × seconds messages on schedule. Bounded: gives up pacing after
 * 4 × the planned time (the result then says how many went out).
 */
export async function streamAtRate(post: (bodies: string[]) => Promise<void>, plan: StreamPlan): Promise<StreamResult> {
  const total = Math.max(1, Math.round(plan.rate * plan.seconds));
  const t0 = performance.now();
  const deadline = t0 + plan.seconds * 4_000;
  let sent = 0;
  let posts = 0;
  let firstPost = 0;
  let firstSentAt = 0;
  let lastSentAt = 0;
  while (sent < total && performance.now() < deadline) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * plan.rate) + 1) - sent;
    if (due <= 0) {
      await sleep(Math.max(1, Math.min(10, 1000 / plan.rate)));
      continue;
    }
    const n = Math.min(due, MAX_PER_POST);
    const at = Date.now();
    const bodies = Array.from({ length: n }, (_, i) => markerBody(plan.firstK + sent + i, at));
    if (posts === 0) {
      firstSentAt = at;
      firstPost = n;
    }
    lastSentAt = at;
    await post(bodies);
    sent += n;
    posts++;
  }
  const spanS = (lastSentAt - firstSentAt) / 1000;
  // Messages after the first post over the time from the first post to the last.
  const achievedRate = spanS > 0 ? (sent - firstPost) / spanS : plan.rate;
  return { firstK: plan.firstK, count: sent, firstSentAt, lastSentAt, achievedRate, posts };
}
