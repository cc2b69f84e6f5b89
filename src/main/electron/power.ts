// Electron's powerMonitor and net, handed to the plain forwarding in power-forward.ts.
import { net, powerMonitor } from 'electron';
import type { AppServices } from '../services';
import { forwardPower, type PowerOptions } from './power-forward';

export type { PowerOptions } from './power-forward';

export function bindPower(services: AppServices, options: PowerOptions): () => void {
  return forwardPower({ powerMonitor, isOnline: () => net.isOnline() }, services, options);
}
