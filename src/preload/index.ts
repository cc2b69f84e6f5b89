// Sandboxed preload: exposes the contract client as window.beacon and nothing
// else. Only channel names and types are imported, so no schema library (and
// no way to reach Node) ends up in this bundle.
import { contextBridge, ipcRenderer } from 'electron';
import { createBeaconClient } from '../shared/ipc/client';
import { ipcRendererTransport } from './transport';

contextBridge.exposeInMainWorld('beacon', createBeaconClient(ipcRendererTransport(ipcRenderer)));
