// The tolerant server-frame decoder: text in, a typed event or a reason out.
// It never throws; unknown types and fields are reported, not fatal.
import type { z } from 'zod';
import type { DecodeResult, ListPage, ServerEvent } from './events';
import { MAX_FRAME_BYTES } from './limits';
import {
  AckSchema,
  AnnouncementSchema,
  AuthFailSchema,
  AuthOkSchema,
  ErrorSchema,
  GapSchema,
  ListPageSchema,
  MessageSchema,
  NotificationSchema,
  PresenceEntrySchema,
  PresenceSchema,
  ReadSchema,
  ThreadSummarySchema,
} from './schemas';
import { decodeV1Message, messageEvent } from './v1-message';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field lookup: the frame's `data` object wins over the top level, first alias that is present wins. */
function pick(top: Obj, data: Obj | null, names: readonly string[]): unknown {
  if (data) {
    for (const n of names) if (Object.hasOwn(data, n) && data[n] !== undefined) return data[n];
  }
  for (const n of names) if (Object.hasOwn(top, n) && top[n] !== undefined) return top[n];
  return null;
}

const F = {
  threadId: ['thread_id', 'threadId', 'conversationId', 'conversation_id'],
  id: ['id', 'messageId', 'message_id'],
  seq: ['seq'],
  sender: ['sender', 'sender_id', 'senderId', 'from'],
  body: ['body', 'content', 'text'],
  ciphertext: ['ciphertext'],
  iv: ['iv'],
  ts: ['ts', 'timestamp', 'created_at', 'createdAt'],
  clientId: ['client_id', 'clientId'],
  userId: ['userId', 'user_id'],
  message: ['message', 'error', 'text', 'body'],
} as const;

/** Every key each frame type may carry (at the top level or in `data`); the rest are counted as unknown. */
const COMMON = ['type', 'timestamp', 'data'];
const KNOWN: Record<string, ReadonlySet<string>> = {};
function known(types: string[], keys: readonly string[]): void {
  const set = new Set([...COMMON, ...keys]);
  for (const t of types) KNOWN[t] = set;
}
known(['auth', 'connection_ack'], ['success', ...F.userId, 'historyId', 'history_id', 'reason', 'error', 'message', 'code']);
known(['threads'], ['threads', 'page', 'pages']);
known(['message', 'chat_message'], [
  ...F.threadId, ...F.id, ...F.seq, ...F.sender, ...F.body, ...F.ciphertext, ...F.iv, ...F.ts, ...F.clientId,
]);
known(['gap'], [...F.threadId, 'from', 'to']);
known(['ack'], [...F.clientId, ...F.id, ...F.seq, ...F.threadId]);
known(['read'], [...F.threadId, ...F.seq, ...F.userId]);
known(['user_presence'], [...F.userId, 'status']);
known(['presence_snapshot'], ['users', 'presence', 'page', 'pages']);
known(['notification'], ['id', 'level', 'title', 'message', 'body', 'to']);
known(['system_announcement'], ['message', 'text', 'to']);
known(['error'], [...F.message, 'code', ...F.clientId, ...F.threadId]);
known(['ping', 'pong'], []);

function countUnknown(type: string, top: Obj, data: Obj | null): number {
  const set = KNOWN[type];
  if (!set) return 0;
  let n = 0;
  for (const k in top) if (!set.has(k)) n++;
  if (data) for (const k in data) if (!set.has(k)) n++;
  return n;
}

type Fail = Extract<DecodeResult, { ok: false }>;
const fail = (reason: Fail['reason'], frameType: string | null, detail: string): Fail => ({
  ok: false,
  reason,
  frameType,
  detail,
});

function issue(err: z.ZodError): string {
  const first = err.issues[0];
  if (!first) return 'invalid frame';
  const at = first.path.length ? first.path.join('.') : 'frame';
  return `${at}: ${first.message}`.slice(0, 200);
}

/** Validates a gathered candidate; returns the parsed value or a failure. */
function check<T>(schema: z.ZodType<T>, candidate: unknown, type: string): { v: T } | Fail {
  const r = schema.safeParse(candidate);
  return r.success ? { v: r.data } : fail('invalid_frame', type, issue(r.error));
}

/** Lists are tolerated entry by entry: a bad entry is dropped (and counted), the good ones kept. */
function list<T>(schema: z.ZodType<T>, items: unknown[], gather: (o: Obj) => unknown): { items: T[]; dropped: number } {
  const out: T[] = [];
  let dropped = 0;
  for (const it of items) {
    const r = isObj(it) ? schema.safeParse(gather(it)) : null;
    if (r?.success) out.push(r.data);
    else dropped++;
  }
  return { items: out, dropped };
}

