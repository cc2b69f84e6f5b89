import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ACTIVITY_ITEMS } from '../../shared/ipc/server-schemas';
import { HeldWorkspaceSnapshotSchema } from '../../shared/ipc/workspace-schemas';
import type { ActivityUpdate } from '../connection/types';
import { memoryWorkspace, msg, recordBatches } from '../../../test/workspace/support/fakes';
import { openAttached, openOn, settle, useTempDirs } from '../../../test/workspace/support/store-fixtures';
import { ACTIVITY_FILE } from './activity-store';

const tempDir = useTempDirs();

function status(agent: string, state: string, ts = 1_000, extra: Partial<ActivityUpdate> = {}): ActivityUpdate {
  return { source: 'agent_status', action: null, title: agent, detail: `task (${state})`, state, key: agent, level: state === 'stopped' ? 'warning' : 'info', ts, ...extra };
}

describe('the Activity list', () => {
  it('keeps one line per key, the latest winning, the most recently updated first, in the snapshot and in batches', () => {
    const { ws, engine, sched, batches } = memoryWorkspace();
    engine.emit('activity', status('A', 'idle', 1));
    engine.emit('activity', status('B', 'working', 2));
    sched.run();
    expect(batches.at(-1)?.activity?.map((l) => [l.key, l.state])).toEqual([
      ['agent_status:B', 'working'],
      ['agent_status:A', 'idle'],
    ]);
    engine.emit('activity', status('A', 'stopped', 3));
    sched.run();
    // Only the changed line rides in the batch; the snapshot has the whole list.
    expect(batches.at(-1)?.activity).toEqual([
      { key: 'agent_status:A', source: 'agent_status', action: null, title: 'A', detail: 'task (stopped)', state: 'stopped', level: 'warning', ts: 3 },
    ]);
    expect(ws.snapshot().activity.map((l) => `${l.title} ${l.state}`)).toEqual(['A stopped', 'B working']);
    expect(HeldWorkspaceSnapshotSchema.safeParse(ws.snapshot()).success).toBe(true);
  });

  it("a key updated twice within one batch: the batch carries both, its latest first (a rule's `becomes` sees each)", () => {
    const { ws, engine, sched, batches } = memoryWorkspace();
    engine.emit('activity', status('A', 'working', 1));
    engine.emit('activity', status('A', 'stopped', 2));
    engine.emit('activity', status('A', 'working', 3));
    sched.run();
    expect(batches.at(-1)?.activity?.map((l) => l.state)).toEqual(['working', 'stopped', 'working']);
    expect(ws.snapshot().activity.map((l) => l.state)).toEqual(['working']);
  });

  it('two event types naming the same key are two lines', () => {
    const { ws, engine, sched } = memoryWorkspace();
    engine.emit('activity', status('t1', 'open', 1, { source: 'task_update' }));
    engine.emit('activity', status('t1', 'created', 2, { source: 'my_plugin_update' }));
    sched.run();
    expect(ws.snapshot().activity.map((l) => l.key)).toEqual(['my_plugin_update:t1', 'task_update:t1']);
  });

  it(`holds at most ${MAX_ACTIVITY_ITEMS} lines: the least recently updated go; long fields are clipped to the schema`, () => {
    const { ws, engine, sched, batches } = memoryWorkspace();
    for (let i = 0; i < MAX_ACTIVITY_ITEMS + 30; i++) engine.emit('activity', status(`agent-${i}`, 'idle', i));
    engine.emit('activity', status('x'.repeat(5_000), 'working', 9, { detail: 'd'.repeat(9_000), title: 't'.repeat(3_000) }));
    sched.run();
    const list = ws.snapshot().activity;
    expect(list).toHaveLength(MAX_ACTIVITY_ITEMS);
    expect(list.some((l) => l.title === 'agent-0')).toBe(false);
    expect(list[0]?.key.length).toBeLessThanOrEqual(600);
    expect(list[0]?.detail?.length).toBe(2000);
    expect(HeldWorkspaceSnapshotSchema.safeParse(ws.snapshot()).success).toBe(true);
    expect(batches.at(-1)?.activity).toHaveLength(MAX_ACTIVITY_ITEMS);
  });

  it('is kept across a restart, in its own file, and cleared on sign-out with a reset batch', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    a.engine.emit('activity', status('A', 'idle', 1));
    a.engine.emit('activity', status('B', 'working', 2));
    a.engine.emit('activity', status('A', 'stopped', 3));
    await settle(a.ws, a.sched);
    expect(existsSync(join(dir, ACTIVITY_FILE))).toBe(true);

    const b = openOn(dir);
    expect(b.ws.snapshot().activity.map((l) => `${l.title} ${l.state}`)).toEqual(['A stopped', 'B working']);
    const batches = recordBatches(b.ws);
    await b.ws.clear();
    expect(batches.at(-1)).toMatchObject({ reset: true });
    expect(b.ws.snapshot().activity).toEqual([]);
    expect(existsSync(join(dir, ACTIVITY_FILE))).toBe(false);
    expect(openOn(dir).ws.snapshot().activity).toEqual([]);
  });

  it('a corrupt activity file costs only itself; a bad line only that line', async () => {
    const dir = tempDir();
    const a = openAttached(dir);
    a.engine.emit('message', msg('t1', 1, 'ann'));
    a.engine.emit('activity', status('A', 'idle', 1));
    a.engine.emit('activity', status('B', 'idle', 2));
    await settle(a.ws, a.sched);

    const file = join(dir, ACTIVITY_FILE);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { v: 1; items: unknown[] };
    writeFileSync(file, JSON.stringify({ ...stored, items: [{ ...(stored.items[0] as object), level: 'loud' }, stored.items[1]] }));
    const b = openOn(dir);
    expect(b.ws.snapshot().activity.map((l) => l.title)).toEqual(['A']);
    expect(b.lines.lines.some((l) => l.includes('skipped 1 unreadable'))).toBe(true);

    writeFileSync(file, '{"v":1,"items":[{');
    const c = openOn(dir);
    expect(c.ws.snapshot().activity).toEqual([]);
    expect(c.ws.snapshot().threads.map((t) => t.id)).toEqual(['t1']);
    expect(c.lines.lines.filter((l) => l.includes('activity'))).toHaveLength(1);
  });

  it('another user on the same server folder starts with an empty list', () => {
    const { ws, engine, sched } = memoryWorkspace();
    engine.emit('activity', status('A', 'idle', 1));
    sched.run();
    ws.setSelf('someone-else');
    expect(ws.snapshot().activity).toEqual([]);
  });
});
