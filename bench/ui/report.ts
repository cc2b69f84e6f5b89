// The end-of-run summary: one table per question, targets beside the figures.
import { highestSustained } from './analysis';
import type { StepRecord } from './ladder';
import type { MainStats } from './preview-messages';
import type { BurstResult, WideResult } from './scenarios';

export interface Report {
  readonly rates: readonly number[];
  readonly seconds: number;
  readonly beacon: StepRecord[] | null;
  readonly naive: StepRecord[] | null;
  readonly longThread: BurstResult | null;
  readonly wide: WideResult | null;
}

const fmt = (n: number | null | undefined, d = 0) =>
  n === null || n === undefined ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function ladderRows(name: string, steps: StepRecord[]): string[][] {
  return steps.map((s) => {
    const f = s.figures;
    return [
      name,
      fmt(f.plannedRate),
      `${fmt(f.sent)} @ ${fmt(f.sendRate)}/s`,
      fmt(f.rendered),
      fmt(f.p50),
      fmt(f.p99),
      fmt(f.max),
      fmt(f.lastLatency),
      `${fmt(f.mainP50)} / ${fmt(f.mainP99)}`,
      `${fmt(f.toPageP50)} / ${fmt(f.toPageP99)}`,
      `${fmt(f.tapP50)} / ${fmt(f.tapP99)}`,
      fmt(f.climb),
      fmt(f.deliveredRate),
      fmt(s.domNodes),
      fmt(s.heapMb, 1),
      s.main ? `${fmt(s.main.maxDelayMs)} / ${fmt(s.main.maxOwnBlockMs)}` : '-',
      f.verdict,
    ];
  });
}

