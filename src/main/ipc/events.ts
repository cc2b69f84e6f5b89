// Service changes → contract events. One function for both transports: the
// Electron shell passes a sender over webContents, the web host one over its
// sockets; both get the same payload validation from the contract's emitter.
import { createEventEmitter, type EventChannel } from '../../shared/ipc';
import { publicStatus } from './handlers';
import type { Log } from '../log';
import type { AppServices } from '../services';

/**
 * Subscribes to every service the renderer mirrors and sends each change
 * through `send` once its payload passes the contract (a bad one is logged and
 * dropped). Returns the unsubscriber.
 */
export function forwardEvents(
  services: AppServices,
  send: (channel: EventChannel, payload: unknown) => void,
  log: Log,
): () => void {
  const emit = createEventEmitter(send, log);
  const offs = [
    services.connection.subscribe((state) => emit('connection:state', state)),
    services.session.onStatus((status) => emit('session:status', publicStatus(status))),
    services.presence.subscribe((status) => emit('presence:changed', { status })),
    services.workspace.onBatch((batch) => emit('workspace:batch', batch)),
  ];
  return () => {
    for (const off of offs) off();
  };
}
