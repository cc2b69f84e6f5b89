// The connection engine's public face: one authenticated WebSocket to one
// relay, with heartbeat, backoff, replay, outbox; plus URL validation and a
// one-shot probe for the sign-in form. No Electron here.
export { ConnectionEngine } from './engine';
export type { ConnectionEngineOptions, ConnectionEvents, ConnectionLog, DeliveryUpdate, EngineError, LogLevel } from './types';
export { validateServerUrl, isLoopbackHost, describeEndpoint } from './url';
export type { CheckedServerUrl, UrlCheck } from './url';
export { probeServer } from './probe';
export type { ProbeFailure, ProbeOptions, ProbeResult } from './probe';
export { OutboxFullError, DEFAULT_MAX_OUTBOX } from './outbox';
export { SendNotSupportedError } from './outgoing';
export type { OutboxEntry } from './outbox';
export type { Gap } from './thread-tracker';
export type { ConnectionDiagnostics } from './diagnostics';
export { DEFAULT_BACKOFF, DEFAULT_STABLE_AFTER_MS, backoffCeiling, backoffDelay } from './backoff';
export { BOUNDS } from './bounds';
export type { BackoffOptions } from './backoff';
export type { Clock, RandomSource, TimerHandle } from './clock';
export { tokenProblem } from './transport';
