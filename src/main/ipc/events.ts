// Service changes → contract events. One function for both transports: the
// Electron shell passes a sender over webContents, the web host one over its
// sockets; both get the same payload validation from the contract's emitter.
import { createEventEmitter, type EventChannel } from '../../shared/ipc';
import { publicStatus } from './handlers';
import type { Log } from '../log';
import type { AppServices } from '../services';

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Subscribes to every service the renderer mirrors and sends each change
 * through `send` once its payload passes the contract (a bad one is logged and
 * dropped). Returns the unsubscriber.
 */
export function forwardEvents(
  services: AppServices,
  send: (channel: EventChannel, payload: unknown) => void,
  log: Log,
  options: { readonly toasts?: boolean } = {},
): () => void {
  const emit = createEventEmitter(send, log);
  const offs = [
    services.connection.subscribe((state) => emit('connection:state', state)),
    services.session.onStatus((status) => emit('session:status', publicStatus(status))),
    services.presence.subscribe((status) => emit('presence:changed', { status })),
    services.workspace.onBatch((batch) => emit('workspace:batch', batch)),
    services.settings.onChange((view) => emit('settings:changed', view)),
    services.navigation.onShowThread((threadId) => emit('window:showThread', { threadId })),
  ];
  // The app shows the policy's decisions natively; only the web preview shows them in the window.
  if (options.toasts) {
    offs.push(
      services.notifications.onDecision((d) => {
        if (d.kind === 'skip') return;
        if (d.kind === 'close') emit('notification:toast', { kind: 'close', key: d.key, threadId: d.threadId });
        else emit('notification:toast', { kind: d.kind, key: d.key, title: clip(d.title, 1000), body: clip(d.body, 4000), threadId: d.threadId, level: d.level });
      }),
    );
  }
  return () => {
    for (const off of offs) off();
  };
}
