// `npm run bench:connection [-- --messages N --restarts N --idle-seconds N --rounds N --sends N --only a,b]`
// Prints throughput, recovery, idle-cost and outbox figures for the connection engine
// against the reference relay (a separate process, over loopback). A script
// that measures and prints, not a test: targets are shown beside the figures.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { ConnectionEngine } from '../src/main/connection';
import { mintToken } from '../src/relay';
import { killRelay, postBatch, type RelayProcess } from '../src/relay/child-process';
import { BENCH_SECRET, startBenchRelay } from './relay-child';
import { median, percentile, timeBareStream, timeEngineStream, type Run } from './measure';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    restarts: { type: 'string', default: '20' },
    'idle-seconds': { type: 'string', default: '60' },
    'stable-ms': { type: 'string', default: '2000' },
    only: { type: 'string', default: 'throughput,recovery,idle,outbox' },
    sends: { type: 'string', default: '1000' },
  },
});
const N = Number(args.messages);
const ROUNDS = Number(args.rounds);
const RESTARTS = Number(args.restarts);
const IDLE_S = Number(args['idle-seconds']);
const STABLE_MS = Number(args['stable-ms']);
const ONLY = new Set(args.only.split(','));
const SENDS = Number(args.sends);

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = percentile;
const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** A bare ws client doing only JSON.parse: the physical limit of this stream here. */
function bareRun(url: string, token: string, n: number): Promise<Run> {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, maxPayload: 1_048_576 });
  ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', thread_id: 't1' })));
  return timeBareStream(ws, n);
}

