// Fake hush server (an end-to-end encrypted "blind relay"; FastAPI under
// uvicorn; `ws://host/ws`).
//
// Source facts: issue 11 section 2 ("hush"), checked against hush's public
// `app/routers/websocket.py`. What this fake reproduces:
// - The JWT travels only in the `access_token` cookie. Missing, invalid or
//   expired → the endpoint closes with 4001 before accept, which uvicorn turns
//   into HTTP 403 on the upgrade. Any other path → 403 too (Starlette closes a
//   websocket with no route before accept). The fake verifies HS256 JWTs with
//   a shared secret (`mintHushToken` signs them); the user id is `sub`.
// - Accepted → no frame at all until there is traffic (or the heartbeat).
// - `subscribe_user` → the socket joins every conversation of the user, then
//   `{"type":"user_subscribed","conversation_count":N}` (N = newly joined).
//   `subscribe` → `subscribed` (errors: "Missing conversation_id", "Invalid
//   conversation_id format", not a participant); `unsubscribe` → `unsubscribed`
//   (silently nothing without conversation_id); `ping` → `pong`.
// - A client message: `{"type":"message","conversation_id","ciphertext","iv",
//   "client_message_id"?,"recipient_id"?,"group_epoch"?,"expires_after_seen_sec"?}`
//   (the real client shape). It is broadcast to the conversation's subscribers
//   (the sender's and recipient's sockets are subscribed first), then the
//   sender's socket gets `message_sent` {id, conversation_id, client_message_id,
//   created_at} when it carried a client_message_id. Bad input →
//   `{"type":"error","code":…,"message":…,"client_message_id"?}`.
// - `message_seen` {message_id, conversation_id, seen_by, seen_at, seen_count,
//   total_recipients, all_recipients_seen, sender_delete_after_seen_at} goes to
//   the conversation's subscribers AND to every socket of the message's sender,
//   so a subscribed sender gets it twice, as from the real server.
// - Any other type (`user_presence` included) → `{"type":"error","message":
//   "Unknown message type: <type>"}`. Hush has no presence frames at all.
// - `{"type":"heartbeat"}` to every socket every 30 s (default).
// - created_at / seen_at are Python `isoformat()` of a timestamptz:
//   `2026-11-29T21:30:00.123000+00:00`.
// ASSUMPTIONS: text that is not a JSON object makes `receive_json` raise; the
// endpoint returns and the socket is closed normally (1000). The IV must decode
// to 12 bytes (AES-GCM). Silence is never dropped (nothing in the facts says
// so). Restart: uvicorn's shutdown closes accepted sockets with 1012.
import { randomUUID } from 'node:crypto';
import { FakeCore, cookiesOf, every, sendJson, signHs256, typed, verifyHs256, withBase, type FakeClient, type FakeServerBase } from './base';

export const HUSH_TEST_SECRET = 'hush-fake-secret-0123456789abcdef';
const IV_BYTES = 12;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface HushFakeOptions {
  port?: number;
  /** HS256 secret the access_token cookie is verified with. */
  secret?: string;
  /** Conversation id (a UUID) → participant user ids. */
  conversations?: Record<string, string[]>;
  /** How often `{"type":"heartbeat"}` goes out (real: 30 000). */
  heartbeatIntervalMs?: number;
}

export interface HushMessage {
  type: 'message';
  id: string;
  conversation_id: string;
  sender_id: string;
  client_message_id: string | null;
  group_epoch: number | null;
  expires_after_seen_sec: number | null;
  ciphertext: string;
  iv: string;
  created_at: string;
}

export interface HushFake extends FakeServerBase {
  /** Adds a conversation (or replaces its participants). */
  addConversation(conversationId: string, participants: string[]): void;
  /** Subscriptions of the open sockets of `userId` (one set per socket). */
  subscriptionsOf(userId: string): string[][];
  /** Stores a message from `senderId` and broadcasts it to the conversation's subscribers. */
  postEncrypted(
    conversationId: string,
    senderId: string,
    opts?: { clientMessageId?: string; groupEpoch?: number; expiresAfterSeenSec?: number; ciphertext?: string; iv?: string },
  ): HushMessage;
  /** `seenBy` marks a stored message seen: message_seen to subscribers and to the sender's sockets. */
  markSeen(messageId: string, seenBy: string): void;
}

interface Ctx {
  userId: string;
  subscriptions: Set<string>;
}

/** A hush access token: HS256, the user id in `sub`. */
export function mintHushToken(userId: string, opts: { secret?: string; expiresInSec?: number } = {}): Promise<string> {
  return signHs256(opts.secret ?? HUSH_TEST_SECRET, { sub: userId, username: userId }, opts.expiresInSec);
}

