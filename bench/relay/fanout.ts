// Fan-out: S senders post into one thread that N subscribers follow, at a
// ladder of rates. Each message's body carries its rung and the sender's
// performance.now() at the moment of ws.send; every subscriber, in this same
// process (one clock), records arrival − send time. The relay is a child
// process of its own, so its CPU (from /proc) is its alone.
//
// A rung is kept up when every message reached every subscriber (no socket
// closed), the rate offered was at least 95 % of the planned one, and p99
// stayed ≤ KEPT_UP_P99_MS; the highest sustained rate is the highest rung kept
// up with. The climb stops at the first rung not kept up (bounded run).
import type { WebSocket } from 'ws';
import { killRelay, spawnRelay } from '../../src/relay/child-process';
import { closeAll, connectAll } from './clients';
import { Histogram } from './latency';
import { BENCH_ADMIN, BENCH_SECRET } from '../relay-child';
import { machineBusyS, procStat, quiet, sleep } from './proc';

const THREAD = 'room';
/** A rung whose p99 passes this has let a queue build up: it is not kept up. */
export const KEPT_UP_P99_MS = 500;
/** How long the deliveries of a rung may trail its last send. */
const DRAIN_MS = 5_000;
const WARMUP_S = 1;
/** A chat-sized body: the stamp, then padding. */
const BODY_CHARS = 100;

export interface FanoutScenario {
  label: string;
  subscribers: number;
  senders: number;
  /** The senders are subscribers too (each is sent every message, its own included). */
  sendersSubscribe: boolean;
  rates: number[];
  seconds: number;
  /** Node flags for the relay child, e.g. ['--cpu-prof', '--cpu-prof-dir=DIR']. */
  relayNodeArgs?: string[];
}

export interface Rung {
  rate: number;
  /** What was actually offered: messages over the span of the sends, per second. */
  offered: number;
  sent: number;
  /** Share of the sent × subscribers deliveries that arrived within DRAIN_MS. */
  deliveredShare: number;
  p50: number;
  p99: number;
  maxMs: number;
  /** Relay CPU over the rung (first send to the end of its drain), as a share of one core. */
  relayCpu: number;
  /** This process's (the clients') CPU over the same span. */
  clientCpu: number;
  /** Every other process on the machine over the same span (the machine is shared): cores busy. */
  otherCpu: number;
  /** Relay CPU per delivery (one message to one subscriber), µs: what the relay's own limit follows from. */
  relayUsPerDelivery: number;
  closed: number;
  keptUp: boolean;
}

export interface FanoutResult {
  scenario: FanoutScenario;
  rungs: Rung[];
  /** The highest rung kept up with, or null. */
  sustained: Rung | null;
  connectS: number;
}

const BODY_KEY = Buffer.from('"body":"');

/** Rung and send time from a message frame's body ("rung:time:padding"), or null for any other frame. */
function stamp(data: Buffer): { rung: number; t: number } | null {
  const at = data.indexOf(BODY_KEY);
  if (at < 0) return null;
  const text = data.toString('latin1', at + BODY_KEY.length, at + BODY_KEY.length + 32);
  const a = text.indexOf(':');
  const b = text.indexOf(':', a + 1);
  if (a < 0 || b < 0) return null;
  return { rung: Number(text.slice(0, a)), t: Number(text.slice(a + 1, b)) };
}

class Tally {
  rung = -1;
  hist = new Histogram();
  delivered = 0;
  lastAt = 0;
  closed = 0;

  start(rung: number): void {
    this.rung = rung;
    this.hist = new Histogram();
    this.delivered = 0;
    this.lastAt = 0;
  }

  listen(ws: WebSocket): void {
    ws.on('message', (data: Buffer) => {
      const now = performance.now();
      const s = stamp(data);
      if (!s || s.rung !== this.rung) return;
      this.hist.add(now - s.t);
      this.delivered++;
      this.lastAt = now;
    });
    ws.on('close', () => this.closed++);
  }
}

