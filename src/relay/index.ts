// The reference relay's public face: start one in-process (tests, the web
// preview, benchmarks) or mint tokens for it.
export { startRelay, type Relay, type RelayOptions } from './relay';
export { mintToken, verifyToken } from './auth';
export type { WorkspaceSeed } from './workspace';
export type { NotificationInput } from './core';
export { MAX_BODY_CHARS, MAX_ECHO_ID_CHARS } from './frames';
export type { FrameCounts } from './frame-stats';
export { MAX_FRAME_BYTES } from '../shared/protocol';
