// Fixtures for the store tests: temp folders removed after each test, and a
// workspace on a folder with a manual schedule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openWorkspace } from '../../../src/main/workspace';
import type { Workspace } from '../../../src/main/workspace';
import { FakeEngine, Lines, ManualSchedule, mutes } from './fakes';

const dirs: string[] = [];

/** A fresh folder, removed after the test (call at module level once: registers the cleanup). */
export function useTempDirs(): () => string {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'beacon-ws-'));
    dirs.push(d);
    return d;
  };
}

export function openOn(dir: string, max?: number): { ws: Workspace; sched: ManualSchedule; lines: Lines } {
  const sched = new ManualSchedule();
  const lines = new Lines();
  const ws = openWorkspace({ dir, log: lines.log, ...mutes(), schedule: sched.schedule, maxPerThread: max });
  return { ws, sched, lines };
}

/** Sends the pending batch and waits for its writes. */
export async function settle(ws: Workspace, sched: ManualSchedule): Promise<void> {
  sched.run();
  await ws.close();
}

/** openOn with a fake engine already attached for user "me". */
export function openAttached(dir: string, max?: number): ReturnType<typeof openOn> & { engine: FakeEngine } {
  const opened = openOn(dir, max);
  const engine = new FakeEngine();
  opened.ws.attach(engine, 'me');
  return { ...opened, engine };
}
