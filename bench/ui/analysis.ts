// Turns one step's samples (stream index, send time, first time in the DOM)
// into the figures the bench prints, and decides whether the renderer kept up.
import type { ProbeSamples } from './probe-api';
import type { StreamResult } from './sender';

export type Verdict = 'kept up' | 'fell behind' | 'source-limited';

export interface StepFigures {
  readonly plannedRate: number;
  /** What the renderer was offered: the sender's achieved rate, or the relay's delivery to the control client if lower. */
  readonly sendRate: number;
  readonly sent: number;
  /** Distinct messages of the step that entered the timeline's DOM. */
  readonly rendered: number;
  /** Whether the step's last message entered the DOM before the drain bound. */
  readonly newestReached: boolean;
  /** Send → DOM latency of the rendered messages, ms. */
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  /** Send → the WebSocket frame carrying it reached the page (newest marker per frame), ms: the share before the page's own code. */
  readonly toPageP50: number | null;
  readonly toPageP99: number | null;
  /** Send → a bare client of the relay in the bench process (tap.ts), ms: what sender, relay and machine load cost alone. */
  readonly tapP50: number | null;
  readonly tapP99: number | null;
  /** Send → main had sent the batch carrying it to the page's socket (newest message per batch), ms: Beacon's main process share. */
  readonly mainP50: number | null;
  readonly mainP99: number | null;
  /** Latency of the step's last message: how long the backlog took to clear. */
  readonly lastLatency: number | null;
  /** How fast the newest message in the DOM advanced, messages/s. */
  readonly deliveredRate: number | null;
  /** Median latency of the last third of the step minus that of the first third, less the control client's own climb, ms. */
  readonly climb: number | null;
  readonly verdict: Verdict;
  readonly why: string;
}

/** Nearest-rank percentile of an ascending array. */
export function percentileSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const median = (xs: number[]): number | null => percentileSorted([...xs].sort((a, b) => a - b), 0.5);

const latenciesOf = (x: ProbeSamples | undefined): number[] => (x ? x.k.map((_, i) => x.seen[i]! - x.sent[i]!).sort((a, b) => a - b) : []);

/** The samples whose stream index lies in [firstK, firstK + count). */
export function samplesOf(all: ProbeSamples, firstK: number, count: number): ProbeSamples {
  const out: ProbeSamples = { k: [], sent: [], seen: [] };
  for (let i = 0; i < all.k.length; i++) {
    const k = all.k[i]!;
    if (k < firstK || k >= firstK + count) continue;
    out.k.push(k);
    out.sent.push(all.sent[i]!);
    out.seen.push(all.seen[i]!);
  }
  return out;
}

export interface StepSamples {
  /** Each message's first appearance in the timeline. */
  readonly dom: ProbeSamples;
  /** Frame arrivals at the page (seen = arrival). */
  readonly arrivals?: ProbeSamples;
  /** Frame arrivals at the control subscriber. */
  readonly tap?: ProbeSamples;
  /** Batches leaving Beacon's main (seen = emitted). */
  readonly main?: ProbeSamples;
}

interface Track {
  /** Ascending. */
  latencies: number[];
  /** How fast the newest sample advanced, messages/s (null over less than 100 ms). */
  advanceRate: number | null;
  /** Median latency of the first third of the step (by send time), and the last third's minus it. */
  earlyMid: number | null;
  climb: number | null;
  /** Latency of the step's last message, if it was sampled. */
  lastLatency: number | null;
}

function track(s: ProbeSamples, stream: StreamResult): Track {
  const last = stream.firstK + stream.count - 1;
  const latencies: number[] = [];
  const early: number[] = [];
  const late: number[] = [];
  let lastLatency: number | null = null;
  let first = -1;
  let newest = -1;
  const span = Math.max(1, stream.lastSentAt - stream.firstSentAt);
  for (let i = 0; i < s.k.length; i++) {
    const lat = s.seen[i]! - s.sent[i]!;
    latencies.push(lat);
    if (s.k[i] === last) lastLatency = lat;
    if (first < 0 || s.k[i]! < s.k[first]!) first = i;
    if (newest < 0 || s.k[i]! > s.k[newest]!) newest = i;
    const at = (s.sent[i]! - stream.firstSentAt) / span;
    if (at < 1 / 3) early.push(lat);
    else if (at >= 2 / 3) late.push(lat);
  }
  latencies.sort((a, b) => a - b);
  const advanceMs = first >= 0 ? s.seen[newest]! - s.seen[first]! : 0;
  const earlyMid = median(early);
  const lateMid = median(late);
  return {
    latencies,
    advanceRate: advanceMs >= 100 ? ((s.k[newest]! - s.k[first]!) / advanceMs) * 1000 : null,
    earlyMid,
    climb: earlyMid !== null && lateMid !== null ? lateMid - earlyMid : null,
    lastLatency,
  };
}

