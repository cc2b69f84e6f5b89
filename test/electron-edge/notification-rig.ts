// The notification policy behind the Electron edges, as the edge tests drive it:
// a NotificationHost on a fake clock, online, with General open, recording what it decides.
import { MemoryNotifiedStore, type NotifyDecision } from '../../src/main/notify';
import { NotificationHost } from '../../src/main/services/notification-host';
import { defaultSettings } from '../../src/main/settings/schema';
import { FakeClock } from '../connection/support/fake-clock';

export function policyHost(): { clock: FakeClock; host: NotificationHost; decided: NotifyDecision[] } {
  const clock = new FakeClock();
  const host = new NotificationHost({
    store: new MemoryNotifiedStore(),
    settings: () => defaultSettings().notifications,
    presence: () => 'online',
    openThreadId: () => 'general',
    scope: () => 'ws://relay/#h',
    log: { info: () => {}, warn: () => {} },
    clock,
  });
  const decided: NotifyDecision[] = [];
  host.onDecision((d) => decided.push(d));
  return { clock, host, decided };
}
