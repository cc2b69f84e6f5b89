// Main-side public face of the IPC contract. Renderer-side code (preload,
// web bridge) imports './client' and './channels' instead, which carry no
// schema library.
export * from './channels';
export * from './contract';
export * from './errors';
export * from './registry';
export * from './schemas';
export { createBeaconClient, type BeaconApi, type BeaconInvokes, type ClientTransport } from './client';
export * from './workspace-schemas';
export * from './settings-schemas';
export * from './server-schemas';
