import { pollUntil, sleep } from '../../support/wait';

export { sleep };

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000, everyMs = 10): Promise<void> {
  await pollUntil(what, cond, Boolean, { timeoutMs, everyMs });
}