async function runRung(index: number, rate: number, seconds: number, senders: WebSocket[], subscribers: number, tally: Tally, relayPid: number): Promise<Rung> {
  const total = Math.max(1, Math.round(rate * seconds));
  const pad = 'x'.repeat(BODY_CHARS);
  tally.start(index);
  const closedBefore = tally.closed;
  const cpu0 = procStat(relayPid).cpuS;
  const client0 = process.cpuUsage();
  const machine0 = machineBusyS();
  const t0 = performance.now();
  let sent = 0;
  let lastSend = t0;
  // Paced in 1 ms steps: each step sends what is due by now, so a late timer sends a small burst, not fewer.
  for (let guard = 0; sent < total && guard < seconds * 20_000; guard++) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    while (sent < due) {
      const ws = senders[sent % senders.length] as WebSocket;
      const t = performance.now();
      const body = `${index}:${t.toFixed(3)}:${pad}`.slice(0, BODY_CHARS);
      ws.send(`{"type":"send","thread_id":"${THREAD}","client_id":"r${index}-${sent}","body":"${body}"}`);
      lastSend = t;
      sent++;
    }
    await sleep(1);
  }
  const expected = sent * subscribers;
  const drainUntil = performance.now() + DRAIN_MS;
  while (tally.delivered < expected && performance.now() < drainUntil && tally.closed === closedBefore) await sleep(5);
  // CPU is read now, so it is shared over the time up to now (the drain included).
  const spanS = Math.max(1e-3, (performance.now() - t0) / 1000);
  const c = process.cpuUsage(client0);
  const relayCpu = (procStat(relayPid).cpuS - cpu0) / spanS;
  const clientCpu = (c.user + c.system) / 1e6 / spanS;
  const offered = sent > 1 ? (sent - 1) / Math.max(1e-3, (lastSend - t0) / 1000) : sent;
  const p99 = tally.hist.quantile(0.99);
  const deliveredShare = tally.delivered / expected;
  const closed = tally.closed - closedBefore;
  return {
    rate,
    offered,
    sent,
    deliveredShare,
    p50: tally.hist.quantile(0.5),
    p99,
    maxMs: tally.hist.maxMs,
    relayCpu,
    clientCpu,
    relayUsPerDelivery: tally.delivered > 0 ? (relayCpu * spanS * 1e6) / tally.delivered : NaN,
    otherCpu: Math.max(0, (machineBusyS() - machine0) / spanS - relayCpu - clientCpu),
    closed,
    keptUp: deliveredShare === 1 && closed === 0 && offered >= 0.95 * rate && p99 <= KEPT_UP_P99_MS,
  };
}

export async function runFanout(sc: FanoutScenario, log: (line: string) => void): Promise<FanoutResult> {
  const subs = Array.from({ length: sc.subscribers }, (_, i) => `sub${i}`);
  const senderIds = sc.sendersSubscribe ? subs.slice(0, sc.senders) : Array.from({ length: sc.senders }, (_, i) => `snd${i}`);
  const members = sc.sendersSubscribe ? subs : [...subs, ...senderIds];
  const relay = await spawnRelay({
    workspace: { users: [], threads: [{ id: THREAD, title: 'Room', members }] },
    adminToken: BENCH_ADMIN,
    secret: BENCH_SECRET,
    extra: ['--idle-timeout', '3600000', '--history', '1000'], // the clients stay silent
    ...(sc.relayNodeArgs ? { nodeArgs: sc.relayNodeArgs } : {}),
  });
  const pid = relay.child.pid as number;
  let sockets: WebSocket[] = [];
  try {
    const c0 = performance.now();
    sockets = await connectAll(relay.url, BENCH_SECRET, members, (n) => {
      if (n % 1000 === 0) log(`  ${sc.label}: ${n}/${members.length} connected`);
    });
    const connectS = (performance.now() - c0) / 1000;
    await quiet(pid);
    const subSockets = sockets.slice(0, sc.subscribers);
    const senders = sc.sendersSubscribe ? subSockets.slice(0, sc.senders) : sockets.slice(sc.subscribers);
    const tally = new Tally();
    for (const ws of subSockets) {
      tally.listen(ws);
      ws.send(`{"type":"subscribe","thread_id":"${THREAD}"}`);
    }
    // Warm-up: proves every subscription is in place and lets both sides' JIT settle; not reported.
    const warm = await runRung(0, sc.rates[0] ?? 10, WARMUP_S, senders, sc.subscribers, tally, pid);
    if (warm.deliveredShare < 1) throw new Error(`${sc.label}: warm-up delivered only ${(warm.deliveredShare * 100).toFixed(1)} % (closed ${warm.closed})`);
    const rungs: Rung[] = [];
    for (const [i, rate] of sc.rates.entries()) {
      await quiet(pid, 10_000);
      const r = await runRung(i + 1, rate, sc.seconds, senders, sc.subscribers, tally, pid);
      rungs.push(r);
      log(`  ${sc.label}: ${rate} msg/s → p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, relay CPU ${(r.relayCpu * 100).toFixed(0)} %, clients CPU ${(r.clientCpu * 100).toFixed(0)} %, others ${(r.otherCpu * 100).toFixed(0)} %${r.keptUp ? '' : ' (not kept up)'}`);
      if (!r.keptUp) break;
    }
    const kept = rungs.filter((r) => r.keptUp);
    return { scenario: sc, rungs, sustained: kept[kept.length - 1] ?? null, connectS };
  } finally {
    closeAll(sockets);
    await killRelay(relay, sc.relayNodeArgs ? 'SIGINT' : 'SIGKILL'); // a CPU profile is written on a clean exit only
  }
}
