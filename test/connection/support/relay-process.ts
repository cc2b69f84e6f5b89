// The reference relay as a child process (its CLI), for tests that must kill
// or freeze the server: SIGKILL, SIGSTOP/SIGCONT. Spawned as `node --import tsx`
// so the pid is the relay itself, not a wrapper.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const TEST_SECRET = 'connection-tests-secret-0123456789abcdef';

export interface Workspace {
  users: { id: string; name: string }[];
  threads: { id: string; title: string; members: string[] }[];
}

export interface RelayProcess {
  child: ChildProcess;
  url: string;
  httpUrl: string;
  port: number;
  adminToken: string;
  stderr: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

export async function spawnRelay(opts: { dataDir: string; workspace: Workspace; port?: number; adminToken: string; extra?: string[] }): Promise<RelayProcess> {
  const wsFile = join(opts.dataDir, '..', `workspace-${process.pid}.json`);
  writeFileSync(wsFile, JSON.stringify(opts.workspace));
  const args = [
    '--import', 'tsx', join(ROOT, 'src/relay/cli.ts'),
    '--port', String(opts.port ?? 0), '--json', '--data', opts.dataDir, '--secret', TEST_SECRET,
    '--workspace', wsFile, '--admin-token', opts.adminToken, ...(opts.extra ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
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
  const ev = JSON.parse(first) as { event: string; url: string; httpUrl: string; port: number; adminToken: string };
  if (ev.event !== 'listening') throw new Error(`unexpected first line from relay: ${first}`);
  return { child, url: ev.url, httpUrl: ev.httpUrl, port: ev.port, adminToken: ev.adminToken, stderr: () => err, exited };
}

export async function killRelay(r: RelayProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  if (signal !== 'SIGKILL') r.child.kill('SIGCONT');
  r.child.kill(signal);
  await r.exited;
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
