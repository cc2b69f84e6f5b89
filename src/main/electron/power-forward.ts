// System power, lock and network events forwarded, undecided, to the
// connection engine and auto-away. Kept apart from power.ts (which only
// supplies Electron's powerMonitor and net) so a fake can check it under Node.
import { watchOnline } from '../presence';
import type { AppServices } from '../services';

export type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen';

/** The part of Electron's powerMonitor used here. */
export interface PowerMonitorLike {
  on(event: PowerEvent, listener: () => void): unknown;
  off(event: PowerEvent, listener: () => void): unknown;
  getSystemIdleTime(): number;
  getSystemIdleState(idleThreshold: number): string;
}

export interface PowerSources {
  readonly powerMonitor: PowerMonitorLike;
  readonly isOnline: () => boolean;
  /** For tests: how net.isOnline is polled (see watchOnline). */
  readonly setInterval?: (fn: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
}

export interface PowerOptions {
  readonly log: (line: string) => void;
}

export function forwardPower(sources: PowerSources, services: Pick<AppServices, 'connection' | 'autoAway'>, options: PowerOptions): () => void {
  const { connection, autoAway } = services;
  const { powerMonitor } = sources;
  const listeners: Record<PowerEvent, () => void> = {
    suspend: () => {
      options.log('power: suspend');
      connection.systemSuspended();
      autoAway.suspend();
    },
    resume: () => {
      options.log('power: resume');
      connection.systemResumed();
      autoAway.resume();
    },
    'lock-screen': () => autoAway.lock(),
    'unlock-screen': () => autoAway.unlock(),
  };
  const events = Object.keys(listeners) as PowerEvent[];
  for (const event of events) powerMonitor.on(event, listeners[event]);
  // Linux has no lock event: the idle state's "locked" is the only sign there.
  const stopIdle = autoAway.watchIdle(
    () => powerMonitor.getSystemIdleTime(),
    () => powerMonitor.getSystemIdleState(1) === 'locked',
  );
  const stopWatching = watchOnline({
    isOnline: sources.isOnline,
    onChange: (online) => {
      options.log(`power: network ${online ? 'online' : 'offline'}`);
      connection.networkChanged(online);
    },
    ...(sources.setInterval ? { setInterval: sources.setInterval } : {}),
    ...(sources.clearInterval ? { clearInterval: sources.clearInterval } : {}),
  });
  return () => {
    for (const event of events) powerMonitor.off(event, listeners[event]);
    stopIdle();
    stopWatching();
  };
}
