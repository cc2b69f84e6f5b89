// Binds the contract registry to ipcMain and sends contract events to our
// window(s) only.
import { BrowserWindow, ipcMain } from 'electron';
import { registerHandlers } from '../../shared/ipc';
import { forwardEvents } from '../ipc';
import { createIpcHandlers } from '../ipc';
import type { AppServices } from '../services';

export interface IpcOptions {
  readonly isTrustedSender: (url: string) => boolean;
  readonly log: (line: string) => void;
}

export function bindIpc(services: AppServices, options: IpcOptions): () => void {
  const unregister = registerHandlers(ipcMain, createIpcHandlers(services), options);
  const stopForwarding = forwardEvents(
    services,
    (channel, payload) => {
      for (const win of BrowserWindow.getAllWindows()) {
        if (win.isDestroyed() || !options.isTrustedSender(win.webContents.getURL())) continue;
        win.webContents.send(channel, payload);
      }
    },
    options.log,
  );
  return () => {
    stopForwarding();
    unregister();
  };
}
