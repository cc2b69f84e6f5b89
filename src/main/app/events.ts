// Service changes → contract events. One function for both transports: the
// Electron shell passes an emitter over webContents, the web host one over
// its sockets.
import type { EmitEvent } from '../../shared/ipc';
import { publicStatus } from './handlers';
import type { AppServices } from './services';

/** Subscribes to every service the renderer mirrors; returns the unsubscriber. */
export function forwardEvents(services: AppServices, emit: EmitEvent): () => void {
  const offs = [
    services.connection.subscribe((state) => emit('connection:state', state)),
    services.session.onStatus((status) => emit('session:status', publicStatus(status))),
    services.presence.subscribe((status) => emit('presence:changed', { status })),
  ];
  return () => {
    for (const off of offs) off();
  };
}