/** Starts bench/burst-proxy.ts in its own process; resolves with its ws URL. */
async function startBurstProxy(upstreamPort: number): Promise<{ url: string; stop: () => void }> {
  const script = fileURLToPath(new URL('./burst-proxy.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--upstream', String(upstreamPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`burst proxy exited (${code})`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  return { url: `ws://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function throughput(): Promise<void> {
  const relay = await startBenchRelay({ history: N });
  try {
    const token = await mintToken(BENCH_SECRET, 'reader');
    for (let i = 0; i < N; i += 10_000) {
      await postBatch(relay.httpUrl, relay.adminToken, 't1', 'bot', Array.from({ length: Math.min(10_000, N - i) }, (_, k) => `message number ${i + k}`));
    }
    // Warm-up: the relay serializes each frame once and caches it; V8 warms both clients.
    await bareRun(relay.url, token, N);
    await timeEngineStream(relay.url, token, Math.min(N, 20_000));
    const live = { raw: [] as Run[], eng: [] as Run[] };
    const burst = { raw: [] as Run[], eng: [] as Run[] };
    const proxy = await startBurstProxy(relay.port);
    try {
      for (let r = 0; r < ROUNDS; r++) {
        live.eng.push(await timeEngineStream(relay.url, token, N));
        live.raw.push(await bareRun(relay.url, token, N));
        burst.eng.push(await timeEngineStream(proxy.url, token, N));
        burst.raw.push(await bareRun(proxy.url, token, N));
      }
    } finally {
      proxy.stop();
    }
    const rate = (xs: Run[]) => median(xs.map((x) => x.rate));
    const cpu = (xs: Run[]) => median(xs.map((x) => x.cpuUs));
    const rates = (xs: Run[]) => xs.map((x) => fmt(x.rate)).join(', ');
    const sample = `{"type":"message","thread_id":"t1","id":"…","seq":123456,"sender":"bot","body":"message number 123455","ts":"…","timestamp":"…"}`;
    console.log(`\nThroughput: ${fmt(N)} messages replayed by the relay (its own process) over loopback; ${ROUNDS} alternating rounds per client; frames like ${sample}`);
    for (const [name, m, what] of [
      ['live stream (relay -> client)', live, 'the relay sends as fast as it can; the relay is part of the limit'],
      ['pre-buffered burst (relay -> burst proxy -> client)', burst, 'the proxy holds the replay and releases it at once; the client is the limit'],
    ] as const) {
      const ratio = rate(m.eng) / rate(m.raw);
      console.log(`  ${name}: ${what}`);
      console.log(`    bare ws client, JSON.parse only : ${fmt(rate(m.raw))} msg/s median (${rates(m.raw)}); client CPU ${fmt(cpu(m.raw), 2)} µs/msg`);
      console.log(`    ConnectionEngine (decode+order) : ${fmt(rate(m.eng))} msg/s median (${rates(m.eng)}); client CPU ${fmt(cpu(m.eng), 2)} µs/msg`);
      console.log(`    engine / raw                    : ${fmt(ratio * 100, 1)} %  (target >= 60 %: ${verdict(ratio >= 0.6)})`);
    }
  } finally {
    await killRelay(relay, 'SIGTERM');
  }
}

async function recovery(): Promise<void> {
  let relay: RelayProcess = await startBenchRelay();
  const port = relay.port;
  const token = await mintToken(BENCH_SECRET, 'reader');
  const engine = new ConnectionEngine({ url: relay.url, token, transport: { kind: 'header' }, stableAfterMs: STABLE_MS });
  let connectedAt = 0;
  let connects = 0;
  engine.on('state', (s) => {
    if (s.state === 'connected') {
      connectedAt = performance.now();
      connects++;
    }
  });
  engine.start();
  await until(() => connects === 1, 'first connection', 15_000);
  const fromListening: number[] = [];
  const outage: number[] = [];
  const attempts: number[] = [];
  try {
    for (let i = 0; i < RESTARTS; i++) {
      // Let the link become stable so each restart starts from the first backoff step.
      await sleep(Math.max(0, connectedAt + STABLE_MS + 100 - performance.now()));
      const before = engine.diagnostics().connectAttempts;
      const stoppedAt = performance.now();
      await killRelay(relay, 'SIGTERM'); // the relay closes clients with 1012, then exits
      relay = await startBenchRelay({ port });
      await until(() => connects === i + 2, `reconnect #${i + 1}`, 120_000);
      // The "listening" line can reach us a moment after the engine got in.
      fromListening.push(Math.max(0, connectedAt - relay.listeningAt));
      outage.push(connectedAt - stoppedAt);
      attempts.push(engine.diagnostics().connectAttempts - before);
    }
  } finally {
    await engine.stop();
    await killRelay(relay, 'SIGTERM');
  }
  const target = 1_000 + 200;
  console.log(`\nRecovery: ${RESTARTS} relay restarts (SIGTERM -> 1012 to clients -> new process, same port); default backoff (full jitter, 1 s base, 30 s cap)`);
  console.log(`  relay listening -> connected + resubscribed : median ${fmt(median(fromListening))} ms, p90 ${fmt(pct(fromListening, 0.9))} ms, min ${fmt(Math.min(...fromListening))} ms, max ${fmt(Math.max(...fromListening))} ms`);
  console.log(`    target <= backoff floor (1 000 ms) + 200 ms = ${fmt(target)} ms: ${verdict(median(fromListening) <= target)}`);
  console.log(`  whole outage (stop -> connected)           : median ${fmt(median(outage))} ms, p90 ${fmt(pct(outage, 0.9))} ms (includes the relay's own ~restart time)`);
  console.log(`  connection attempts per restart            : median ${median(attempts)}, max ${Math.max(...attempts)}`);
}

function idleChild(mode: 'engine' | 'baseline', url: string, token: string): Promise<{ wallMs: number; cpuMs: number; rssMb: number; framesOut: number; framesIn: number; state: string }> {
  const script = fileURLToPath(new URL('./idle-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, mode, url, token, String(IDLE_S)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`idle child (${mode}) exited ${code}`))));
  });
}

async function idle(): Promise<void> {
  const relay = await startBenchRelay();
  try {
    const token = await mintToken(BENCH_SECRET, 'reader');
    const [e, b] = await Promise.all([idleChild('engine', relay.url, token), idleChild('baseline', relay.url, token)]);
    const share = (r: { cpuMs: number; wallMs: number }) => (r.cpuMs / r.wallMs) * 100;
    console.log(`\nIdle cost: one idle connection held for ${fmt(e.wallMs / 1000, 1)} s in its own Node process (default 25 s heartbeat; state ${e.state}, ${e.framesOut} frames out, ${e.framesIn} in)`);
    console.log(`  engine process  : CPU ${fmt(e.cpuMs, 1)} ms = ${fmt(share(e), 3)} % of one core, RSS ${fmt(e.rssMb, 1)} MB`);
    console.log(`  same process without a connection (baseline): CPU ${fmt(b.cpuMs, 1)} ms = ${fmt(share(b), 3)} % of one core, RSS ${fmt(b.rssMb, 1)} MB`);
    console.log(`  target < 0.5 % of one core: ${verdict(share(e) < 0.5)}`);
  } finally {
    await killRelay(relay, 'SIGTERM');
  }
}

/** n sends while offline: each is one append to the outbox log, written at once and fdatasynced in the background. */
async function outbox(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'beacon-bench-outbox-'));
  const outboxPath = join(dir, 'outbox.json');
  // Nobody listens on port 9 here; the engine is told the network is down, so every send only queues.
  const engine = new ConnectionEngine({ url: 'ws://127.0.0.1:9', token: 'bench', transport: { kind: 'header' }, outboxPath, maxOutbox: SENDS });
  engine.networkChanged(false);
  engine.start();
  const times: number[] = [];
  try {
    const body = 'an offline message of about a hundred characters, as people write them when the train is in a tunnel';
    const t0 = performance.now();
    for (let i = 0; i < SENDS; i++) {
      const s = performance.now();
      engine.send('t1', body);
      times.push(performance.now() - s);
    }
    const total = performance.now() - t0;
    const stopAt = performance.now();
    await engine.stop(); // syncs whatever the background syncs have not covered yet
    const durable = performance.now() - t0;
    const stopMs = performance.now() - stopAt;
    // Only adds: the log grew by appends after its first write, so its size is every byte written.
    const bytes = statSync(outboxPath).size;
    console.log(`\nOutbox: ${fmt(SENDS)} offline sends of ${body.length}-character messages (each written before send() returns, fdatasync in the background; ${os.tmpdir()})`);
    console.log(`  total ${fmt(total, 1)} ms, per send median ${fmt(median(times), 3)} ms, p99 ${fmt(pct(times, 0.99), 3)} ms, max ${fmt(Math.max(...times), 3)} ms on the main thread`);
    console.log(`  all on disk ${fmt(durable, 1)} ms after the first send (stop() with its final sync: ${fmt(stopMs, 1)} ms)`);
    console.log(`  bytes written ${fmt(bytes)} (${fmt(bytes / SENDS)} per send; O(n): rewriting the whole file on each add wrote ~98 MB for 1 000)`);
    console.log(`  target: no send blocks for more than a few ms (max <= 10 ms): ${verdict(Math.max(...times) <= 10)}`);
  } finally {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Beacon connection benchmark: node ${process.version}, ${os.cpus().length} CPUs (${cpu}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (ONLY.has('throughput')) await throughput();
  if (ONLY.has('recovery')) await recovery();
  if (ONLY.has('idle')) await idle();
  if (ONLY.has('outbox')) await outbox();
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
