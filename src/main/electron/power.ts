// System power and network events → connection engine and presence inputs.
import { net, powerMonitor } from 'electron';
import { watchOnline } from '../presence';
import type { AppServices } from '../services';

export interface PowerOptions {
  /** The "away on screen lock" setting, read at lock time. */
  readonly awayOnScreenLock: () => boolean;
  readonly log: (line: string) => void;
}

export function bindPower(services: AppServices, options: PowerOptions): () => void {
  const { connection, presence } = services;
  const onSuspend = (): void => {
    options.log('power: suspend');
    connection.systemSuspended();
  };
  const onResume = (): void => {
    options.log('power: resume');
    connection.systemResumed();
  };
  const onLock = (): void => {
    if (options.awayOnScreenLock()) presence.setAutoAway(true);
  };
  const onUnlock = (): void => presence.setAutoAway(false);
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('lock-screen', onLock);
  powerMonitor.on('unlock-screen', onUnlock);
  const stopWatching = watchOnline({
    isOnline: () => net.isOnline(),
    onChange: (online) => {
      options.log(`power: network ${online ? 'online' : 'offline'}`);
      connection.networkChanged(online);
    },
  });
  return () => {
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('resume', onResume);
    powerMonitor.off('lock-screen', onLock);
    powerMonitor.off('unlock-screen', onUnlock);
    stopWatching();
  };
}
