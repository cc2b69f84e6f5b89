// The power adapter only forwards: each powerMonitor event reaches exactly the
// engine and auto-away calls it stands for, the idle poller reads
// getSystemIdleTime, and network changes reach the engine; stopping unhooks all.
import { describe, expect, it } from 'vitest';
import { forwardPower } from '../../src/main/electron/power-forward';
import type { AutoAwayInputs } from '../../src/main/presence';
import type { ConnectionService } from '../../src/main/services';
import { FakePowerMonitor } from './fake-power-monitor';

function rig() {
  const calls: string[] = [];
  const monitor = new FakePowerMonitor();
  let readIdle: (() => number) | null = null;
  let readLocked: (() => boolean) | undefined;
  const autoAway: AutoAwayInputs = {
    lock: () => calls.push('autoAway.lock'),
    unlock: () => calls.push('autoAway.unlock'),
    suspend: () => calls.push('autoAway.suspend'),
    resume: () => calls.push('autoAway.resume'),
    watchIdle: (read, isLocked) => {
      readIdle = read;
      readLocked = isLocked;
      calls.push('autoAway.watchIdle');
      return () => calls.push('autoAway.stopIdle');
    },
  };
  const connection = {
    systemSuspended: () => calls.push('connection.systemSuspended'),
    systemResumed: () => calls.push('connection.systemResumed'),
    networkChanged: (online: boolean) => calls.push(`connection.networkChanged(${online})`),
  } as Partial<ConnectionService> as ConnectionService;
  let online = true;
  let tick: () => void = () => {};
  const lines: string[] = [];
  const stop = forwardPower(
    {
      powerMonitor: monitor,
      isOnline: () => online,
      setInterval: (fn) => ((tick = fn), 1),
      clearInterval: () => calls.push('clearInterval'),
    },
    { connection, autoAway },
    { log: (l) => lines.push(l) },
  );
  return { calls, monitor, stop, lines, readIdle: () => readIdle?.(), readLocked: () => readLocked?.(), setOnline: (o: boolean) => ((online = o), tick()) };
}

describe('forwardPower (the Electron power edge)', () => {
  it('forwards each event to exactly its calls, in order, and nothing else', () => {
    const r = rig();
    expect(r.calls).toEqual(['autoAway.watchIdle']);
    r.calls.length = 0;
    r.monitor.emit('lock-screen');
    r.monitor.emit('suspend');
    r.monitor.emit('resume');
    r.monitor.emit('unlock-screen');
    expect(r.calls).toEqual([
      'autoAway.lock',
      'connection.systemSuspended',
      'autoAway.suspend',
      'connection.systemResumed',
      'autoAway.resume',
      'autoAway.unlock',
    ]);
    expect(r.lines).toEqual(['power: suspend', 'power: resume']);
  });

  it('the poller reads getSystemIdleTime as is, and the lock as getSystemIdleState\'s "locked"', () => {
    const r = rig();
    r.monitor.idleSeconds = 612;
    expect(r.readIdle()).toBe(612);
    expect(r.monitor.idleReads).toBe(1);
    const seen = (['active', 'idle', 'unknown', 'locked'] as const).map((state) => {
      r.monitor.idleState = state;
      return r.readLocked();
    });
    expect(seen).toEqual([false, false, false, true]);
  });

  it('network changes reach the engine; stopping unhooks every listener, the poller and the watcher', () => {
    const r = rig();
    r.calls.length = 0;
    r.setOnline(false);
    r.setOnline(true);
    expect(r.calls).toEqual(['connection.networkChanged(false)', 'connection.networkChanged(true)']);
    expect(r.monitor.listenerCount()).toBe(4);
    r.calls.length = 0;
    r.stop();
    expect(r.monitor.listenerCount()).toBe(0);
    expect(r.calls).toEqual(['autoAway.stopIdle', 'clearInterval']);
    r.monitor.emit('lock-screen');
    expect(r.calls).toEqual(['autoAway.stopIdle', 'clearInterval']);
  });
});