/**
 * A renderer keeps up with a step when (1) the step's newest message reached
 * the DOM, (2) the newest message in the DOM advanced at ≥ 90 % of the rate
 * it was offered, and (3) its latency did not climb over the step: the last
 * third's median is at most max(100 ms, the first third's median) above the
 * first third's (a renderer short of the rate by 5 % lags 100 ms more after
 * 2 s). "Offered" is what the sender achieved, or what the relay delivered
 * to the bare control client if that was less; a climb the control client
 * shows too is the source's, not the renderer's. When the offered rate fell
 * short of 90 % of the planned one the step says so (source-limited) instead
 * of judging the renderer on a rate it never saw.
 */
export function analyzeStep(stream: StreamResult, plannedRate: number, samples: StepSamples): StepFigures {
  const dom = track(samples.dom, stream);
  const tap = samples.tap && samples.tap.k.length > 0 ? track(samples.tap, stream) : null;
  const toPage = latenciesOf(samples.arrivals);
  const toMain = latenciesOf(samples.main);
  const offered = Math.min(stream.achievedRate, tap?.advanceRate ?? Infinity);
  const ownClimb = dom.climb === null ? null : dom.climb - Math.max(0, tap?.climb ?? 0);
  const newestReached = dom.lastLatency !== null;

  const problems: string[] = [];
  if (!newestReached) problems.push('newest message never reached the DOM in time');
  if (dom.advanceRate !== null && dom.advanceRate < 0.9 * offered) problems.push(`DOM advanced at ${Math.round(dom.advanceRate)} msg/s of ${Math.round(offered)} offered`);
  if (ownClimb !== null && dom.earlyMid !== null && ownClimb > Math.max(100, dom.earlyMid)) problems.push(`latency climbed ${Math.round(ownClimb)} ms over the step`);
  let verdict: Verdict = problems.length ? 'fell behind' : 'kept up';
  if (verdict === 'kept up' && offered < 0.9 * plannedRate) {
    verdict = 'source-limited';
    problems.push(`sender and relay delivered only ${Math.round(offered)} msg/s`);
  }
  return {
    plannedRate,
    sendRate: offered,
    sent: stream.count,
    rendered: samples.dom.k.length,
    newestReached,
    p50: percentileSorted(dom.latencies, 0.5),
    p99: percentileSorted(dom.latencies, 0.99),
    max: dom.latencies.length ? dom.latencies[dom.latencies.length - 1]! : null,
    toPageP50: percentileSorted(toPage, 0.5),
    toPageP99: percentileSorted(toPage, 0.99),
    tapP50: tap ? percentileSorted(tap.latencies, 0.5) : null,
    tapP99: tap ? percentileSorted(tap.latencies, 0.99) : null,
    mainP50: percentileSorted(toMain, 0.5),
    mainP99: percentileSorted(toMain, 0.99),
    lastLatency: dom.lastLatency,
    deliveredRate: dom.advanceRate,
    climb: ownClimb,
    verdict,
    why: problems.join('; '),
  };
}

/**
 * The highest rate a renderer sustained: the highest step it kept up with (at
 * its planned rate), or the rate a source-limited step offered (a lower bound).
 * `atLeast`: the renderer was not found wanting above it (the ladder, or the
 * source, ended first). `fellBehindBelow`: lower rates it fell behind at, which
 * on a loaded machine is noise worth showing, not a limit.
 */
export function highestSustained(steps: readonly StepFigures[], ladderTop: number): { rate: number; atLeast: boolean; fellBehindBelow: number[] } {
  let rate = 0;
  let sourceLimited = false;
  for (const s of steps) {
    if (s.verdict === 'kept up' && s.plannedRate > rate) {
      rate = s.plannedRate;
      sourceLimited = false;
    } else if (s.verdict === 'source-limited' && s.sendRate > rate) {
      rate = s.sendRate;
      sourceLimited = true;
    }
  }
  const failedAbove = steps.some((s) => s.verdict === 'fell behind' && s.plannedRate > rate);
  return {
    rate,
    atLeast: !failedAbove && (sourceLimited || rate >= ladderTop),
    fellBehindBelow: steps.filter((s) => s.verdict === 'fell behind' && s.plannedRate < rate).map((s) => s.plannedRate),
  };
}
