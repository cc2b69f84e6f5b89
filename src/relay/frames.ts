// Client frames are parsed with zod (unknown fields are ignored, as the
// protocol demands); server frames are built here so every one carries the
// same shape and a timestamp.
import { z } from 'zod';
import type { NotificationLevel } from '../shared/protocol';
import { MAX_BODY_CHARS, MAX_CLIENT_ID_CHARS } from '../shared/protocol/limits';
import { PresenceStatusSchema, type PresenceStatus } from '../shared/types';

export { MAX_BODY_CHARS };
export const MAX_ID_CHARS = 128;
/** A user id: a token's `sub`, a thread member, a sender named over the API. */
export const MAX_USER_ID_CHARS = 256;
export const UserIdSchema = z.string().min(1).max(MAX_USER_ID_CHARS);

/** Ids longer than this are not echoed in an error: the answer must stay far below the client's frame limit. */
export const MAX_ECHO_ID_CHARS = 1024;

// Client frames are judged in two layers. The shape names the fields a frame
// must carry and their JSON types; a frame that misses it is malformed (a broken
// or hostile client) and counts toward the close-1008 budget. The rules
// (lengths, ranges, the presence values) judge a well-formed request: failing
// one rejects that request only. It must not cost the connection: 1008 means
// "sign in again" to clients, and a client resends an unanswered message after
// every reconnect, so one bad message would lock its user out.
const str = z.string();
const num = z.number();
const ClientFrameShape = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('subscribe'), thread_id: str, since: num.optional() }),
  z.object({ type: z.literal('unsubscribe'), thread_id: str }),
  z.object({ type: z.literal('send'), thread_id: str, client_id: str, body: str }),
  z.object({ type: z.literal('read'), thread_id: str, seq: num }),
  z.object({ type: z.literal('user_presence'), data: str }),
]);

const ThreadId = z.string().min(1, 'thread_id must not be empty').max(MAX_ID_CHARS, `thread_id is at most ${MAX_ID_CHARS} characters`);
const seq = (name: string) =>
  z.number().int(`${name} must be a whole number`).min(0, `${name} must not be negative`).max(Number.MAX_SAFE_INTEGER, `${name} is too large`);

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('subscribe'), thread_id: ThreadId, since: seq('since').optional() }),
  z.object({ type: z.literal('unsubscribe'), thread_id: ThreadId }),
  z.object({
    type: z.literal('send'),
    thread_id: ThreadId,
    client_id: z.string().min(1, 'client_id must not be empty').max(MAX_CLIENT_ID_CHARS, `client_id is at most ${MAX_CLIENT_ID_CHARS} characters`),
    body: z.string().min(1, 'body must not be empty').max(MAX_BODY_CHARS, `body is at most ${MAX_BODY_CHARS} characters`),
  }),
  z.object({ type: z.literal('read'), thread_id: ThreadId, seq: seq('seq') }),
  z.object({ type: z.literal('user_presence'), data: z.enum(PresenceStatusSchema.options, { error: 'data must be online, away, busy or offline' }) }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

const KNOWN_TYPES: ReadonlySet<string> = new Set(ClientFrameShape.options.map((o) => o.shape.type.value));

/** The ids a failed frame named, echoed in its error so the client can tell which request failed. */
export interface ErrorContext {
  thread_id?: string;
  client_id?: string;
}

/**
 * Why a frame was not handled:
 * - `malformed`: not JSON, not an object, no string `type`, or a known type
 *   without its required fields of the right JSON types. Counts toward the
 *   close-1008 budget.
 * - `rejected`: a well-formed request that breaks a field rule (empty or
 *   too-long body, over-long id, negative seq …). Answered, not counted.
 * - `unknown_type`: answered, not counted: the protocol says unknown types are
 *   never fatal, and a newer client must not be cut off by an older relay.
 */
export type FrameFailure = 'malformed' | 'rejected' | 'unknown_type';
export type ParseResult =
  | { ok: true; frame: ClientFrame }
  /** `type` is the frame's known type, null when it has none. */
  | { ok: false; failure: FrameFailure; type: string | null; error: string; context: ErrorContext };

function contextOf(raw: object): ErrorContext {
  const context: ErrorContext = {};
  const { thread_id: threadId, client_id: clientId } = raw as { thread_id?: unknown; client_id?: unknown };
  if (typeof threadId === 'string' && threadId.length <= MAX_ECHO_ID_CHARS) context.thread_id = threadId;
  if (typeof clientId === 'string' && clientId.length <= MAX_ECHO_ID_CHARS) context.client_id = clientId;
  return context;
}

function firstIssue(error: z.ZodError): { where: string; message: string } {
  const issue = error.issues[0];
  return { where: issue && issue.path.length > 0 ? issue.path.join('.') : '', message: issue?.message ?? 'bad shape' };
}

export function parseClientFrame(text: string): ParseResult {
  const fail = (failure: FrameFailure, error: string, context: ErrorContext = {}, type: string | null = null): ParseResult =>
    ({ ok: false, failure, type, error, context });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('malformed', 'Invalid message format: not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('malformed', 'Invalid message format: expected a JSON object');
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string') return fail('malformed', 'Invalid message format: missing string "type"');
  const context = contextOf(raw);
  if (!KNOWN_TYPES.has(type)) return fail('unknown_type', `Unknown frame type: ${type.slice(0, 40)}`, context);
  const parsed = ClientFrameSchema.safeParse(raw);
  if (parsed.success) return { ok: true, frame: parsed.data };
  // Only a failure is classified, so a valid frame costs one parse.
  const shape = ClientFrameShape.safeParse(raw);
  if (!shape.success) {
    const { where, message } = firstIssue(shape.error);
    return fail('malformed', `Invalid ${type} frame: ${where ? `${where}: ` : ''}${message}`, context, type);
  }
  return fail('rejected', `${type} rejected: ${firstIssue(parsed.error).message}`, context, type);
}

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
  auth: (userId: string, historyId: string) => frame({ type: 'auth', data: { success: true, userId, historyId } }),
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
  error: (error: string, context: ErrorContext = {}) =>
    frame({ type: 'error', data: { error, ...context } }),
};
