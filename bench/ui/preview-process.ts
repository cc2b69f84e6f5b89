// Starts bench/ui/preview-child.ts (the preview host in its own process) and
// talks to it: its launch address, its RSS / heap / event-loop figures.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProbeSamples } from './probe-api';
import { ChildReplySchema, type ChildReply, type ChildRequest, type MainStats } from './preview-messages';

export interface PreviewProcess {
  readonly launchUrl: string;
  readonly pid: number;
  /** Figures since the last reset; with `reset` a new window starts; with `gc` the child collects first. */
  stats(opts?: { reset?: boolean; gc?: boolean }): Promise<MainStats>;
  /** Per batch main emitted since the last call: the newest marked message and when (seen). */
  batches(): Promise<ProbeSamples>;
  /** The host's recent log lines (for a failure report). */
  log(): Promise<string[]>;
  close(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./preview-child.ts', import.meta.url));
const TIMEOUT_MS = 60_000;

/** With `cpuProfileDir` the host writes a V8 CPU profile there when it closes (--cpu-prof). */
export async function startPreviewProcess(rendererDir: string, dataDir: string, cpuProfileDir?: string): Promise<PreviewProcess> {
  const child: ChildProcess = fork(SCRIPT, [rendererDir, dataDir], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting = new Map<number, (m: ChildReply) => void>();
  let nextId = 1;
  let onReady: ((url: string) => void) | null = null;
  child.on('message', (raw: unknown) => {
    const m = ChildReplySchema.parse(raw);
    if (m.type === 'ready') onReady?.(m.launchUrl);
    else waiting.get(m.id)?.(m);
  });

  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the preview host did not start within 60 s')), TIMEOUT_MS);
    onReady = (url) => {
      clearTimeout(timer);
      resolve(url);
    };
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the preview host exited (${code}) before it was ready`));
    });
  });

  function ask<T extends ChildReply['type']>(req: ChildRequest & { id: number }, type: T): Promise<Extract<ChildReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(req.id);
        reject(new Error(`the preview host did not answer "${req.type}" within 60 s`));
      }, TIMEOUT_MS);
      waiting.set(req.id, (m) => {
        clearTimeout(timer);
        waiting.delete(req.id);
        if (m.type === type) resolve(m as Extract<ChildReply, { type: T }>);
        else reject(new Error(`the preview host answered ${m.type} to ${req.type}`));
      });
      child.send(req);
    });
  }

  return {
    launchUrl,
    pid: child.pid ?? -1,
    stats: async (opts = {}) => (await ask({ type: 'stats', id: nextId++, reset: opts.reset ?? false, gc: opts.gc ?? false }, 'stats')).stats,
    log: async () => (await ask({ type: 'log', id: nextId++ }, 'log')).lines,
    batches: async () => (await ask({ type: 'batches', id: nextId++ }, 'batches')).samples,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'close' } satisfies ChildRequest);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