export function printReport(r: Report): void {
  const out: string[] = [];
  out.push(`\nSend → DOM latency, ${r.seconds} s per rate (ms; Beacon samples the rows it mounts at the bottom, the naive page every message;
  last = the step's newest message; main = until Beacon's main had written the batch to the page's socket; page = until the frame reached the page's socket; bare = a bare relay client in the bench process (sender + relay + machine load alone);
  climb = median latency of the step's last third − first third, DOM adv. = how fast the newest message in the DOM advanced)`);
  out.push(
    table(
      ['renderer', 'rate/s', 'sent @ offered/s', 'in DOM', 'p50', 'p99', 'max', 'last', 'main p50/p99', 'page p50/p99', 'bare p50/p99', 'climb', 'DOM adv./s', 'DOM nodes', 'heap MB', 'main delay/own', 'verdict'],
      [...ladderRows('Beacon', r.beacon ?? []), ...ladderRows('naive', r.naive ?? [])],
    ),
  );
  for (const [name, steps] of [['Beacon', r.beacon], ['naive', r.naive]] as const) {
    for (const s of steps ?? []) if (s.figures.why) out.push(`  ${name} @ ${fmt(s.figures.plannedRate)}/s: ${s.figures.why}`);
  }

  out.push('\nTargets');
  const top = Math.max(...r.rates);
  const b = r.beacon ? highestSustained(r.beacon.map((s) => s.figures), top) : null;
  const n = r.naive ? highestSustained(r.naive.map((s) => s.figures), top) : null;
  const show = (h: ReturnType<typeof highestSustained> | null) =>
    h ? `${h.atLeast ? '≥ ' : ''}${fmt(h.rate)} msg/s${h.fellBehindBelow.length ? ` (though it fell behind at ${h.fellBehindBelow.map((x) => fmt(x)).join(', ')})` : ''}` : 'not run';
  out.push(`  highest sustained rate: Beacon ${show(b)}, naive ${show(n)}`);
  if (b && n) {
    if (n.rate === 0) out.push(`  ratio: the naive renderer kept up with no rate on the ladder; Beacon ${show(b)}`);
    else {
      const ratio = b.rate / n.rate;
      // A lower bound when Beacon's figure is; inconclusive when only the naive one's is.
      const bound = b.atLeast && !n.atLeast ? '≥ ' : !b.atLeast && n.atLeast ? '≤ ' : '';
      out.push(`  Beacon / naive: ${bound}${fmt(ratio, 1)}× (target ≥ 10×: ${bound === '≤ ' ? 'inconclusive' : verdict(ratio >= 10)})`);
    }
  }
  const at1000 = r.beacon?.find((s) => s.figures.plannedRate === 1000)?.figures;
  if (at1000) out.push(`  Beacon p99 at 1 000 msg/s: ${fmt(at1000.p99)} ms (target ≤ 50 ms: ${verdict(at1000.p99 !== null && at1000.p99 <= 50)})`);
  const naive1000 = r.naive?.find((s) => s.figures.plannedRate === 1000)?.figures;
  if (naive1000) out.push(`  naive p99 at 1 000 msg/s: ${fmt(naive1000.p99)} ms`);

  const first = r.beacon?.[0];
  if (r.longThread && first) {
    const l = r.longThread;
    const bounded = l.domNodes <= first.domNodes * 1.2 + 50;
    out.push(
      `  Beacon window DOM: ${fmt(first.domNodes)} nodes at ${fmt(first.threadLength)} messages, ${fmt(l.domNodes)} at ${fmt(l.threadLength)} ` +
        `(bounded, target independent of length: ${verdict(bounded)}); JS heap ${fmt(first.heapMb, 1)} MB → ${fmt(l.heapMb, 1)} MB`,
    );
  }
  const lastNaive = r.naive?.[r.naive.length - 1];
  if (lastNaive) out.push(`  naive window DOM: ${fmt(lastNaive.domNodes)} nodes, JS heap ${fmt(lastNaive.heapMb, 1)} MB at ${fmt(lastNaive.threadLength)} messages`);

  const blocks: [string, MainStats][] = [];
  for (const s of r.beacon ?? []) if (s.main) blocks.push([`${fmt(s.figures.plannedRate)} msg/s stream`, s.main]);
  if (r.longThread?.main) blocks.push([`${fmt(r.longThread.count)}-message burst`, r.longThread.main]);
  if (r.wide) blocks.push([`${fmt(r.wide.threads * r.wide.perThread)}-message replay (50 threads)`, r.wide.during]);
  if (blocks.length) {
    const worstOwn = Math.max(...blocks.map(([, m]) => m.maxOwnBlockMs));
    out.push('  main (preview host) longest event-loop stall, wall / of it own main-thread CPU (the rest is waiting for a CPU on this loaded machine):');
    out.push(`    ${blocks.map(([w, m]) => `${w} ${fmt(m.maxDelayMs)} / ${fmt(m.maxOwnBlockMs)} ms`).join('; ')}`);
    out.push(`    longest block by main's own work ${fmt(worstOwn)} ms (target ≤ 50 ms: ${verdict(worstOwn <= 50)})`);
  }
  if (r.longThread) {
    const l = r.longThread;
    out.push(`  burst of ${fmt(l.count)} messages (posted as fast as the relay takes them): newest in the DOM ${fmt(l.drainMs)} ms after the first post`);
  }
  if (r.wide) {
    const w = r.wide;
    out.push(
      `  main RSS with ${w.threads} threads × ${fmt(w.perThread)} messages: ${fmt(w.after.rssMb, 1)} MB, ${fmt(w.afterGc.rssMb, 1)} MB after a GC ` +
        `(+${fmt(w.afterGc.rssMb - w.before.rssMb, 1)} MB over the signed-out host's ${fmt(w.before.rssMb, 1)} MB, which holds tsx and the preview's vite/rollup build tooling the Electron main never loads); ` +
        `JS heap ${fmt(w.afterGc.heapUsedMb, 1)} MB (+${fmt(w.afterGc.heapUsedMb - w.before.heapUsedMb, 1)} MB); all stored ${fmt(w.loadMs)} ms after sign-in`,
    );
  }
  console.log(out.join('\n'));
}
