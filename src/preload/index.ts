import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('beacon', Object.freeze({ apiVersion: 1 }));
