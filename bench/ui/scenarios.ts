// The two scenarios besides the ladder: a long thread (window heap and DOM
// size with 100 000 messages, main's longest block while a burst is stored)
// and a wide workspace (main's RSS with 50 threads × 1 000 messages).
import type { Browser, Page } from 'playwright';
import { analyzeStep, samplesOf, type StepFigures } from './analysis';
import { poll, signIn, threadsHolding } from './beacon-page';
import { domNodes, jsHeapMb, probedPage, takeSamples, waitSeen } from './chromium';
import { markerBody } from './marker';
import type { MainStats } from './preview-messages';
import { startPreviewProcess } from './preview-process';
import { WIDE_THREADS, WIDE_USER, type BenchRelay } from './relay';

const BURST_POST = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BurstResult {
  readonly count: number;
  /** First post → the newest message in the DOM, ms (null: it never got there). */
  readonly drainMs: number | null;
  readonly figures: StepFigures;
  readonly main: MainStats | null;
  readonly threadLength: number;
  readonly domNodes: number;
  readonly heapMb: number;
}

/** Posts messages k0 … total−1 as fast as the relay takes them (5 000 per post), then waits for the newest in the DOM. */
export async function burstTo(
  page: Page,
  post: (bodies: string[]) => Promise<void>,
  main: { stats(o?: { reset?: boolean }): Promise<MainStats> } | null,
  k0: number,
  total: number,
  timeoutMs: number,
): Promise<BurstResult> {
  await main?.stats({ reset: true });
  const firstSentAt = Date.now();
  let lastSentAt = firstSentAt;
  for (let k = k0; k < total; k += BURST_POST) {
    lastSentAt = Date.now();
    await post(Array.from({ length: Math.min(BURST_POST, total - k) }, (_, i) => markerBody(k + i, lastSentAt)));
  }
  const count = total - k0;
  const reached = await waitSeen(page, total - 1, timeoutMs);
  const taken = await takeSamples(page);
  const samples = samplesOf(taken.dom, k0, count);
  const last = samples.k.indexOf(total - 1);
  const drainMs = reached && last >= 0 ? samples.seen[last]! - firstSentAt : null;
  await sleep(500);
  const stats = main ? await main.stats() : null;
  const spanS = Math.max(0.001, (lastSentAt - firstSentAt) / 1000);
  const figures = analyzeStep({ firstK: k0, count, firstSentAt, lastSentAt, achievedRate: count / spanS, posts: Math.ceil(count / BURST_POST) }, count / spanS, {
    dom: samples,
    arrivals: samplesOf(taken.arrivals, k0, count),
  });
  return { count, drainMs, figures, main: stats, threadLength: total, domNodes: await domNodes(page), heapMb: await jsHeapMb(page) };
}

export interface WideResult {
  readonly threads: number;
  readonly perThread: number;
  /** Before sign-in, after a GC. */
  readonly before: MainStats;
  /** Every message stored, settled 2 s, without and with a GC. */
  readonly after: MainStats;
  readonly afterGc: MainStats;
  /** Sign-in → every message counted unread in main, ms. */
  readonly loadMs: number;
  /** Main's figures from sign-in until everything was stored (event-loop delay, own blocks, CPU). */
  readonly during: MainStats;
}

/**
 * A fresh preview host (its own process, so RSS is not inflated by the ladder
 * run) signs in as a user with 50 threads of 1 000 retained messages each;
 * the engine subscribes to all and the relay replays 50 000 messages at once.
 */
export async function wideWorkspace(
  browser: Browser,
  probeScript: string,
  relay: BenchRelay,
  rendererDir: string,
  dataDir: string,
  perThread: number,
  cpuProfileDir?: string,
): Promise<WideResult> {
  for (const id of WIDE_THREADS) {
    await relay.post(id, Array.from({ length: perThread }, (_, i) => `${id} message ${i + 1}: the quick brown fox jumps over the lazy dog`));
  }
  const host = await startPreviewProcess(rendererDir, dataDir, cpuProfileDir);
  const page = await probedPage(browser, probeScript);
  try {
    await page.goto(host.launchUrl);
    await sleep(1_000);
    const before = await host.stats({ gc: true, reset: true });
    const t0 = Date.now();
    await signIn(page, host.launchUrl, relay.process.url, await relay.token(WIDE_USER));
    const newest = `message ${perThread}:`;
    // Each poll is 50 calls into main: every 200 ms, so the polling itself stays a small part of what main does.
    await poll('main to hold every message of the 50 threads', async () => (await threadsHolding(page, WIDE_THREADS, newest)) === WIDE_THREADS.length, 120_000, 200);
    const loadMs = Date.now() - t0;
    const during = await host.stats();
    await sleep(2_000);
    const after = await host.stats();
    const afterGc = await host.stats({ gc: true });
    return { threads: WIDE_THREADS.length, perThread, before, after, afterGc, loadMs, during };
  } finally {
    await page.context().close();
    await host.close();
  }
}
