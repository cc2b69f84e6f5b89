// Client frames: typed in, protocol-v1 wire JSON out. The wire names
// (snake_case) live only here.
import type { PresenceStatus } from '../types';

export type ClientFrame =
  | { type: 'ping' }
  | { type: 'pong' }
  | { type: 'subscribe'; threadId: string; since?: number | null }
  | { type: 'unsubscribe'; threadId: string }
  | { type: 'send'; threadId: string; clientId: string; body: string }
  | { type: 'read'; threadId: string; seq: number }
  | { type: 'user_presence'; status: PresenceStatus }
  /** Subscribe to everything of this user (profiles with the `all` subscribe strategy); v1 has no such frame. */
  | { type: 'subscribe_all' };

// Constant frames are built once: the heartbeat sends them for the life of the app.
const PING = '{"type":"ping"}';
const PONG = '{"type":"pong"}';

/** Protocol v1's wire text for a frame; null for a frame v1 does not have. */
export function encodeClientFrame(frame: Exclude<ClientFrame, { type: 'subscribe_all' }>): string;
export function encodeClientFrame(frame: ClientFrame): string | null;
export function encodeClientFrame(frame: ClientFrame): string | null {
  switch (frame.type) {
    case 'ping':
      return PING;
    case 'pong':
      return PONG;
    case 'subscribe':
      return JSON.stringify(
        frame.since === undefined || frame.since === null
          ? { type: 'subscribe', thread_id: frame.threadId }
          : { type: 'subscribe', thread_id: frame.threadId, since: frame.since },
      );
    case 'unsubscribe':
      return JSON.stringify({ type: 'unsubscribe', thread_id: frame.threadId });
    case 'send':
      return JSON.stringify({ type: 'send', thread_id: frame.threadId, client_id: frame.clientId, body: frame.body });
    case 'read':
      return JSON.stringify({ type: 'read', thread_id: frame.threadId, seq: frame.seq });
    case 'user_presence':
      return JSON.stringify({ type: 'user_presence', data: frame.status });
    case 'subscribe_all':
      return null;
  }
}
