// The contract client's transport over Electron's ipcRenderer. Kept apart
// from index.ts (which touches electron) so it runs under Node tests.
import type { ClientTransport } from '../shared/ipc/client';

/** The part of ipcRenderer this uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function ipcRendererTransport(ipc: IpcRendererLike): ClientTransport {
  return {
    // Zero-argument calls send nothing, so main can tell "none" from "undefined passed".
    invoke: (channel, arg) => (arg === undefined ? ipc.invoke(channel) : ipc.invoke(channel, arg)),
    subscribe: (channel, listener) => {
      // The Electron event object (with its sender) never reaches the page.
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  };
}
