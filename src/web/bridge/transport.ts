// The contract client's transport over the web host's WebSocket: the web
// preview's counterpart of the preload's ipcRenderer transport. No DOM
// globals beyond a WebSocket-like object, so it also runs under Node tests.
import type { EventChannel, InvokeChannel } from '../../shared/ipc/channels';
import type { ClientTransport } from '../../shared/ipc/client';
import { BRIDGE_LOST_TEXT } from '../../shared/web-bridge';
import type { HostFrame } from '../wire';
import { fitsInFrame, MAX_BRIDGE_FRAME_BYTES, utf8Bytes } from './frame-limit';

/** What this needs from a WebSocket (the browser's, or `ws` in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const OPEN = 1;

function isHostFrame(value: unknown): value is HostFrame {
  if (typeof value !== 'object' || value === null) return false;
  const frame = value as Record<string, unknown>;
  if (frame['t'] === 'event') return typeof frame['channel'] === 'string';
  return frame['t'] === 'result' && typeof frame['id'] === 'number' && typeof frame['ok'] === 'boolean';
}

export interface TransportOptions {
  /** Called once when the socket is gone (it never comes back: a reload opens a new one). */
  readonly onLost?: () => void;
  /** The host's frame limit (tests pass a small one). */
  readonly maxFrameBytes?: number;
}

function tooLarge(text: string, limit: number): Error {
  // Past the limit in characters it is past it in bytes: no need to count them all.
  const bytes = text.length > limit ? text.length : utf8Bytes(text);
  const kb = (n: number) => Math.ceil(n / 1024);
  return new Error(`this is too large to send (${kb(bytes)} KB; the most Beacon's web preview carries is ${kb(limit)} KB)`);
}

export function socketTransport(socket: SocketLike, options: TransportOptions = {}): ClientTransport {
  const limit = options.maxFrameBytes ?? MAX_BRIDGE_FRAME_BYTES;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const queue: string[] = [];
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

  socket.addEventListener('open', () => {
    for (const frame of queue.splice(0)) socket.send(frame);
  });
  socket.addEventListener('close', () => {
    if (closed) return;
    closed = true;
    queue.length = 0;
    for (const { reject } of pending.values()) reject(new Error(BRIDGE_LOST_TEXT));
    pending.clear();
    options.onLost?.();
  });
  socket.addEventListener('message', (event) => {
    let frame: unknown;
    try {
      frame = typeof event.data === 'string' ? JSON.parse(event.data) : null;
    } catch {
      return;
    }
    if (!isHostFrame(frame)) return;
    if (frame.t === 'event') {
      for (const l of listeners.get(frame.channel as EventChannel) ?? []) l(frame.payload);
      return;
    }
    const call = pending.get(frame.id);
    if (!call) return;
    pending.delete(frame.id);
    if (frame.ok) call.resolve(frame.value);
    else call.reject(new Error(frame.error));
  });

  return {
    invoke(channel: InvokeChannel, arg: unknown): Promise<unknown> {
      if (closed) return Promise.reject(new Error(BRIDGE_LOST_TEXT));
      const id = nextId++;
      const text = JSON.stringify(arg === undefined ? { t: 'invoke', id, channel } : { t: 'invoke', id, channel, arg });
      // The host closes the socket on a frame over its limit, which would cut
      // the whole window off: refuse this one call instead.
      if (!fitsInFrame(text, limit)) return Promise.reject(tooLarge(text, limit));
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket.readyState === OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}

/** A transport for a page that cannot reach the host at all: every call fails with `reason`, no event ever comes. */
export function unavailableTransport(reason: string): ClientTransport {
  return {
    invoke: () => Promise.reject(new Error(reason)),
    subscribe: () => () => {},
  };
}
