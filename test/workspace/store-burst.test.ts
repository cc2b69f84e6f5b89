// A sanity bound, not a benchmark: storing 50 threads × 1 000 messages as they
// arrive (in chunks, as socket reads deliver them) never holds the event loop
// for long, and a restart restores all of it. The figures are printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterEach, expect, it } from 'vitest';
import { openWorkspace } from '../../src/main/workspace';
import type { Schedule } from '../../src/main/workspace';
import { FakeEngine, Lines, msg, mutes } from './support/fakes';

const THREADS = 50;
const PER_THREAD = 1000;
const CHUNK = 250;
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('stores 50 threads × 1 000 messages without blocking, and restores them', async () => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-ws-burst-'));
  let longestFlush = 0;
  // The real timer, with each batch's synchronous work measured.
  const schedule: Schedule = (fn, ms) => {
    const t = setTimeout(() => {
      const start = performance.now();
      fn();
      longestFlush = Math.max(longestFlush, performance.now() - start);
    }, ms);
    return { cancel: () => clearTimeout(t) };
  };
  const ws = openWorkspace({ dir, log: new Lines().log, ...mutes(), schedule });
  let batches = 0;
  ws.onBatch(() => batches++);
  const engine = new FakeEngine();
  ws.attach(engine, 'me');
  engine.emit('threads', Array.from({ length: THREADS }, (_, i) => ({ id: `t${i}`, title: `Thread ${i}`, unread: 0, lastSeq: 0 })));

  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let longestChunk = 0;
  const started = performance.now();
  for (let seq = 1; seq <= PER_THREAD; seq += CHUNK / THREADS) {
    const start = performance.now();
    for (let s = seq; s < seq + CHUNK / THREADS; s++) for (let t = 0; t < THREADS; t++) engine.emit('message', msg(`t${t}`, s, 'ann', `message ${s} in thread ${t}`));
    longestChunk = Math.max(longestChunk, performance.now() - start);
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 40));
  await ws.close();
  delay.disable();
  const total = performance.now() - started;
  const maxDelayMs = delay.max / 1e6;
  console.log(
    `workspace store: ${THREADS * PER_THREAD} messages in ${total.toFixed(0)} ms; ${batches} batches; longest chunk of ${CHUNK} ${longestChunk.toFixed(1)} ms; longest batch ${longestFlush.toFixed(1)} ms; event-loop delay max ${maxDelayMs.toFixed(1)} ms`,
  );
  // Generous bounds for a shared 2-core machine: the point is "no multi-second stall".
  expect(longestFlush).toBeLessThan(250);
  expect(maxDelayMs).toBeLessThan(500);

  const loadStart = performance.now();
  const again = openWorkspace({ dir, log: new Lines().log, ...mutes() });
  const loadMs = performance.now() - loadStart;
  console.log(`workspace store: restart loaded ${THREADS} threads in ${loadMs.toFixed(0)} ms`);
  const snap = again.snapshot();
  expect(snap.threads).toHaveLength(THREADS);
  expect(again.storedCursors()).toEqual(Object.fromEntries(Array.from({ length: THREADS }, (_, i) => [`t${i}`, PER_THREAD])));
  expect(snap.threads.every((t) => t.unread === PER_THREAD)).toBe(true);
  expect(again.messages({ threadId: 't7', limit: 1000 }).items).toHaveLength(PER_THREAD);
}, 60_000);
