// Fake mozaiks-notifications server (a plugin platform's notification
// channel; FastAPI under uvicorn; `ws://host:8000/ws/notifications/{userId}`).
//
// Source facts: issue 11 section 2 ("mozaiks-notifications"), checked against
// mozaiks-core's public `backend/main.py` and `core/http/websocket_auth.py`:
// - Token: first from the subprotocol, else the `access_token` query
//   parameter. Subprotocol form (mozaiks', not PROTOCOL.md's `bearer.` one):
//   the client offers `mozaiks, <jwt>`; the token is the first offered entry
//   shaped like a JWT (three base64url parts), and the server selects
//   `mozaiks` when offered (never the token entry). A client that offers only
//   the token gets no subprotocol back, which `ws` and browsers reject: offer
//   `mozaiks` too.
// - The JWT is HS256 (shared secret, `mintMozaiksToken`); the user id is its
//   `user_id` claim, else `sub`. The path segment is a routing hint that must
//   equal that id, or `_` (the wildcard legacy clients use).
// - Refusals happen before accept (`websocket.close(4001)` for a missing,
//   invalid or expired token; 4003 for a path/user mismatch), which uvicorn
//   sends as HTTP 403 on the upgrade. Option `refusal: 'close-after-accept'`
//   accepts and then closes with 4001 / 4003 instead, for deployments behind
//   a proxy that completes the handshake first.
// - First frame `{"type":"connection_ack","data":{"user_id":…}}`; then events
//   `{"type","action","data","timestamp"}` pushed unasked (no subscribe).
// - Client `{"type":"ping"}` → `{"type":"pong"}` (issue); every other client
//   text is read and ignored (the source's receive loop discards it).
// ASSUMPTIONS: `timestamp` is Python `datetime.utcnow().isoformat()` (no zone,
// microseconds: `2026-11-29T21:30:00.123000`). The server sends no heartbeat and
// drops no silent client (none in the source). Other paths → 403. Restart:
// uvicorn's shutdown closes accepted sockets with 1012.
import type { IncomingMessage } from 'node:http';
import { FakeCore, sendJson, signHs256, typed, verifyHs256, withBase, type FakeServerBase } from './base';

export const MOZAIKS_TEST_SECRET = 'mozaiks-fake-secret-0123456789abcdef';
export const MOZAIKS_SUBPROTOCOL = 'mozaiks';
const PATH_PREFIX = '/ws/notifications/';
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface MozaiksFakeOptions {
  port?: number;
  secret?: string;
  /** How a refused token looks to the client (real: 'http-403'). */
  refusal?: 'http-403' | 'close-after-accept';
}

export interface MozaiksEvent {
  type: string;
  action: string;
  data: Record<string, unknown>;
  timestamp: string;
}

export interface MozaiksFake extends FakeServerBase {
  /** The URL for `userId` (the base `url` is the path without the user segment). */
  urlFor(userId: string): string;
  /** The user ids of the sockets open now, one entry per socket. */
  readonly connectedUsers: readonly string[];
  /** Sends an event to every socket of `userId`; returns the frame. */
  emit(userId: string, type: string, action: string, data: Record<string, unknown>): MozaiksEvent;
  /** Sends an event to every open socket (a system announcement, say). */
  broadcast(type: string, action: string, data: Record<string, unknown>): MozaiksEvent;
}

interface Ctx {
  userId: string;
  /** Set when the token was refused but the handshake completed ('close-after-accept'). */
  closeWith?: number;
}

/** A mozaiks access token: HS256 with the user id in `user_id` and `sub`. */
export function mintMozaiksToken(userId: string, opts: { secret?: string; expiresInSec?: number } = {}): Promise<string> {
  return signHs256(opts.secret ?? MOZAIKS_TEST_SECRET, { sub: userId, user_id: userId }, opts.expiresInSec);
}

/** Python's `datetime.utcnow().isoformat()`: naive, microseconds. */
export function pythonNaiveIso(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000');
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
}

export async function startMozaiksFake(options: MozaiksFakeOptions = {}): Promise<MozaiksFake> {
  const secret = options.secret ?? MOZAIKS_TEST_SECRET;

  const decide = async (req: IncomingMessage, url: URL): Promise<{ userId: string } | { code: number }> => {
    const fromProtocol = offeredProtocols(req).find((p) => p.toLowerCase() !== MOZAIKS_SUBPROTOCOL && JWT_SHAPE.test(p));
    const claims = await verifyHs256(secret, fromProtocol ?? url.searchParams.get('access_token'));
    const id = claims?.user_id ?? claims?.sub;
    if (typeof id !== 'string' || id === '') return { code: 4001 };
    const hint = decodeURIComponent(url.pathname.slice(PATH_PREFIX.length));
    return hint === '_' || hint === id ? { userId: id } : { code: 4003 };
  };

  const core: FakeCore<Ctx> = await FakeCore.start<Ctx>({
    port: options.port,
    path: '/ws/notifications',
    restartStyle: 'close-1012',
    authorize: async (req, url) => {
      const segment = url.pathname.startsWith(PATH_PREFIX) ? url.pathname.slice(PATH_PREFIX.length) : '';
      if (segment === '' || segment.includes('/')) return { accept: false, status: 403 };
      const decision = await decide(req, url);
      if ('userId' in decision) return { accept: true, context: { userId: decision.userId } };
      if (options.refusal === 'close-after-accept') return { accept: true, context: { userId: '', closeWith: decision.code } };
      return { accept: false, status: 403 };
    },
    selectProtocol: (offered) => ([...offered].some((p) => p.toLowerCase() === MOZAIKS_SUBPROTOCOL) ? MOZAIKS_SUBPROTOCOL : false),
    onOpen: (c) => {
      if (c.context.closeWith !== undefined) c.ws.close(c.context.closeWith, c.context.closeWith === 4001 ? 'Invalid token' : 'User ID mismatch');
      else sendJson(c.ws, { type: 'connection_ack', data: { user_id: c.context.userId } });
    },
    onFrame: (c, frame) => {
      if (typed(frame)?.type === 'ping') sendJson(c.ws, { type: 'pong' });
    },
  });

  const event = (type: string, action: string, data: Record<string, unknown>): MozaiksEvent => ({ type, action, data, timestamp: pythonNaiveIso() });

  return withBase(core, () => {}, {
    urlFor(userId: string) {
      return `${core.url}/${encodeURIComponent(userId)}`;
    },
    get connectedUsers() {
      return [...core.clients].flatMap((c) => (c.context.closeWith === undefined ? [c.context.userId] : []));
    },
    emit(userId, type, action, data) {
      const frame = event(type, action, data);
      core.broadcast(frame, (c) => c.context.closeWith === undefined && c.context.userId === userId);
      return frame;
    },
    broadcast(type, action, data) {
      const frame = event(type, action, data);
      core.broadcast(frame, (c) => c.context.closeWith === undefined);
      return frame;
    },
  } satisfies Omit<MozaiksFake, keyof FakeServerBase>);
}
