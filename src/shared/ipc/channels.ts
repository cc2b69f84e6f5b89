// The channel names of the IPC contract, with no schema library attached.
// The preload and the web bridge import only this file (and types), so zod
// stays out of their bundles; contract.ts declares the schemas keyed by these
// exact names and fails to compile if a name is missing or extra there.

/** Request/response calls the renderer may make. */
export const INVOKE_CHANNELS = [
  'session:getStatus',
  'session:signIn',
  'session:signOut',
  'connection:getState',
  'connection:reconnectNow',
  'presence:get',
  'presence:set',
  'workspace:snapshot',
  'thread:open',
  'thread:messages',
  'thread:markRead',
  'thread:setMuted',
  'thread:follow',
  'message:send',
  'message:retry',
  'demo:start',
  'settings:get',
  'settings:update',
  'notifications:pause',
  'notification:activate',
  'notification:dismiss',
  'window:focus',
] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** One-way pushes from main to the renderer. */
export const EVENT_CHANNELS = [
  'connection:state',
  'session:status',
  'presence:changed',
  'workspace:batch',
  'settings:changed',
  'notification:toast',
  'window:showThread',
] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

const invokeSet: ReadonlySet<string> = new Set(INVOKE_CHANNELS);
const eventSet: ReadonlySet<string> = new Set(EVENT_CHANNELS);

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && invokeSet.has(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && eventSet.has(name);
}
