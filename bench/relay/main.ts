// `npm run bench:relay [-- --only fanout1000,fanout5000,senders,storm,idle --seconds 3 --cpu-prof DIR]`
// The reference relay at scale (issue 10, "Scale: measure it"), each figure on
// a relay of its own, run as its real CLI in a child process (so its CPU, read
// from /proc, is its alone); the clients are plain `ws` sockets in this
// process; all traffic on 127.0.0.1. Prints:
// - fan-out: one sender posting into a thread followed by 1 000, then 5 000
//   subscribers, at a ladder of rates: latency p50/p99 (send → arrival at each
//   subscriber) and the highest sustained rate (bench/relay/fanout.ts);
// - 100 senders: 100 members of one thread each sending and each subscribed;
// - the connect storm: 5 000 users of one thread connect (bench/relay-connect.ts);
// - relay RSS per idle connection (bench/relay/idle.ts).
// The machine is shared: each rung also shows the CPU every other process
// used meanwhile, so a rung lost to someone else's load can be told apart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, ROOT, type Figures } from '../relay-connect';
import { KEPT_UP_P99_MS, runFanout, type FanoutResult, type FanoutScenario, type Rung } from './fanout';
import { runIdle, type IdleResult } from './idle';

const TARGET = { subscribers: 1000, rate: 500, p99Ms: 100, stormUsers: 5000, stormCpuS: 10, idleKB: 10 };
const PARTS = ['fanout1000', 'fanout5000', 'senders', 'storm', 'idle'] as const;
type Part = (typeof PARTS)[number];

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;
const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');

function printFanout(r: FanoutResult): void {
  const sc = r.scenario;
  console.log(`\n${sc.label}: ${sc.senders} sender(s) → ${sc.subscribers} subscribers of one thread, ${sc.seconds} s per rung (connected in ${r.connectS.toFixed(1)} s)`);
  console.log('   rate  offered   p50 ms   p99 ms   max ms  delivered  relay CPU  µs/delivery  clients CPU  others  kept up');
  for (const g of r.rungs) {
    console.log(
      `${String(g.rate).padStart(7)} ${g.offered.toFixed(0).padStart(8)} ${ms(g.p50).padStart(8)} ${ms(g.p99).padStart(8)} ${ms(g.maxMs).padStart(8)} ${(g.deliveredShare * 100).toFixed(1).padStart(9)}% ${pct(g.relayCpu).padStart(10)} ${g.relayUsPerDelivery.toFixed(2).padStart(12)} ${pct(g.clientCpu).padStart(12)} ${pct(g.otherCpu).padStart(7)}  ${g.keptUp ? 'yes' : `no${g.closed ? ` (${g.closed} closed)` : ''}${limitOf(g)}`}`,
    );
  }
  console.log(`  highest sustained rate: ${r.sustained ? `${r.sustained.rate} msg/s (p50 ${ms(r.sustained.p50)} ms, p99 ${ms(r.sustained.p99)} ms)` : 'none of the rungs'}`);
}

/** Which side ran out of CPU on a rung not kept up: the clients (one process, one core's worth), the relay, or neither (others' load, or the network path). */
function limitOf(g: Rung): string {
  if (g.clientCpu >= 0.95 && g.relayCpu < 0.9) return ', clients at one core';
  if (g.relayCpu >= 0.9) return ', relay at one core';
  if (g.otherCpu >= 0.5) return ', machine busy with others';
  return '';
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, seconds: { type: 'string' }, 'cpu-prof': { type: 'string' } } });
  const only = new Set((values.only ?? PARTS.join(',')).split(',') as Part[]);
  const seconds = Math.min(30, Math.max(1, Number(values.seconds ?? 3) || 3));
  const prof = values['cpu-prof'];
  const relayNodeArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : undefined;
  const fan = (label: string, subscribers: number, senders: number, sendersSubscribe: boolean, rates: number[]): FanoutScenario => ({
    label, subscribers, senders, sendersSubscribe, rates, seconds, ...(relayNodeArgs ? { relayNodeArgs } : {}),
  });
  console.log(`bench:relay — relay child process, clients in this process, 127.0.0.1; a rung is kept up when every message reached every subscriber, ≥ 95 % of the planned rate was offered and p99 ≤ ${KEPT_UP_P99_MS} ms`);

  const fanouts: FanoutResult[] = [];
  if (only.has('fanout1000')) fanouts.push(await runFanout(fan('fan-out 1 000', 1000, 1, false, [100, 200, 500, 750, 1000, 1500]), log));
  if (only.has('fanout5000')) fanouts.push(await runFanout(fan('fan-out 5 000', 5000, 1, false, [20, 50, 100, 150, 200, 300]), log));
  if (only.has('senders')) fanouts.push(await runFanout(fan('100 senders', 100, 100, true, [500, 1000, 2000, 4000, 6000, 8000]), log));
  for (const r of fanouts) printFanout(r);

  let storm: Figures | null = null;
  if (only.has('storm')) {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-bench-relay-'));
    try {
      storm = await measure(ROOT, TARGET.stormUsers, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`\nconnect storm: ${storm.n} users of one thread connect, 100 at a time: ${storm.wallS.toFixed(1)} s wall, relay CPU ${storm.cpuS.toFixed(2)} s (${((storm.cpuS / storm.n) * 1000).toFixed(2)} ms per connect), relay RSS growth ${storm.rssPerConnKB.toFixed(1)} KB per connection (storm buffers included)`);
  }

  let idle: IdleResult | null = null;
  if (only.has('idle')) {
    idle = await runIdle(1000, 5000, log);
    console.log(`\nidle connections: relay RSS ${(idle.rssBaseKB / 1024).toFixed(1)} MiB with ${idle.base}, ${(idle.rssTotalKB / 1024).toFixed(1)} MiB with ${idle.total}: ${idle.perConnKB.toFixed(1)} KB per idle connection`);
  }

  console.log('\ntargets (this 2-core machine):');
  const f1000 = fanouts.find((r) => r.scenario.subscribers === TARGET.subscribers && !r.scenario.sendersSubscribe);
  if (f1000) {
    const at = f1000.rungs.find((g) => g.rate === TARGET.rate);
    const ok = !!at && at.keptUp && at.p99 <= TARGET.p99Ms;
    console.log(`  1 000 subscribers at ${TARGET.rate} msg/s, p99 ≤ ${TARGET.p99Ms} ms: ${at ? `p99 ${ms(at.p99)} ms, ${(at.deliveredShare * 100).toFixed(1)} % delivered (other processes used ${pct(at.otherCpu)} of a core meanwhile)` : 'rung not reached'} — ${verdict(ok)}`);
  }
  if (storm) console.log(`  ${TARGET.stormUsers} users connect in ≤ ${TARGET.stormCpuS} s of relay CPU: ${storm.cpuS.toFixed(2)} s — ${verdict(storm.cpuS <= TARGET.stormCpuS)}`);
  if (idle) console.log(`  ≤ ${TARGET.idleKB} KB per idle connection: ${idle.perConnKB.toFixed(1)} KB — ${verdict(idle.perConnKB <= TARGET.idleKB)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
