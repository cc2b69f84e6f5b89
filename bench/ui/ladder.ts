// One renderer through the rate ladder: a warm-up, then each rate for a fixed
// time, waiting (bounded) for the step's newest message to reach the DOM
// before the next. A step whose backlog does not clear ends the climb: later
// steps would only measure the backlog.
import type { Page } from 'playwright';
import { analyzeStep, samplesOf, type StepFigures } from './analysis';
import { domNodes, jsHeapMb, pageTimes, takeSamples, waitSeen, type PageTimes } from './chromium';
import type { MainStats } from './preview-messages';
import type { PreviewProcess } from './preview-process';
import { markerBody } from './marker';
import { streamAtRate } from './sender';
import type { Tap } from './tap';

export interface LadderTarget {
  readonly name: string;
  readonly page: Page;
  post(bodies: string[]): Promise<void>;
  /** The process hosting the services (Beacon's preview host); none for the naive page. */
  readonly main: PreviewProcess | null;
  /** A bare subscriber to the same thread (the control). */
  readonly tap: Tap;
}

export interface StepRecord {
  readonly figures: StepFigures;
  /** Messages streamed into the thread so far (warm-up included). */
  readonly threadLength: number;
  readonly domNodes: number;
  readonly heapMb: number;
  readonly main: MainStats | null;
  /** The page's main-thread time during the step (tasks, of which script and layout + style), ms. */
  readonly page: PageTimes;
  /** This process's CPU (sender, control client, Playwright) over the step, % of one core. */
  readonly benchCpuPct: number;
  /** The page's long tasks during the step: the longest (ms) and how many. */
  readonly longestTaskMs: number;
  readonly longTasks: number;
}

export interface LadderOptions {
  readonly rates: readonly number[];
  readonly seconds: number;
  /** How long a step's newest message may take to reach the DOM after sending stops. */
  readonly drainMs: number;
  readonly log: (line: string) => void;
}

/** Where the stream indexes of a ladder start (messages already streamed into the thread). */
export interface LadderStart {
  readonly firstK: number;
}

export interface LadderResult {
  readonly steps: StepRecord[];
  /** The next stream index (= messages sent into the thread). */
  readonly nextK: number;
  /** False when a step's backlog never cleared (the page is then of no further use). */
  readonly clear: boolean;
}

const WARM_UP = { rate: 100, seconds: 1 } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLadder(t: LadderTarget, o: LadderOptions, start: LadderStart = { firstK: 0 }): Promise<LadderResult> {
  // The path works end to end before anything is timed.
  const k0 = start.firstK;
  await t.post([markerBody(k0, Date.now())]);
  if (!(await waitSeen(t.page, k0, 30_000))) throw new Error(`${t.name}: the first message never reached the timeline`);
  const warm = await streamAtRate((b) => t.post(b), { ...WARM_UP, firstK: k0 + 1 });
  await waitSeen(t.page, k0 + warm.count, o.drainMs);
  await sleep(300);
  await takeSamples(t.page);
  t.tap.take();
  await t.main?.batches();
  let k = k0 + 1 + warm.count;

  const steps: StepRecord[] = [];
  const times = await pageTimes(t.page);
  try {
    for (const rate of o.rates) {
      await t.main?.stats({ reset: true });
      const before = await times.read();
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      const stream = await streamAtRate((b) => t.post(b), { rate, seconds: o.seconds, firstK: k });
      const lastK = k + stream.count - 1;
      const drained = await waitSeen(t.page, lastK, o.drainMs);
      await sleep(300);
      const benchCpu = process.cpuUsage(cpu0);
      const benchCpuPct = ((benchCpu.user + benchCpu.system) / 1000 / (performance.now() - wall0)) * 100;
      const after = await times.read();
      const taken = await takeSamples(t.page);
      const figures = analyzeStep(stream, rate, {
        dom: samplesOf(taken.dom, k, stream.count),
        arrivals: samplesOf(taken.arrivals, k, stream.count),
        tap: samplesOf(t.tap.take(), k, stream.count),
        ...(t.main ? { main: samplesOf(await t.main.batches(), k, stream.count) } : {}),
      });
      const main = t.main ? await t.main.stats() : null;
      k += stream.count;
      const record: StepRecord = {
        figures,
        threadLength: k,
        domNodes: await domNodes(t.page),
        heapMb: await jsHeapMb(t.page),
        main,
        page: {
          taskMs: after.taskMs - before.taskMs,
          scriptMs: after.scriptMs - before.scriptMs,
          layoutMs: after.layoutMs - before.layoutMs,
          styleMs: after.styleMs - before.styleMs,
        },
        benchCpuPct,
      longestTaskMs: Math.max(0, ...taken.longTasks),
        longTasks: taken.longTasks.length,
      };
      steps.push(record);
      o.log(describeStep(t.name, record));
      if (!drained) return { steps, nextK: k, clear: false };
    }
  } finally {
    await times.close();
  }
  return { steps, nextK: k, clear: true };
}

const ms = (n: number | null) => (n === null ? '-' : `${Math.round(n)} ms`);

export function describeStep(name: string, r: StepRecord): string {
  const f = r.figures;
  const main = r.main ? `; main: max delay ${ms(r.main.maxDelayMs)} (own block ${ms(r.main.maxOwnBlockMs)}), CPU ${Math.round((r.main.cpuMs / r.main.wallMs) * 100)} % of a core` : '';
  return (
    `  ${name} @ ${f.plannedRate} msg/s: sent ${f.sent} (offered ${Math.round(f.sendRate)}/s), in DOM ${f.rendered}, p50 ${ms(f.p50)}, p99 ${ms(f.p99)} ` +
    `(batch out of main p50 ${ms(f.mainP50)}, p99 ${ms(f.mainP99)}; at the page p50 ${ms(f.toPageP50)}, p99 ${ms(f.toPageP99)}; bare relay client p50 ${ms(f.tapP50)}, p99 ${ms(f.tapP99)}), last ${ms(f.lastLatency)}: ${f.verdict}${f.why ? ` (${f.why})` : ''}; ` +
    `DOM ${r.domNodes} nodes, heap ${r.heapMb.toFixed(1)} MB, page main thread ${ms(r.page.taskMs)} (script ${ms(r.page.scriptMs)}, layout+style ${ms(r.page.layoutMs + r.page.styleMs)}), long tasks ${r.longTasks} (longest ${ms(r.longestTaskMs)})${main}; bench process ${Math.round(r.benchCpuPct)} % of a core`
  );
}
