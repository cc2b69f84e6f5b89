// The renderer-facing API, built from the channel list over any transport:
// ipcRenderer in the preload, a loopback WebSocket in the web bridge. Both
// call this one maker, so neither side can grow a channel the other lacks.
// No schema library here (types only): main validates before anything leaves it.
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  isEventChannel,
  type EventChannel,
  type InvokeChannel,
} from './channels';
import type { EventPayload, InvokeArg, InvokeResult } from './contract';
import { decodeIpcError, IpcError } from './errors';

export interface ClientTransport {
  invoke(channel: InvokeChannel, arg: unknown): Promise<unknown>;
  /** Returns the function that removes this listener. */
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

type Namespace<C extends string> = C extends `${infer N}:${string}` ? N : never;
type MethodName<C extends string, N extends string> = C extends `${N}:${infer M}` ? M : never;
type Method<C extends InvokeChannel> = undefined extends InvokeArg<C>
  ? () => Promise<InvokeResult<C>>
  : (arg: InvokeArg<C>) => Promise<InvokeResult<C>>;

export type BeaconInvokes = {
  readonly [N in Namespace<InvokeChannel>]: {
    readonly [M in MethodName<InvokeChannel, N>]: Method<Extract<InvokeChannel, `${N}:${M}`>>;
  };
};

export type BeaconApi = BeaconInvokes & {
  /** Contract version, so a renderer can tell an old host from a new one. */
  readonly apiVersion: 1;
  /** Listen to an event; returns the function that stops listening. */
  readonly on: <E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

export function createBeaconClient(transport: ClientTransport): BeaconApi {
  const namespaces: Record<string, Record<string, (arg?: unknown) => Promise<unknown>>> = {};
  for (const channel of INVOKE_CHANNELS) {
    const [ns, method] = channel.split(':') as [string, string];
    const group = (namespaces[ns] ??= {});
    group[method] = async (arg?: unknown) => {
      try {
        return await transport.invoke(channel, arg);
      } catch (error) {
        throw decodeIpcError(error, channel);
      }
    };
  }

  const on = (event: string, listener: unknown): (() => void) => {
    if (!isEventChannel(event)) {
      throw new IpcError('unknown_channel', `unknown event "${String(event)}"; known: ${EVENT_CHANNELS.join(', ')}`);
    }
    if (typeof listener !== 'function') throw new IpcError('bad_argument', `on("${event}"): listener must be a function`);
    let active = true;
    const remove = transport.subscribe(event, (payload) => {
      if (active) (listener as (p: unknown) => void)(payload);
    });
    return () => {
      if (!active) return;
      active = false;
      remove();
    };
  };

  const api: Record<string, unknown> = { apiVersion: 1, on };
  for (const [ns, group] of Object.entries(namespaces)) api[ns] = Object.freeze(group);
  return Object.freeze(api) as unknown as BeaconApi;
}
