// One damaged journal line must cost exactly what it held: everything intact
// before and after it is kept, a removed member stays removed, and the relay
// says what it skipped (a log line at start, a count in /healthz).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEAM, api, cleanup, num, signIn, startTestRelay, type Frame } from './helpers';

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beacon-relay-damaged-'));
});
afterEach(async () => {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const logFile = (): string => path.join(dir, 'relay-log.jsonl');

/** Rewrites the first log line that contains `marker` with `edit`. */
function damage(marker: string, edit: (line: string) => string): void {
  const lines = fs.readFileSync(logFile(), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker));
  expect(i, `a line with ${marker}`).toBeGreaterThanOrEqual(0);
  lines[i] = edit(lines[i] as string);
  fs.writeFileSync(logFile(), lines.join('\n'));
}

async function seedMessages(n: number): Promise<void> {
  const relay = await startTestRelay({ workspace: TEAM, dataDir: dir });
  for (let i = 1; i <= n; i++) await relay.postMessage('t1', 'ben', `m${i}`);
  await relay.close();
}

async function replayed(logged: string[]): Promise<{ seqs: number[]; gaps: [number, number][]; health: Record<string, unknown> }> {
  const relay = await startTestRelay({ dataDir: dir, log: (l) => logged.push(l) });
  const ann = await signIn(relay, 'ann');
  ann.send({ type: 'subscribe', thread_id: 't1', since: 0 });
  await ann.sync();
  const frames = ann.frames.filter((f: Frame) => f.thread_id === 't1');
  return {
    seqs: frames.filter((f) => f.type === 'message').map((f) => num(f, 'seq')),
    gaps: frames.filter((f) => f.type === 'gap').map((f) => [num(f, 'from'), num(f, 'to')]),
    health: (await api(relay, 'GET', '/healthz', undefined, null)).json,
  };
}

const all = (n: number, except: number): number[] => Array.from({ length: n }, (_, i) => i + 1).filter((s) => s !== except);

describe('a damaged journal line', () => {
  it('costs only its own message: the rest is replayed, the hole is a gap, and it is reported', async () => {
    await seedMessages(60);
    damage('"b":"m30"', (l) => l.replace('"b":"m30"', '"b":"m3\u00000"'));
    const logged: string[] = [];
    const { seqs, gaps, health } = await replayed(logged);
    expect(seqs).toEqual(all(60, 30));
    expect(gaps).toEqual([[30, 30]]);
    expect(health).toMatchObject({ skippedLogLines: 1 });
    expect(logged.some((l) => /SKIPPED 1 damaged line/.test(l))).toBe(true);
  });

  it('does not take a valid-looking line with a wrong seq for the truth', async () => {
    await seedMessages(60);
    damage('"b":"m20"', (l) => l.replace('"seq":20', '"seq":2000'));
    const { seqs, gaps } = await replayed([]);
    expect(seqs).toEqual(all(60, 20));
    expect(gaps).toEqual([[20, 20]]);
  });

  it('never re-admits a member whose removal line is damaged', async () => {
    let relay = await startTestRelay({ workspace: TEAM, dataDir: dir });
    expect((await api(relay, 'POST', '/api/threads', { id: 't1', title: 'General', members: ['ann', 'ben'] })).status).toBe(200);
    await relay.postMessage('t1', 'ann', 'after cat left');
    await relay.close();
    damage('"id":"t1","title":"General","members":["ann","ben"]', (l) => l.replace('"members":["ann","ben"]', '"members":["ann","ben"'));
    const logged: string[] = [];
    relay = await startTestRelay({ dataDir: dir, log: (l) => logged.push(l) });
    const cat = await signIn(relay, 'cat');
    expect((cat.ofType('threads')[0]?.data as { id: string }[]).map((t) => t.id)).not.toContain('t1');
    cat.send({ type: 'subscribe', thread_id: 't1', since: 0 });
    await cat.sync();
    expect(cat.messages('t1')).toEqual([]);
    expect(logged.some((l) => l.includes('membership record is damaged'))).toBe(true);
  });
});