/**
 * A list frame's place among its pages: none (a whole list), or page/pages. A frame with only one
 * of them, or one that cannot be placed, is refused: taken as a whole list it would replace the list.
 */
function listPage(type: string, top: Obj, data: Obj | null): { page: ListPage | null } | Fail {
  const page = pick(top, data, ['page']);
  const pages = pick(top, data, ['pages']);
  if (page === null && pages === null) return { page: null };
  const r = check(ListPageSchema, { page, pages }, type);
  return 'v' in r ? { page: r.v } : r;
}

function decodeObject(type: string, top: Obj): { event: ServerEvent; extra: number } | Fail {
  const data = isObj(top.data) ? top.data : null;
  switch (type) {
    case 'ping':
    case 'pong':
      return { event: { type }, extra: 0 };
    case 'auth':
    case 'connection_ack': {
      const success = pick(top, data, ['success']);
      if (type === 'auth' && success !== true) {
        const reason = pick(top, data, ['reason', 'error', 'message']);
        const r = check(AuthFailSchema, { reason: typeof reason === 'string' && reason ? reason : 'authentication refused' }, type);
        return 'v' in r ? { event: { type: 'auth', ok: false, reason: r.v.reason }, extra: 0 } : r;
      }
      const r = check(AuthOkSchema, { userId: pick(top, data, F.userId), historyId: pick(top, data, ['historyId', 'history_id']) }, type);
      if (!('v' in r)) return r;
      return { event: { type: 'auth', ok: true, userId: r.v.userId, compat: type === 'connection_ack', historyId: r.v.historyId }, extra: 0 };
    }
    case 'threads': {
      const raw = Array.isArray(top.data) ? top.data : pick(top, data, ['threads']);
      if (!Array.isArray(raw)) return fail('invalid_frame', type, 'data: expected an array of threads');
      const p = listPage(type, top, data);
      if ('ok' in p) return p;
      const { items, dropped } = list(ThreadSummarySchema, raw, (o) => ({
        id: pick(o, null, ['id', ...F.threadId]),
        title: pick(o, null, ['title', 'name']),
        unread: pick(o, null, ['unread', 'unread_count', 'unreadCount']),
        lastSeq: pick(o, null, ['lastSeq', 'last_seq']),
      }));
      return { event: { type: 'threads', threads: items, ...(p.page ? { page: p.page } : {}) }, extra: dropped };
    }
    case 'message':
    case 'chat_message': {
      const r = check(MessageSchema, {
        threadId: pick(top, data, F.threadId),
        id: pick(top, data, F.id),
        seq: pick(top, data, F.seq),
        sender: pick(top, data, F.sender),
        body: pick(top, data, F.body),
        ciphertext: pick(top, data, F.ciphertext),
        iv: pick(top, data, F.iv),
        ts: pick(top, data, F.ts),
        clientId: pick(top, data, F.clientId),
      }, type);
      return 'v' in r ? { event: messageEvent(r.v, type === 'chat_message'), extra: 0 } : r;
    }
    case 'gap': {
      const r = check(GapSchema, { threadId: pick(top, data, F.threadId), from: pick(top, data, ['from']), to: pick(top, data, ['to']) }, type);
      return 'v' in r ? { event: { type: 'gap', ...r.v }, extra: 0 } : r;
    }
    case 'ack': {
      const r = check(AckSchema, { clientId: pick(top, data, F.clientId), id: pick(top, data, F.id), seq: pick(top, data, F.seq), threadId: pick(top, data, F.threadId) }, type);
      return 'v' in r ? { event: { type: 'ack', ...r.v }, extra: 0 } : r;
    }
    case 'read': {
      const r = check(ReadSchema, { threadId: pick(top, data, F.threadId), seq: pick(top, data, F.seq) }, type);
      return 'v' in r ? { event: { type: 'read', ...r.v }, extra: 0 } : r;
    }
    case 'user_presence': {
      // Protocol: data is {userId,status}. Compat: data is the bare status string, whose owner
      // (if named at all) sits at the top level.
      const bare = typeof top.data === 'string';
      const status = bare ? top.data : pick(top, data, ['status']);
      const userId = pick(top, data, F.userId);
      // Only a bare status string may mean "this connection's user"; any other shape that names
      // nobody would otherwise be taken for the user's own status.
      if (!bare && userId === null) return fail('invalid_frame', type, 'userId: a presence object must name its user');
      const r = check(PresenceSchema, { userId, status }, type);
      return 'v' in r ? { event: { type: 'presence', ...r.v }, extra: 0 } : r;
    }
    case 'presence_snapshot': {
      const raw = Array.isArray(top.data) ? top.data : pick(top, data, ['users', 'presence']);
      if (!Array.isArray(raw)) return fail('invalid_frame', type, 'data: expected an array of presence entries');
      const p = listPage(type, top, data);
      if ('ok' in p) return p;
      const { items, dropped } = list(PresenceEntrySchema, raw, (o) => ({
        userId: pick(o, null, F.userId),
        status: pick(o, null, ['status']),
      }));
      return { event: { type: 'presence_snapshot', entries: items, ...(p.page ? { page: p.page } : {}) }, extra: dropped };
    }
    case 'notification': {
      const r = check(NotificationSchema, {
        id: pick(top, data, ['id']),
        level: pick(top, data, ['level']),
        title: pick(top, data, ['title']),
        message: pick(top, data, ['message', 'body']),
      }, type);
      return 'v' in r ? { event: { type: 'notification', ...r.v, welcome: false }, extra: 0 } : r;
    }
    case 'system_announcement': {
      const message = typeof top.data === 'string' ? top.data : pick(top, data, ['message', 'text']);
      const r = check(AnnouncementSchema, { message }, type);
      return 'v' in r ? { event: { type: 'announcement', message: r.v.message }, extra: 0 } : r;
    }
    case 'error': {
      const message = typeof top.data === 'string' ? top.data : pick(top, data, F.message);
      const r = check(ErrorSchema, {
        message: typeof message === 'string' ? message : 'unspecified server error',
        clientId: pick(top, data, F.clientId),
        threadId: pick(top, data, F.threadId),
      }, type);
      return 'v' in r ? { event: { type: 'error', ...r.v }, extra: 0 } : r;
    }
    default:
      return fail('unknown_type', type, `unknown frame type "${type.slice(0, 60)}"`);
  }
}

