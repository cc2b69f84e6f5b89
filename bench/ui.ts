// `npm run bench:ui [-- --rates 100,1000,2000,5000,10000,20000 --seconds 3 --drain-ms 10000 --long 100000 --only beacon,naive,wide --cpu-prof DIR --renderer-dir DIR --prefill N]`
// (--prefill: Beacon's thread first gets N messages in one burst, so the ladder runs with a long thread open.)
// (--renderer-dir: a renderer already built there instead of building src/renderer, for A/B runs.)
// (--cpu-prof: each preview host writes a V8 CPU profile into DIR when it closes, and Beacon's page
// one of its ladder, beacon-page.cpuprofile, through CDP.)
// Prints how Beacon's window keeps up with a live stream, against a naive
// renderer, plus window and main-process memory. A script that measures and
// prints, not a test: targets are shown beside the figures.
//
// Method. Everything runs on 127.0.0.1 in separate processes: the reference
// relay (its CLI), the web preview host (real services + host, playing the
// Electron main process, bench/ui/preview-child.ts), Debian's Chromium, and
// this script, which paces the stream through the relay's admin HTTP API
// (bench/ui/sender.ts). Each message's text carries its stream index and the
// sender's Date.now() taken just before the post ("Message 12 ⟦12@1764…⟧").
// A MutationObserver installed before any page script (bench/ui/browser/probe.ts)
// stamps Date.now() when a marker's text first enters a node inside the page's
// role="log"/"feed" region, i.e. as soon as React commits it, before paint.
// Latency = that time − the send time, so it covers HTTP post, relay, socket,
// main's store and ~16 ms batching, IPC to the page, and the render.
// Beacon's timeline is virtualized and only mounts the rows in view; while it
// sticks to the bottom those are the newest, so its samples are "newest
// message rendered" latencies and the rows scrolled past unseen are not
// sampled. The naive renderer mounts every message, so each is a sample.
// Where the time goes, per step: a bare relay client in this process (the
// control: sender, relay and machine load alone, bench/ui/tap.ts), the moment
// Beacon's main has sent the batch carrying the newest message to the page,
// and the moment that frame reaches the page's socket (before page code runs).
// A rate is sustained when the step's newest message reaches the DOM, the
// newest message in the DOM advances at ≥ 90 % of the rate offered (sent, or
// delivered to the control client if less), and latency does not climb from
// the first third of the step to the last beyond what the control client's
// does (bench/ui/analysis.ts); the highest sustained rate is the highest rung
// kept up with. A step whose backlog does not clear within --drain-ms ends
// that renderer's climb (bounded run). Main's longest block is reported twice:
// event-loop delay (monitorEventLoopDelay; on a busy 2-core machine mostly
// waiting for a CPU) and the main thread's own CPU time inside the longest
// stall (bench/ui/block-monitor.ts), which the 50 ms target is judged on.
// Then one burst of at least 20 000 messages, posted as fast as the relay takes
// them, leaves Beacon's thread at least --long messages long (main's longest
// event-loop block while it stores a burst; the window's JS heap after a GC,
// via CDP, and its DOM node count), and a fresh preview host signs in to
// 50 threads × 1 000 retained messages (main's RSS). The naive page
// (bench/ui/browser/naive, one setState per message, every message in the DOM)
// connects straight to the relay with ?token=, as a typical useWebSocket hook does.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright';
import { killRelay } from '../src/relay/child-process';
import { buildRenderer } from '../src/web/build';
import { openThread, signIn } from './ui/beacon-page';
import { bundleProbe } from './ui/bundle';
import { launchChromium, probedPage, profilePage, waitSeen } from './ui/chromium';
import { runLadder, type LadderOptions, type StepRecord } from './ui/ladder';
import { startNaiveServer, type NaiveServer } from './ui/naive-server';
import { startPreviewProcess } from './ui/preview-process';
import { BEACON_THREAD, NAIVE_THREAD, startUiRelay, TAP_USER, type BenchRelay } from './ui/relay';
import { printReport } from './ui/report';
import { burstTo, wideWorkspace, type BurstResult, type WideResult } from './ui/scenarios';
import { startTap } from './ui/tap';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '100,1000,2000,5000,10000,20000' },
    seconds: { type: 'string', default: '3' },
    'drain-ms': { type: 'string', default: '10000' },
    long: { type: 'string', default: '100000' },
    'per-thread': { type: 'string', default: '1000' },
    only: { type: 'string', default: 'beacon,naive,wide' },
    'cpu-prof': { type: 'string' },
    'renderer-dir': { type: 'string' },
    prefill: { type: 'string', default: '0' },
  },
});
const RATES = args.rates.split(',').map(Number);
const SECONDS = Number(args.seconds);
const LONG = Number(args.long);
const PER_THREAD = Number(args['per-thread']);
const PREFILL = Number(args.prefill);
const BURST = 20_000;
const ONLY = new Set(args.only.split(','));
if (RATES.some((r) => !(r > 0 && r <= 100_000)) || !(SECONDS > 0 && SECONDS <= 30) || !(LONG >= 0 && LONG <= 1_000_000) || !(PER_THREAD >= 1 && PER_THREAD <= 1000) || !(PREFILL >= 0 && PREFILL <= 1_000_000)) {
  throw new Error('bad arguments: rates 1..100000 msg/s, seconds 1..30, long 0..1000000, per-thread 1..1000');
}
const LADDER: LadderOptions = { rates: RATES, seconds: SECONDS, drainMs: Number(args['drain-ms']), log: (l) => console.log(l) };

