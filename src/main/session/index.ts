// Sign-in life cycle: sign in (validate, probe, then store), sign out (stop,
// delete the token, clear session files), start (connect with what is stored).
// The token never leaves main: status() is exactly the renderer-safe SessionStatus.
export { SessionManager } from './manager';
export { createSessionManager } from './connect';
export { followedPathFor, outboxPathFor, workspaceDirFor } from './session-files';
export type { EngineLike, EngineInit, ProbeFn } from './types';
