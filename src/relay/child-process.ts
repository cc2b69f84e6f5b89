// The reference relay as a child process (its CLI), for tests that must kill
// or freeze the server (SIGKILL, SIGSTOP/SIGCONT) and for benchmarks, whose
// relay must not share the client's CPU. Spawned as `node --import tsx` so the
// pid is the relay itself, not a wrapper.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { WorkspaceSeed } from './workspace';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RelayProcess {
  child: ChildProcess;
  url: string;
  httpUrl: string;
  port: number;
  adminToken: string;
  /** When its "listening" line arrived (performance.now()). */
  listeningAt: number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** A directory spawnRelay made for the workspace file (no dataDir given); killRelay removes it. */
  tmpDir?: string;
}

export interface SpawnRelayOptions {
  /** Where the relay keeps its log; without one it keeps everything in memory. */
  dataDir?: string;
  workspace: WorkspaceSeed;
  port?: number;
  adminToken: string;
  /** What the relay signs tokens with. */
  secret: string;
  extra?: string[];
  /** Node's own flags for the relay process (e.g. `--cpu-prof`), before the script. */
  nodeArgs?: string[];
}

export async function spawnRelay(opts: SpawnRelayOptions): Promise<RelayProcess> {
  let tmpDir: string | undefined;
  let wsFile: string;
  if (opts.dataDir === undefined) {
    tmpDir = mkdtempSync(join(tmpdir(), 'beacon-relay-'));
    wsFile = join(tmpDir, 'workspace.json');
  } else {
    wsFile = join(opts.dataDir, '..', `workspace-${process.pid}.json`);
  }
  writeFileSync(wsFile, JSON.stringify(opts.workspace));
  const args = [
    ...(opts.nodeArgs ?? []), '--import', 'tsx', join(ROOT, 'src/relay/cli.ts'),
    '--port', String(opts.port ?? 0), '--json', ...(opts.dataDir === undefined ? [] : ['--data', opts.dataDir]),
    '--secret', opts.secret, '--workspace', wsFile, '--admin-token', opts.adminToken, ...(opts.extra ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  let ev: { event: string; url: string; httpUrl: string; port: number; adminToken: string };
  let listeningAt: number;
  try {
    const first = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`relay did not start within 30 s:\n${err}`)), 30_000);
      lines.once('line', (l) => {
        clearTimeout(timer);
        resolve(l);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`relay exited (${code}) before listening:\n${err}`));
      });
    });
    listeningAt = performance.now();
    ev = JSON.parse(first) as typeof ev;
    if (ev.event !== 'listening') throw new Error(`unexpected first line from relay: ${first}`);
  } catch (e) {
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
    throw e;
  }
  return { child, url: ev.url, httpUrl: ev.httpUrl, port: ev.port, adminToken: ev.adminToken, listeningAt, exited, tmpDir };
}

export async function killRelay(r: RelayProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (r.child.exitCode === null && r.child.signalCode === null) {
    if (signal !== 'SIGKILL') r.child.kill('SIGCONT');
    r.child.kill(signal);
    await r.exited;
  }
  if (r.tmpDir) rmSync(r.tmpDir, { recursive: true, force: true });
}

/** Posts a batch through the relay's admin HTTP API; resolves with the stored seqs. */
export async function postBatch(httpUrl: string, adminToken: string, threadId: string, sender: string, bodies: string[]): Promise<{ id: string; seq: number }[]> {
  const res = await fetch(`${httpUrl}/api/threads/${encodeURIComponent(threadId)}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sender, bodies }),
  });
  if (res.status !== 201) throw new Error(`batch post failed: HTTP ${res.status} ${await res.text()}`);
  const json = (await res.json()) as { messages: { id: string; seq: number }[] };
  return json.messages;
}

export async function threadLastSeq(httpUrl: string, adminToken: string): Promise<Record<string, number>> {
  const res = await fetch(`${httpUrl}/api/workspace`, { headers: { authorization: `Bearer ${adminToken}` } });
  const json = (await res.json()) as { threads: { id: string; lastSeq: number }[] };
  return Object.fromEntries(json.threads.map((t) => [t.id, t.lastSeq]));
}