async function beacon(browser: Browser, probe: string, relay: BenchRelay, rendererDir: string, dataDir: string): Promise<{ steps: StepRecord[]; long: BurstResult | null }> {
  const host = await startPreviewProcess(rendererDir, dataDir, args['cpu-prof']);
  const page = await probedPage(browser, probe);
  try {
    await signIn(page, host.launchUrl, relay.process.url, await relay.token(BEACON_THREAD.user));
    await openThread(page, BEACON_THREAD.title);
    const post = (bodies: string[]) => relay.post(BEACON_THREAD.id, bodies);
    const tap = await startTap(relay.process.url, await relay.token(TAP_USER), BEACON_THREAD.id);
    const profiling = args['cpu-prof'] ? await profilePage(page, join(args['cpu-prof'], 'beacon-page.cpuprofile')) : null;
    if (PREFILL > 0) {
      const pre = await burstTo(page, post, host, 0, PREFILL, 120_000);
      console.log(`  Beacon: thread prefilled with ${PREFILL.toLocaleString('en-US')} messages (newest in the DOM after ${pre.drainMs ?? '-'} ms)`);
    }
    const ladder = await runLadder({ name: 'Beacon', page, post, main: host, tap }, LADDER, { firstK: PREFILL }).finally(() => tap.close());
    await profiling?.stop();
    if (!ladder.clear && !(await waitSeen(page, ladder.nextK - 1, 30_000))) return { steps: ladder.steps, long: null };
    // One burst, at least BURST messages, that leaves the thread at least LONG long: main's longest block while
    // it stores a burst, and the window's heap and DOM with a long thread.
    const to = Math.max(LONG, ladder.nextK + BURST);
    console.log(`  Beacon: a burst of ${(to - ladder.nextK).toLocaleString('en-US')} messages takes the thread to ${to.toLocaleString('en-US')}…`);
    return { steps: ladder.steps, long: await burstTo(page, post, host, ladder.nextK, to, 120_000) };
  } catch (error) {
    console.error(`Beacon run failed; the preview host's last log lines:\n${(await host.log().catch(() => [])).join('\n')}`);
    throw error;
  } finally {
    await page.context().close();
    await host.close();
  }
}

async function naive(browser: Browser, probe: string, relay: BenchRelay, server: NaiveServer): Promise<StepRecord[]> {
  const page = await probedPage(browser, probe);
  try {
    await page.goto(server.pageUrl(relay.process.url, await relay.token(NAIVE_THREAD.user), NAIVE_THREAD.id));
    await page
      .locator('header[data-open="yes"]')
      .waitFor({ timeout: 30_000 })
      .catch((e: unknown) => {
        throw new Error(`the naive page never opened its socket to the relay (an Origin the relay refuses?): ${String(e)}`);
      });
    const tap = await startTap(relay.process.url, await relay.token(TAP_USER), NAIVE_THREAD.id);
    const ladder = await runLadder({ name: 'naive', page, post: (b) => relay.post(NAIVE_THREAD.id, b), main: null, tap }, LADDER).finally(() => tap.close());
    return ladder.steps;
  } finally {
    await page.context().close();
  }
}

async function main(): Promise<void> {
  console.log(
    `Beacon UI benchmark: node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown CPU'}), ` +
      `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  const tmp = mkdtempSync(join(os.tmpdir(), 'beacon-bench-ui-'));
  const rendererDir = args['renderer-dir'] ?? join(tmp, 'renderer');
  let relay: BenchRelay | null = null;
  let browser: Browser | null = null;
  let naiveServer: NaiveServer | null = null;
  try {
    const needsRenderer = (ONLY.has('beacon') || ONLY.has('wide')) && args['renderer-dir'] === undefined;
    // The renderer as it is in src/ now, built into a private folder (out/ is shared).
    const [probe] = await Promise.all([bundleProbe(), needsRenderer ? buildRenderer(rendererDir) : Promise.resolve()]);
    // First, so the relay can let the naive page's origin open its socket.
    naiveServer = ONLY.has('naive') ? await startNaiveServer() : null;
    relay = await startUiRelay(naiveServer ? [naiveServer.origin] : []);
    // Interrupted (Ctrl+C, a timeout): the relay child must not outlive the bench.
    const child = relay.process.child;
    process.once('exit', () => child.kill('SIGKILL'));
    browser = await launchChromium();
    console.log(`Chromium ${browser.version()}, relay pid ${relay.process.child.pid}; rates ${RATES.join(', ')} msg/s for ${SECONDS} s each`);
    let beaconRun: { steps: StepRecord[]; long: BurstResult | null } | null = null;
    let naiveSteps: StepRecord[] | null = null;
    let wide: WideResult | null = null;
    if (ONLY.has('beacon')) beaconRun = await beacon(browser, probe, relay, rendererDir, join(tmp, 'beacon-data'));
    if (naiveServer) naiveSteps = await naive(browser, probe, relay, naiveServer);
    if (ONLY.has('wide')) {
      console.log('  main memory: a fresh preview host signs in to 50 threads…');
      wide = await wideWorkspace(browser, probe, relay, rendererDir, join(tmp, 'wide-data'), PER_THREAD, args['cpu-prof']);
    }
    printReport({ rates: RATES, seconds: SECONDS, beacon: beaconRun?.steps ?? null, naive: naiveSteps, longThread: beaconRun?.long ?? null, wide });
  } finally {
    await browser?.close();
    await naiveServer?.close();
    if (relay) await killRelay(relay.process, 'SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench:ui: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
