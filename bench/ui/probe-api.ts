// What the in-page probe (browser/probe.ts) exposes on globalThis, typed
// once for the bench (Node) and the probe (browser). No DOM types here.

export const PROBE_GLOBAL = '__beaconUiBench';

/** Parallel arrays (cheap to move out of the page): stream index, send time, first time seen in the timeline. */
export interface ProbeSamples {
  k: number[];
  sent: number[];
  seen: number[];
}

/** What a take() moves out of the page. */
export interface ProbeTake {
  /** Each marked message's first appearance in the timeline. */
  dom: ProbeSamples;
  /** Per WebSocket frame the page received, the newest marker in it and when it arrived (`seen`), before any page code ran. */
  arrivals: ProbeSamples;
  /** Durations of the page's long tasks (≥ 50 ms on its main thread), ms. */
  longTasks: number[];
}

export interface ProbeApi {
  /** Everything recorded since the last take; clears it. */
  take(): ProbeTake;
  /** The highest stream index seen in the timeline so far (-1 before any). */
  maxSeen(): number;
  /** Every element in the document. */
  domNodes(): number;
}

export type ProbeWindow = { readonly [PROBE_GLOBAL]?: ProbeApi };
