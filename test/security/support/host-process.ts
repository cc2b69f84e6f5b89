// Starts the web preview in a child process (web-host-child.ts) and talks to
// it over raw sockets: the requests under test are ones no HTTP client would
// send (`//` targets, stray bytes, broken headers), and whether they kill the
// process is the question, so the host must not share the test's process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { OUT, REPO } from '../../e2e/helpers';

export interface HostProcess {
  readonly origin: string;
  readonly launchUrl: string;
  readonly port: number;
  /** Whatever the host logged (stderr), for failure messages. */
  readonly log: string[];
  /** Null while the process runs. */
  exitCode(): number | null;
  stop(): Promise<void>;
}

export async function startHostProcess(): Promise<HostProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'beacon-web-host-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'test/security/support/web-host-child.ts'), join(OUT, 'renderer'), dataDir],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
      resolve();
    });
  });
  createInterface({ input: child.stderr! }).on('line', (line) => log.push(line));
  const ready = await new Promise<{ launchUrl: string; origin: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host did not start in 60 s:\n${log.join('\n')}`)), 60_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { launchUrl: string; origin: string });
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`the host exited with ${exited} before serving:\n${log.join('\n')}`));
    });
  });
  return {
    ...ready,
    port: Number(new URL(ready.origin).port),
    log,
    exitCode: () => exited,
    async stop() {
      if (exited === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RawAnswer {
  /** The HTTP status of the answer, or null when the host closed (or stayed silent) without one. */
  readonly status: number | null;
  readonly head: string;
}

/**
 * Sends `request` as is and reads the answer's head, then hangs up. Silence
 * for `timeoutMs` counts as no answer (a request the parser still waits on).
 */
export function rawExchange(port: number, request: string | Buffer, timeoutMs = 2_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let received = '';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1];
      resolve({ status: status === undefined ? null : Number(status), head: received.split('\r\n\r\n')[0] ?? '' });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

/** One request line and header block, as bytes on the wire. */
export function rawRequest(method: string, target: string, headers: ReadonlyArray<readonly [string, string]>): string {
  return `${method} ${target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

/** Whether the host still serves its page to a holder of the session cookie. */
export async function stillServes(host: HostProcess, cookie: string): Promise<boolean> {
  if (host.exitCode() !== null) return false;
  const answer = await rawExchange(host.port, rawRequest('GET', '/', [['Host', new URL(host.origin).host], ['Cookie', cookie]]), 5_000);
  return answer.status === 200;
}

/** The session cookie (`name=value`) the launch URL sets. */
export async function sessionCookie(launchUrl: string): Promise<string> {
  const res = await fetch(launchUrl, { redirect: 'manual' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (res.status !== 303 || !cookie) throw new Error(`launch answered ${res.status} with no cookie`);
  return cookie;
}
