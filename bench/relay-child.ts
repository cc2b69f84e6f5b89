// The reference relay as a child process for the benchmark (its real CLI), so
// the relay's CPU is not the client's and a restart is a real process restart.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BENCH_SECRET = 'beacon-bench-secret-0123456789abcdef';
export const ADMIN = 'beacon-bench-admin-token';

export interface RelayChild {
  child: ChildProcess;
  url: string;
  httpUrl: string;
  port: number;
  /** When its "listening" line arrived (performance.now()). */
  listeningAt: number;
  exited: Promise<void>;
  /** Holds its workspace file; removed when the relay is stopped. */
  workDir: string;
}

const WORKSPACE = {
  users: [{ id: 'reader', name: 'Reader' }, { id: 'bot', name: 'Bot' }],
  threads: [{ id: 't1', title: 'Firehose', members: ['reader', 'bot'] }],
};

export async function startRelayChild(opts: { port?: number; history?: number } = {}): Promise<RelayChild> {
  // Made per relay, on demand, so importing this module leaves nothing in /tmp.
  const workDir = mkdtempSync(join(tmpdir(), 'beacon-bench-'));
  const wsFile = join(workDir, 'workspace.json');
  writeFileSync(wsFile, JSON.stringify(WORKSPACE));
  const args = ['--import', 'tsx', join(ROOT, 'src/relay/cli.ts'), '--json', '--port', String(opts.port ?? 0),
    '--secret', BENCH_SECRET, '--admin-token', ADMIN, '--workspace', wsFile, '--history', String(opts.history ?? 1000)];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-10_000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`relay exited (${code}) before listening:\n${err}`)));
  }).catch((e: unknown) => {
    rmSync(workDir, { recursive: true, force: true });
    throw e;
  });
  const listeningAt = performance.now();
  const ev = JSON.parse(line) as { url: string; httpUrl: string; port: number };
  return { child, url: ev.url, httpUrl: ev.httpUrl, port: ev.port, listeningAt, exited, workDir };
}

export async function stopRelayChild(r: RelayChild, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal);
  await r.exited;
  rmSync(r.workDir, { recursive: true, force: true });
}

export async function postBodies(httpUrl: string, threadId: string, bodies: string[]): Promise<void> {
  const res = await fetch(`${httpUrl}/api/threads/${threadId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sender: 'bot', bodies }),
  });
  if (res.status !== 201) throw new Error(`posting failed: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}
