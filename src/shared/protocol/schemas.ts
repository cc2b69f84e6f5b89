// Zod schemas for the normalized shapes. The decoder first gathers each field
// from wherever the protocol (or a compat server) puts it, then validates the
// gathered candidate here, so aliases never leak past the decoder.
import { z } from 'zod';
import { NOTIFICATION_LEVELS } from './events';
import { MAX_CLIENT_ID_CHARS, MAX_FRAME_BYTES } from './limits';

/**
 * Length caps of the message fields, shared with the `message` fast path (v1-message.ts),
 * which must accept exactly what MessageSchema accepts.
 */
export const MESSAGE_LIMITS = {
  id: 512,
  /** No text can be longer than the frame that carries it. */
  text: MAX_FRAME_BYTES,
  iv: 4096,
  ts: 100,
  clientId: MAX_CLIENT_ID_CHARS,
} as const;

/** A message's client_id: the key the server de-duplicates resends on, as the client makes and stores it. */
export const ClientIdSchema = z.string().min(1).max(MESSAGE_LIMITS.clientId);

/** Wire ids are strings; some servers send numbers, which are the same id. */
export const IdSchema = z.union([z.string().min(1).max(MESSAGE_LIMITS.id), z.number().int().nonnegative()]).transform(String);
export const SeqSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const OptText = z.string().max(MESSAGE_LIMITS.text).nullable();

const PRESENCE_ALIASES: Record<string, 'online' | 'away' | 'busy' | 'offline'> = {
  online: 'online',
  available: 'online',
  active: 'online',
  away: 'away',
  idle: 'away',
  busy: 'busy',
  dnd: 'busy',
  do_not_disturb: 'busy',
  offline: 'offline',
  invisible: 'offline',
  appear_offline: 'offline',
};

export const WirePresenceSchema = z
  .string()
  .transform((s, ctx) => {
    const status = PRESENCE_ALIASES[s.trim().toLowerCase()];
    if (status) return status;
    ctx.addIssue({ code: 'custom', message: `unknown presence status "${s.slice(0, 40)}"` });
    return z.NEVER;
  });

const LEVEL_ALIASES: Record<string, (typeof NOTIFICATION_LEVELS)[number]> = {
  info: 'info',
  information: 'info',
  notice: 'info',
  success: 'success',
  ok: 'success',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  critical: 'error',
  danger: 'error',
};

/** An unknown or missing level is shown as `info`: a notification is never dropped over its colour. */
export const LevelSchema = z.unknown().transform((v) => (typeof v === 'string' && LEVEL_ALIASES[v.toLowerCase()]) || 'info');

/** An opaque string that stays the same for as long as the server's seq numbering does. */
export const HistoryIdSchema = z.string().min(1).max(200);
export const AuthOkSchema = z.object({ userId: IdSchema, historyId: HistoryIdSchema.nullable() });
export const AuthFailSchema = z.object({ reason: z.string().max(2000) });

export const ThreadSummarySchema = z.object({
  id: IdSchema,
  title: z.string().max(10_000).nullable(),
  unread: z.number().int().nonnegative().nullable(),
  lastSeq: SeqSchema.nullable(),
});

/** A page of a long list (relay: src/relay/paging.ts): both fields or neither, 1 ≤ page ≤ pages. */
export const ListPageSchema = z
  .object({ page: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), pages: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })
  .refine((p) => p.page <= p.pages, { message: 'page must not exceed pages', path: ['page'] });

export const MessageSchema = z
  .object({
    threadId: IdSchema,
    id: IdSchema,
    seq: SeqSchema.nullable(),
    sender: IdSchema,
    body: OptText,
    ciphertext: OptText,
    iv: z.string().max(MESSAGE_LIMITS.iv).nullable(),
    ts: z.string().max(MESSAGE_LIMITS.ts).nullable(),
    clientId: ClientIdSchema.nullable(),
  })
  .refine((m) => m.body !== null || (m.ciphertext !== null && m.iv !== null), {
    message: 'a message needs a body, or ciphertext and iv',
  });

export const GapSchema = z
  .object({ threadId: IdSchema, from: SeqSchema, to: SeqSchema })
  .refine((g) => g.from <= g.to, { message: 'gap from must not exceed to' });

export const AckSchema = z.object({
  clientId: ClientIdSchema,
  id: IdSchema,
  seq: SeqSchema,
  threadId: IdSchema.nullable(),
});

export const ReadSchema = z.object({ threadId: IdSchema, seq: SeqSchema });

export const PresenceSchema = z.object({ userId: IdSchema.nullable(), status: WirePresenceSchema });

export const PresenceEntrySchema = z.object({ userId: IdSchema, status: WirePresenceSchema });

export const NotificationSchema = z.object({
  id: IdSchema.nullable(),
  level: LevelSchema,
  title: z.string().max(10_000).nullable(),
  message: z.string().max(MAX_FRAME_BYTES),
});

export const AnnouncementSchema = z.object({ message: z.string().max(MAX_FRAME_BYTES) });

export const ErrorSchema = z.object({
  message: z.string().max(10_000),
  clientId: ClientIdSchema.nullable(),
  threadId: IdSchema.nullable(),
});
