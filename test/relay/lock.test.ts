// relay.lock keeps two relays off one data directory; a lock left behind by a
// relay that is gone must not block a start because its pid now belongs to an
// unrelated process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRelay } from '../../src/relay';
import { CliProcess, cleanup, startTestRelay } from './helpers';

let dir = '';
const stop: (() => void)[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beacon-relay-lock-'));
});
afterEach(async () => {
  for (const f of stop.splice(0)) f();
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('relay.lock', () => {
  it('is stale when its pid belongs to a process started after the lock was written', async () => {
    const unrelated = spawn('sleep', ['30']);
    stop.push(() => unrelated.kill('SIGKILL'));
    const lock = path.join(dir, 'relay.lock');
    fs.writeFileSync(lock, String(unrelated.pid));
    const anHourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(lock, anHourAgo, anHourAgo);
    const relay = await startTestRelay({ dataDir: dir });
    expect(fs.readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
    await relay.close();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('still keeps a second relay off a directory whose relay is alive', { timeout: 60_000 }, async () => {
    const other = new CliProcess(['--json', '--port', '0', '--data', dir, '--secret', 'lock-test-secret-0123456789abcdef']);
    stop.push(() => other.kill());
    await other.listening();
    await expect(startRelay({ port: 0, dataDir: dir })).rejects.toThrow(/in use by another relay/);
  });
});

describe('relay.lock after a failed start', () => {
  it('is removed when the start fails after the directory was locked', async () => {
    fs.mkdirSync(path.join(dir, 'history-id')); // unreadable as a file: the start fails after locking
    await expect(startRelay({ port: 0, dataDir: dir })).rejects.toThrow();
    expect(fs.existsSync(path.join(dir, 'relay.lock'))).toBe(false);
    fs.rmdirSync(path.join(dir, 'history-id'));
    const relay = await startTestRelay({ dataDir: dir }); // and nothing else is left in the way
    await relay.close();
  });
});
