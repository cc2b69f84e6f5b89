// Polling waits: tests wait for conditions, never for fixed sleeps. Each
// suite's helper (until, waitFor) states its own acceptance rule over this loop.

export interface PollOptions {
  timeoutMs: number;
  everyMs: number;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Reads every `everyMs` until `accept` takes the value, and returns it; after
 * `timeoutMs` fails naming `what` (a function, to describe the last attempt).
 */
export async function pollUntil<T>(
  what: string | (() => string),
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs, everyMs }: PollOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await sleep(everyMs);
  }
}
