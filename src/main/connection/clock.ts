// Time as an injectable dependency, so backoff and heartbeat logic can be
// tested with a fake clock instead of real waits.
export type TimerHandle = { readonly __timer: unique symbol } | object;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A source of uniform numbers in [0, 1); Math.random unless a test pins it. */
export type RandomSource = () => number;