/** A frame's JSON, or why it is not a frame at all. Shared by the profile codecs. */
export function parseFrameText(text: string): { raw: unknown } | Fail {
  if (typeof text !== 'string') return fail('invalid_json', null, 'frame is not text');
  if (text.length > MAX_FRAME_BYTES) return fail('too_large', null, `frame exceeds ${MAX_FRAME_BYTES} bytes`);
  try {
    return { raw: JSON.parse(text) as unknown };
  } catch {
    return fail('invalid_json', null, 'frame is not valid JSON');
  }
}

/** Decodes one server text frame (protocol v1, compat shapes included). Never throws. */
export function decodeServerFrame(text: string): DecodeResult {
  // parseFrameText inlined: no wrapper object per frame on the relay's hot path.
  if (typeof text !== 'string') return fail('invalid_json', null, 'frame is not text');
  if (text.length > MAX_FRAME_BYTES) return fail('too_large', null, `frame exceeds ${MAX_FRAME_BYTES} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('invalid_json', null, 'frame is not valid JSON');
  }
  return decodeV1Parsed(raw);
}

/** The v1 decoder on an already parsed frame: the `message` fast path, then the schemas. */
export function decodeV1Parsed(raw: unknown): DecodeResult {
  if (isObj(raw) && raw.type === 'message') {
    // Either exactly what the schemas would say, or null: see v1-message.ts.
    const fast = decodeV1Message(raw);
    if (fast) return fast;
  }
  return decodeWithSchemas(raw);
}

/**
 * Decodes one parsed frame through the schemas alone, never the fast path. decodeServerFrame
 * is this plus JSON parsing and the fast path; the tests compare the two.
 */
export function decodeWithSchemas(raw: unknown): DecodeResult {
  if (!isObj(raw)) return fail('not_object', null, 'frame is not a JSON object');
  const type = raw.type;
  if (typeof type !== 'string' || type.length === 0) return fail('missing_type', null, 'frame has no string "type"');
  try {
    const r = decodeObject(type, raw);
    if ('ok' in r) return r;
    return { ok: true, event: r.event, unknownFields: countUnknown(type, raw, isObj(raw.data) ? raw.data : null) + r.extra };
  } catch (err) {
    // Defensive: the schemas are not expected to throw, but a decoder that can never take the
    // connection down is the contract.
    return fail('invalid_frame', type, `decoder error: ${err instanceof Error ? err.message.slice(0, 100) : 'unknown'}`);
  }
}
