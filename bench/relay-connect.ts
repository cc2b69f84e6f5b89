// `npm run bench:relay`: what it costs the relay when N users of one thread
// connect (issue 10, item 7). The relay runs as its own process (its real
// CLI) so its CPU is read from /proc apart from the clients'. For each N the
// clients connect 100 at a time, each until its presence_snapshot, then the
// relay is left to finish its presence fan-out; printed: wall time, relay CPU,
// CPU per connect, relay RSS per connection, and how CPU grew against N.
//
//   npx tsx bench/relay-connect.ts                               # N = 1000, 2000, 5000
//   npx tsx bench/relay-connect.ts --sizes 1000,2000 --compare 16d1165
//
// `npm run bench:relay` (bench/relay/main.ts) runs N = 5000 of it beside the
// fan-out, senders and idle-memory figures.
//
// --compare REF runs the same against the relay of git REF (extracted with
// `git archive` into a temporary directory) and prints the before/after ratio.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { mintToken } from '../src/relay';
import { BENCH_ADMIN, BENCH_SECRET } from './relay-child';
import { procStat, quiet } from './relay/proc';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONCURRENCY = 100;

export interface Figures {
  n: number;
  wallS: number;
  cpuS: number;
  rssPerConnKB: number;
}

async function startRelay(root: string, n: number, dir: string): Promise<{ child: ChildProcess; url: string }> {
  const wsFile = join(dir, `workspace-${n}.json`);
  const members = Array.from({ length: n }, (_, i) => `u${i}`);
  writeFileSync(wsFile, JSON.stringify({ users: [], threads: [{ id: 'all', title: 'Everyone', members }] }));
  const nodeArgs = process.env.BENCH_RELAY_NODE_ARGS?.split(' ').filter(Boolean) ?? []; // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(root, 'src/relay/cli.ts'), '--port', '0', '--json', '--secret', BENCH_SECRET, '--admin-token', BENCH_ADMIN, '--workspace', wsFile, '--idle-timeout', '3600000'], { // the clients stay silent
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'], // its log (a line per connect) would drown the figures
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

/** Opens a client and resolves once its presence_snapshot (its last page) has arrived; frames are counted, not parsed. */
function connectOne(url: string, token: string, sockets: WebSocket[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false });
    sockets.push(ws);
    const onMessage = (data: Buffer): void => {
      const head = data.subarray(0, 40).toString();
      if (!head.startsWith('{"type":"presence_snapshot"')) return;
      const page = /"page":(\d+),"pages":(\d+)/.exec(data.subarray(Math.max(0, data.length - 120)).toString());
      if (page && page[1] !== page[2]) return;
      ws.off('message', onMessage);
      resolve();
    };
    ws.on('message', onMessage);
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed with ${code} before its presence_snapshot`)));
  });
}

export async function measure(root: string, n: number, dir: string): Promise<Figures> {
  const { child, url } = await startRelay(root, n, dir);
  const pid = child.pid as number;
  const tokens = await Promise.all(Array.from({ length: n }, (_, i) => mintToken(BENCH_SECRET, `u${i}`)));
  await quiet(pid, 600_000);
  const before = procStat(pid);
  const started = performance.now();
  const sockets: WebSocket[] = [];
  let next = 0;
  let connected = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      await connectOne(url, tokens[i] as string, sockets);
      connected++;
    }
  };
  const progress = setInterval(() => process.stderr.write(`  N=${n}: ${connected} connected, relay CPU ${(procStat(pid).cpuS - before.cpuS).toFixed(1)} s\n`), 10_000);
  await Promise.all(Array.from({ length: CONCURRENCY }, worker)).finally(() => clearInterval(progress));
  await quiet(pid, 600_000); // the presence fan-out after the last connect
  const after = procStat(pid);
  const wallS = (performance.now() - started) / 1000;
  for (const ws of sockets) ws.terminate();
  child.kill(process.env.BENCH_RELAY_NODE_ARGS ? 'SIGINT' : 'SIGKILL'); // a profile is written on a clean exit only
  await new Promise((r) => child.once('exit', r));
  return { n, wallS, cpuS: after.cpuS - before.cpuS, rssPerConnKB: (after.rssKB - before.rssKB) / n };
}

/** The relay of git `ref`, as files in a temporary directory sharing this checkout's node_modules. */
function extract(ref: string, dir: string): string {
  const root = join(dir, 'before');
  execFileSync('mkdir', ['-p', root]);
  const tar = execFileSync('git', ['archive', ref, 'src/relay', 'src/shared', 'package.json'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', root], { input: tar });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

function print(label: string, rows: Figures[]): void {
  const base = rows[0];
  console.log(`\n${label}`);
  console.log('      N   wall s   relay CPU s   CPU/connect ms   RSS/conn KB   CPU ×   N ×   N² ×');
  for (const r of rows) {
    const cpuX = base ? r.cpuS / base.cpuS : 1;
    const nX = base ? r.n / base.n : 1;
    console.log(
      `${String(r.n).padStart(7)} ${r.wallS.toFixed(1).padStart(8)} ${r.cpuS.toFixed(2).padStart(13)} ${((r.cpuS / r.n) * 1000).toFixed(2).padStart(16)} ${r.rssPerConnKB.toFixed(1).padStart(13)} ${cpuX.toFixed(1).padStart(7)} ${nX.toFixed(1).padStart(5)} ${(nX * nX).toFixed(1).padStart(6)}`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, compare: { type: 'string' } } });
  const sizes = (values.sizes ?? '1000,2000,5000').split(',').map(Number).filter((x) => Number.isInteger(x) && x > 0);
  const dir = mkdtempSync(join(tmpdir(), 'beacon-bench-relay-'));
  try {
    const after: Figures[] = [];
    for (const n of sizes) after.push(await measure(ROOT, n, dir));
    print('relay: N users of one thread connect (this checkout)', after);
    if (values.compare) {
      const root = extract(values.compare, dir);
      const before: Figures[] = [];
      for (const n of sizes) before.push(await measure(root, n, dir));
      print(`relay at ${values.compare} (before)`, before);
      console.log('\nbefore/after relay CPU:');
      for (const [i, b] of before.entries()) {
        const a = after[i];
        if (a) console.log(`  N=${b.n}: ${b.cpuS.toFixed(2)} s → ${a.cpuS.toFixed(2)} s (${(b.cpuS / a.cpuS).toFixed(1)}× less)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run as a script, not when bench/relay/main.ts imports measure().
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