/** Python's `datetime.isoformat()` of an aware UTC time: microseconds and +00:00. */
export function pythonIso(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

function isBase64(s: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0;
}

export async function startHushFake(options: HushFakeOptions = {}): Promise<HushFake> {
  const secret = options.secret ?? HUSH_TEST_SECRET;
  const conversations = new Map<string, Set<string>>(Object.entries(options.conversations ?? {}).map(([id, users]) => [id, new Set(users)]));
  const messages = new Map<string, { conversationId: string; senderId: string; seenBy: Map<string, string>; ttl: number | null }>();

  const subscribersOf = (conversationId: string) => (c: FakeClient<Ctx>) => c.context.subscriptions.has(conversationId);
  const socketsOf = (userId: string) => (c: FakeClient<Ctx>) => c.context.userId === userId;
  const subscribeUser = (userId: string, conversationId: string): void => {
    for (const c of core.clients) if (c.context.userId === userId) c.context.subscriptions.add(conversationId);
  };

  const store = (conversationId: string, senderId: string, m: Omit<HushMessage, 'type' | 'id' | 'conversation_id' | 'sender_id' | 'created_at'>): HushMessage => {
    const frame: HushMessage = { type: 'message', id: randomUUID(), conversation_id: conversationId, sender_id: senderId, ...m, created_at: pythonIso() };
    messages.set(frame.id, { conversationId, senderId, seenBy: new Map(), ttl: m.expires_after_seen_sec });
    subscribeUser(senderId, conversationId);
    core.broadcast(frame, subscribersOf(conversationId));
    return frame;
  };

  const seen = (messageId: string, seenBy: string): void => {
    const m = messages.get(messageId);
    if (!m) throw new Error(`hush fake: no message ${messageId}`);
    if (!m.seenBy.has(seenBy)) m.seenBy.set(seenBy, pythonIso());
    const recipients = [...(conversations.get(m.conversationId) ?? [])].filter((u) => u !== m.senderId);
    const seenCount = recipients.filter((u) => m.seenBy.has(u)).length;
    const frame = {
      type: 'message_seen',
      message_id: messageId,
      conversation_id: m.conversationId,
      seen_by: seenBy,
      seen_at: m.seenBy.get(seenBy),
      seen_count: seenCount,
      total_recipients: recipients.length,
      all_recipients_seen: seenCount === recipients.length,
      sender_delete_after_seen_at: null,
    };
    core.broadcast(frame, subscribersOf(m.conversationId));
    core.broadcast(frame, socketsOf(m.senderId));
  };

  const onMessage = (c: FakeClient<Ctx>, f: Record<string, unknown>): void => {
    const clientMessageId = f.client_message_id ? String(f.client_message_id) : null;
    const fail = (code: string, message: string): void =>
      sendJson(c.ws, { type: 'error', code, message, ...(clientMessageId ? { client_message_id: clientMessageId } : {}) });
    const { conversation_id: conv, ciphertext, iv, recipient_id: recipient, group_epoch: epoch, expires_after_seen_sec: ttl } = f;
    if (!conv || !ciphertext || !iv) return fail('invalid_request', 'Missing required fields: conversation_id, ciphertext, iv');
    if (epoch != null && !(Number.isInteger(Number(epoch)) && Number(epoch) >= 1)) return fail('invalid_group_epoch', 'Invalid group_epoch');
    if (ttl != null && ![15, 30, 60].includes(Number(ttl))) return fail('invalid_expires_after_seen', 'Invalid expires_after_seen_sec');
    if (!UUID_RE.test(String(conv))) return fail('invalid_conversation_id', 'Invalid conversation_id format');
    if (recipient && !UUID_RE.test(String(recipient))) return fail('invalid_recipient', 'Invalid recipient_id format');
    if (!isBase64(String(ciphertext))) return fail('invalid_payload', 'Invalid ciphertext encoding');
    if (!isBase64(String(iv)) || Buffer.from(String(iv), 'base64').length !== IV_BYTES) return fail('invalid_payload', 'Invalid iv encoding');
    const conversationId = String(conv);
    const members = conversations.get(conversationId);
    if (!members?.has(c.context.userId)) {
      if (!recipient) return fail('forbidden', 'Not a participant in this conversation');
      conversations.set(conversationId, new Set([...(members ?? []), c.context.userId, String(recipient)]));
    }
    if (recipient) subscribeUser(String(recipient), conversationId);
    const sent = store(conversationId, c.context.userId, {
      client_message_id: clientMessageId,
      group_epoch: epoch == null ? null : Number(epoch),
      expires_after_seen_sec: ttl == null ? null : Number(ttl),
      ciphertext: String(ciphertext),
      iv: String(iv),
    });
    if (clientMessageId) {
      sendJson(c.ws, { type: 'message_sent', id: sent.id, conversation_id: conversationId, client_message_id: clientMessageId, created_at: sent.created_at });
    }
  };

  const onSeen = (c: FakeClient<Ctx>, f: Record<string, unknown>): void => {
    const fail = (code: string, message: string): void => sendJson(c.ws, { type: 'error', code, message });
    const { message_id: id, conversation_id: conv } = f;
    if (!id || !conv) return fail('invalid_request', 'Missing required fields: message_id, conversation_id');
    if (!UUID_RE.test(String(id)) || !UUID_RE.test(String(conv))) return fail('invalid_message_id', 'Invalid message_id or conversation_id format');
    if (!conversations.get(String(conv))?.has(c.context.userId)) return fail('forbidden', 'Not a participant in this conversation');
    const m = messages.get(String(id));
    if (!m || m.conversationId !== String(conv)) return fail('message_not_found', 'Message not found');
    if (m.senderId === c.context.userId) return fail('invalid_seen_actor', 'Sender cannot mark own message as seen');
    seen(String(id), c.context.userId);
  };

  const onFrame = (c: FakeClient<Ctx>, frame: unknown): void => {
    const f = typeof frame === 'object' && frame !== null && !Array.isArray(frame) ? (frame as Record<string, unknown>) : null;
    if (f === null) {
      c.ws.close(1000); // receive_json raised: the endpoint returned
      return;
    }
    const conv = f.conversation_id;
    switch (typed(f)?.type) {
      case 'ping':
        return sendJson(c.ws, { type: 'pong' });
      case 'subscribe_user': {
        let added = 0;
        for (const [id, members] of conversations) {
          if (members.has(c.context.userId) && !c.context.subscriptions.has(id)) {
            c.context.subscriptions.add(id);
            added++;
          }
        }
        return sendJson(c.ws, { type: 'user_subscribed', conversation_count: added });
      }
      case 'subscribe':
        if (!conv) return sendJson(c.ws, { type: 'error', message: 'Missing conversation_id' });
        if (!UUID_RE.test(String(conv))) return sendJson(c.ws, { type: 'error', message: 'Invalid conversation_id format' });
        if (!conversations.get(String(conv))?.has(c.context.userId)) {
          return sendJson(c.ws, { type: 'error', message: 'Not a participant in this conversation' });
        }
        c.context.subscriptions.add(String(conv));
        return sendJson(c.ws, { type: 'subscribed', conversation_id: conv });
      case 'unsubscribe':
        if (!conv) return;
        c.context.subscriptions.delete(String(conv));
        return sendJson(c.ws, { type: 'unsubscribed', conversation_id: conv });
      case 'message':
        return onMessage(c, f);
      case 'message_seen':
        return onSeen(c, f);
      default:
        return sendJson(c.ws, { type: 'error', message: `Unknown message type: ${typeof f.type === 'string' ? f.type : 'None'}` });
    }
  };

  const core: FakeCore<Ctx> = await FakeCore.start<Ctx>({
    port: options.port,
    path: '/ws',
    restartStyle: 'close-1012',
    authorize: async (req, url) => {
      const claims = url.pathname === '/ws' ? await verifyHs256(secret, cookiesOf(req).get('access_token')) : null;
      if (typeof claims?.sub !== 'string' || claims.sub === '') return { accept: false, status: 403 };
      return { accept: true, context: { userId: claims.sub, subscriptions: new Set<string>() } };
    },
    onOpen: () => {},
    onFrame,
  });

  const stopHeartbeat = every(options.heartbeatIntervalMs ?? 30_000, () => core.broadcast({ type: 'heartbeat' }));

  return withBase(core, stopHeartbeat, {
    addConversation(conversationId: string, participants: string[]) {
      conversations.set(conversationId, new Set(participants));
    },
    subscriptionsOf(userId: string) {
      return [...core.clients].filter(socketsOf(userId)).map((c) => [...c.context.subscriptions]);
    },
    postEncrypted(conversationId, senderId, opts = {}) {
      return store(conversationId, senderId, {
        client_message_id: opts.clientMessageId ?? null,
        group_epoch: opts.groupEpoch ?? null,
        expires_after_seen_sec: opts.expiresAfterSeenSec ?? null,
        ciphertext: opts.ciphertext ?? Buffer.from(`sealed:${randomUUID()}`).toString('base64'),
        iv: opts.iv ?? Buffer.alloc(IV_BYTES, 7).toString('base64'),
      });
    },
    markSeen(messageId, seenBy) {
      seen(messageId, seenBy);
    },
  } satisfies Omit<HushFake, keyof FakeServerBase>);
}
