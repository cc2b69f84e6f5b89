// What the in-page probe (browser/probe.ts) exposes on globalThis, typed
// once for the bench (Node) and the probe (browser). No DOM types here.

export const PROBE_GLOBAL = '__beaconUiBench';

/** Parallel arrays (cheap to move out of the page): stream index, send time, first time seen in the timeline. */
export interface ProbeSamples {
  k: number[];
  sent: number[];
  seen: number[];
}

export interface ProbeApi {
  /** Samples recorded since the last take, in the order they were seen; clears them. */
  take(): ProbeSamples;
  /** The highest stream index seen in the timeline so far (-1 before any). */
  maxSeen(): number;
  /** Every element in the document. */
  domNodes(): number;
}

export type ProbeWindow = { readonly [PROBE_GLOBAL]?: ProbeApi };
