// hush: an end-to-end encrypted "blind relay" (FastAPI under uvicorn, `ws://host/ws`).
// Wire facts (issue 11 §2, checked against hush's `app/routers/websocket.py`
// as test/profiles/fakes/hush.ts reproduces it):
// - The JWT travels only in the `access_token` cookie; the user is its `sub`.
//   Missing, invalid or expired → close 4001 before accept, which the client
//   sees as HTTP 403 on the upgrade: "sign in again", not "forbidden".
// - Accepted → nothing until there is traffic: the upgrade is the sign-in.
// - `{"type":"subscribe_user"}` joins every conversation of the user →
//   `user_subscribed` {conversation_count}; `subscribe`/`unsubscribe` with a
//   `conversation_id` → `subscribed`/`unsubscribed`. `ping` → `pong`.
//   `{"type":"heartbeat"}` every 30 s.
// - `message` {id, conversation_id, sender_id, client_message_id, group_epoch,
//   expires_after_seen_sec, ciphertext, iv, created_at}: Beacon holds no keys,
//   so it is an "Encrypted message" (body null); the ciphertext is dropped here
//   and never travels further. No seq: arrival order, duplicates dropped by id.
// - `message_sent` (a confirmation to the sender's socket), `message_seen`
//   {message_id, conversation_id, seen_by, seen_at, seen_count,
//   total_recipients, all_recipients_seen, sender_delete_after_seen_at} (sent
//   twice to a subscribed sender): known, shown nowhere. `error` {message,
//   code?, client_message_id?} → the engine's error event.
// - Any other client type (`user_presence` included) is answered with an
//   error: Beacon sends no presence, no read marks (a `message_seen` from us
//   would start the sender's delete-after-seen timer) and no pong.
import { z } from 'zod';
import type { DecodeResult } from '../events';
import { parseFrameText } from '../decode';
import { ClientIdSchema, IdSchema, MESSAGE_LIMITS } from '../schemas';
import { messageEvent } from '../v1-message';
import { tableCodec } from './codec';
import { PROFILE_LABELS } from './ids';
import type { ProfileData, ServerProfile } from './types';

const KNOWN = { kind: 'known' } as const;

/** What Beacon says when Hush turns the sign-in away (HTTP 403 on the upgrade, or close 4001). */
export const HUSH_SIGN_IN_AGAIN = 'Hush did not accept your sign-in: the access token has expired or is not valid. Sign in to Hush again and use the new token.';

export const HUSH_DATA: ProfileData = {
  id: 'hush',
  label: PROFILE_LABELS.hush,
  url: { example: 'ws://localhost:8000/ws', path: '/ws' },
  token: { default: { kind: 'cookie', name: 'access_token' }, allowed: [{ kind: 'cookie', name: 'access_token' }] },
  signIn: 'upgrade',
  identity: { kind: 'jwt-claim', claim: 'sub' },
  events: {
    // Decoded by the codec below (the v1 decoder would count hush's extra fields as unknown).
    message: { kind: 'v1' },
    error: { kind: 'v1' },
    pong: { kind: 'v1' },
    user_subscribed: KNOWN,
    subscribed: KNOWN,
    unsubscribed: KNOWN,
    message_sent: KNOWN,
    message_seen: KNOWN,
  },
  otherTypes: 'unknown',
  welcome: null,
  subscribe: 'all',
  hasPresence: false,
  heartbeat: { clientPing: 'json', lifeSigns: ['heartbeat'] },
  refusals: {
    close: { 4001: { action: 'reauth', message: HUSH_SIGN_IN_AGAIN } },
    http: { 403: { action: 'reauth', message: HUSH_SIGN_IN_AGAIN } },
    frames: [],
  },
  canSend: {
    ok: false,
    reason: 'Hush messages are end-to-end encrypted and Beacon holds none of your keys: Beacon tells you when one arrives; read and reply in Hush.',
  },
  // Messages notify as on any server; hush sends nothing else worth a notification.
  notificationRules: [],
};

const table = tableCodec(HUSH_DATA, {
  // The server answers any type it does not have with an error frame.
  without: ['send', 'read', 'pong'],
  encode: (f) => {
    switch (f.type) {
      case 'subscribe_all':
        return '{"type":"subscribe_user"}';
      case 'subscribe':
      case 'unsubscribe':
        return JSON.stringify({ type: f.type, conversation_id: f.threadId });
      default:
        return undefined;
    }
  },
});

/** A field that may be absent or null and is not checked further (Beacon shows none of it). */
const Loose = z.unknown().optional();
const NullableText = (max: number) => z.string().max(max).nullish().catch(null);

const MessageSchema = z.object({
  id: IdSchema,
  conversation_id: IdSchema,
  sender_id: IdSchema,
  created_at: NullableText(MESSAGE_LIMITS.ts),
  client_message_id: Loose,
  group_epoch: Loose,
  expires_after_seen_sec: Loose,
  ciphertext: Loose,
  iv: Loose,
});
const MESSAGE_KEYS = new Set(['type', ...Object.keys(MessageSchema.shape)]);

const ErrorSchema = z.object({
  message: z.string().max(2_000).catch('unspecified server error'),
  client_message_id: ClientIdSchema.nullish().catch(null),
  code: Loose,
});
const ERROR_KEYS = new Set(['type', ...Object.keys(ErrorSchema.shape)]);

const unknownKeys = (frame: Record<string, unknown>, known: Set<string>): number => {
  let n = 0;
  for (const k in frame) if (!known.has(k)) n++;
  return n;
};

const invalid = (type: string, err: z.ZodError): DecodeResult => {
  const first = err.issues[0];
  return { ok: false, reason: 'invalid_frame', frameType: type, detail: first ? `${first.path.join('.') || 'frame'}: ${first.message}`.slice(0, 200) : 'invalid frame' };
};

/** hush's flat `message` and `error` frames; everything else goes through the table. */
function decode(text: string): DecodeResult {
  const parsed = parseFrameText(text);
  if ('ok' in parsed) return parsed;
  const f = parsed.raw;
  if (typeof f !== 'object' || f === null || Array.isArray(f)) return table.decode(text);
  const frame = f as Record<string, unknown>;
  if (frame.type === 'message') {
    const r = MessageSchema.safeParse(frame);
    if (!r.success) return invalid('message', r.error);
    const m = r.data;
    // No keys here: shown as "Encrypted message", and the ciphertext goes no further than this decoder.
    const event = messageEvent({ threadId: m.conversation_id, id: m.id, seq: null, sender: m.sender_id, body: null, ciphertext: null, iv: null, ts: m.created_at ?? null, clientId: null }, false);
    return { ok: true, event, unknownFields: unknownKeys(frame, MESSAGE_KEYS) };
  }
  if (frame.type === 'error') {
    const r = ErrorSchema.safeParse(frame);
    if (!r.success) return invalid('error', r.error);
    const event = { type: 'error' as const, message: r.data.message, clientId: r.data.client_message_id ?? null, threadId: null };
    return { ok: true, event, unknownFields: unknownKeys(frame, ERROR_KEYS) };
  }
  return table.decode(text);
}

export const HUSH: ServerProfile = { ...HUSH_DATA, codec: { decode, encode: table.encode } };
