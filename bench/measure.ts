// Shared by the benchmark scripts: timing one message stream from its first
// message to its last, and the summary statistics they print.
import type WebSocket from 'ws';
import { ConnectionEngine } from '../src/main/connection';

export interface Run {
  /** Wall-clock rate from the first message to the last, messages per second. */
  rate: number;
  /** Wall time per message, µs. */
  wallUs: number;
  /** This process's CPU time per message over the same span (the client's own cost), µs. */
  cpuUs: number;
}

/** Call first() at the first message and last() at the n-th. */
export function span(n: number): { first: () => void; last: () => Run } {
  let t0 = 0;
  let c0 = process.cpuUsage();
  return {
    first: () => {
      t0 = performance.now();
      c0 = process.cpuUsage();
    },
    last: () => {
      const c = process.cpuUsage(c0);
      const ms = performance.now() - t0;
      return { rate: (n - 1) / (ms / 1000), wallUs: (ms * 1000) / (n - 1), cpuUs: (c.user + c.system) / (n - 1) };
    },
  };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/**
 * The physical limit the engine is compared with: a bare `ws` client that only
 * runs JSON.parse on each frame and counts the first n `message` frames.
 */
export function timeBareStream(ws: WebSocket, n: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const s = span(n);
    let count = 0;
    ws.on('message', (data: Buffer) => {
      const f = JSON.parse(data.toString()) as { type: string };
      if (f.type !== 'message') return;
      if (count === 0) s.first();
      if (++count === n) {
        const r = s.last();
        ws.terminate();
        resolve(r);
      }
    });
    ws.on('error', reject);
  });
}

/**
 * The engine on the same stream: decode (validated), seq bookkeeping and ordered
 * delivery, one `message` listener counting the first n messages of thread t1.
 * Throws if the run saw malformed, duplicate or unknown input, since the figure
 * would then not be for the clean stream it claims.
 */
export async function timeEngineStream(url: string, token: string, n: number): Promise<Run> {
  // cursors {t1: 0}: subscribe at once with since 0, the same request the bare client makes.
  const engine = new ConnectionEngine({ url, token, transport: { kind: 'header' }, cursors: { t1: 0 } });
  const s = span(n);
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<Run>((resolve, reject) => {
    engine.on('message', () => {
      if (count === 0) s.first();
      if (++count === n) resolve(s.last());
    });
    // Bounded, so a stream that stalls ends the bench with an error instead of hanging it.
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} messages through the engine`)), 300_000);
  });
  engine.start();
  let r: Run;
  try {
    r = await done;
  } finally {
    clearTimeout(timer);
    await engine.stop();
  }
  const d = engine.diagnostics();
  if (d.malformedFrames || d.duplicatesDropped || d.ignoredFields) throw new Error('unexpected malformed, duplicate or unknown input');
  return r;
}
