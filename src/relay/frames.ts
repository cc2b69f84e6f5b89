// Client frames are parsed with zod (unknown fields are ignored, as the
// protocol demands); server frames are built here so every one carries the
// same shape and a timestamp.
import { z } from 'zod';
import { PresenceStatusSchema, type PresenceStatus } from '../shared/types';

export const MAX_BODY_CHARS = 64 * 1024;
export const MAX_ID_CHARS = 128;

const ThreadId = z.string().min(1).max(MAX_ID_CHARS);
const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('subscribe'), thread_id: ThreadId, since: Seq.optional() }),
  z.object({ type: z.literal('unsubscribe'), thread_id: ThreadId }),
  z.object({
    type: z.literal('send'),
    thread_id: ThreadId,
    client_id: z.string().min(1, 'client_id must not be empty').max(MAX_ID_CHARS, `client_id is at most ${MAX_ID_CHARS} characters`),
    body: z.string().min(1, 'body must not be empty').max(MAX_BODY_CHARS, `body is at most ${MAX_BODY_CHARS} characters`),
  }),
  z.object({ type: z.literal('read'), thread_id: ThreadId, seq: Seq }),
  z.object({ type: z.literal('user_presence'), data: PresenceStatusSchema }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

const KNOWN_TYPES = new Set(['ping', 'pong', 'subscribe', 'unsubscribe', 'send', 'read', 'user_presence']);

/**
 * `invalid` failures count toward the close-1008 budget. An unknown `type` is
 * answered with an error but not counted: the protocol says unknown types are
 * never fatal, and a newer client must not be cut off (1008 means "sign in
 * again" to clients) by an older relay.
 */
export type ParseResult = { ok: true; frame: ClientFrame } | { ok: false; error: string; invalid: boolean };

export function parseClientFrame(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Invalid message format: not JSON', invalid: true };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: 'Invalid message format: expected a JSON object', invalid: true };
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string') return { ok: false, error: 'Invalid message format: missing string "type"', invalid: true };
  if (!KNOWN_TYPES.has(type)) return { ok: false, error: `Unknown frame type: ${type.slice(0, 40)}`, invalid: false };
  const parsed = ClientFrameSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `Invalid ${type} frame: ${where}${issue?.message ?? 'bad shape'}`, invalid: true };
  }
  return { ok: true, frame: parsed.data };
}

export type NotificationLevel = 'info' | 'success' | 'warning' | 'error';

export interface ThreadSummary {
  id: string;
  title: string;
  unread: number;
  lastSeq: number;
}

export interface StoredMessage {
  threadId: string;
  id: string;
  seq: number;
  sender: string;
  body: string;
  ts: string;
}

const now = (): string => new Date().toISOString();
const frame = (value: Record<string, unknown>): string => JSON.stringify({ ...value, timestamp: now() });

export const serverFrames = {
  auth: (userId: string) => frame({ type: 'auth', data: { success: true, userId } }),
  threads: (threads: ThreadSummary[]) => frame({ type: 'threads', data: threads }),
  presenceSnapshot: (entries: { userId: string; status: PresenceStatus }[]) =>
    frame({ type: 'presence_snapshot', data: entries }),
  presence: (userId: string, status: PresenceStatus) => frame({ type: 'user_presence', data: { userId, status } }),
  ping: () => frame({ type: 'ping' }),
  pong: () => frame({ type: 'pong' }),
  /** A message's frame is its own record; `timestamp` is when the relay accepted it. */
  message: (m: StoredMessage) =>
    JSON.stringify({
      type: 'message',
      thread_id: m.threadId,
      id: m.id,
      seq: m.seq,
      sender: m.sender,
      body: m.body,
      ts: m.ts,
      timestamp: m.ts,
    }),
  gap: (threadId: string, from: number, to: number) => frame({ type: 'gap', thread_id: threadId, from, to }),
  ack: (clientId: string, id: string, seq: number) => frame({ type: 'ack', client_id: clientId, id, seq }),
  read: (threadId: string, seq: number) => frame({ type: 'read', thread_id: threadId, seq }),
  notification: (n: { id: string; level: NotificationLevel; title?: string; message: string }) =>
    frame({ type: 'notification', data: n }),
  announcement: (message: string) => frame({ type: 'system_announcement', message }),
  error: (error: string, context: { thread_id?: string; client_id?: string } = {}) =>
    frame({ type: 'error', data: { error, ...context } }),
};
