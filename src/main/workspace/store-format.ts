// The message store's on-disk shapes. Every line is parsed with a schema:
// the files are ours, but a torn write or a hand edit must cost only the bad
// lines, never the load.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ClientIdSchema, MESSAGE_LIMITS } from '../../shared/protocol/schemas';
import type { Entry, MessageEntry } from './timeline';

export const META_FILE = 'workspace.json';
const THREAD_PREFIX = 'thread-';
const THREAD_SUFFIX = '.jsonl';

/** Thread ids are server-chosen text: never a file name as is. */
export function threadFileName(threadId: string): string {
  return `${THREAD_PREFIX}${createHash('sha256').update(threadId).digest('hex').slice(0, 40)}${THREAD_SUFFIX}`;
}

export function isThreadFile(name: string): boolean {
  return name.startsWith(THREAD_PREFIX) && name.endsWith(THREAD_SUFFIX);
}

/** Files this store may have left: its own and their temp files (removed on sign-out). */
export function isStoreFile(name: string): boolean {
  return isThreadFile(name) || name === META_FILE || ((name.startsWith(THREAD_PREFIX) || name.startsWith(META_FILE)) && name.includes('.tmp-'));
}

const Id = z.string().min(1).max(MESSAGE_LIMITS.id);
const Seq = z.number().int().nonnegative();

export const HeaderSchema = z.strictObject({ v: z.literal(1), thread: Id });

const MessageRecordSchema = z.strictObject({
  key: z.string().min(1).max(MESSAGE_LIMITS.id + 8),
  id: Id,
  seq: Seq.nullable(),
  sender: z.string().max(MESSAGE_LIMITS.id),
  body: z.string().max(MESSAGE_LIMITS.text).nullable(),
  encrypted: z.boolean(),
  ts: z.number().nullable(),
  local: z.boolean(),
  /** The user's own messages: how they stand, with the client id while unsettled. */
  state: z.enum(['pending', 'delivered', 'failed']).optional(),
  clientId: ClientIdSchema.optional(),
  failure: z.string().max(1000).optional(),
});

export const RecordSchema = z.union([
  z.strictObject({ m: MessageRecordSchema }),
  z.strictObject({ g: z.tuple([Seq, Seq]) }),
]);
export type StoreRecord = z.infer<typeof RecordSchema>;

const ThreadMetaSchema = z.strictObject({
  title: z.string().max(10_000).nullable(),
  readSeq: Seq.nullable(),
  floor: z.number().int().min(-1).nullable(),
  topSeq: Seq.nullable(),
  compatUnread: z.number().int().nonnegative(),
  evictedOwn: z.array(Seq).max(10_000),
  gaps: z.array(z.strictObject({ from: Seq, to: Seq })).max(1_000),
});

export const MetaSchema = z.strictObject({
  v: z.literal(1),
  selfId: Id.nullable(),
  openThreadId: Id.nullable(),
  /** The server's seq numbering the stored seqs and cursors belong to (PROTOCOL.md: historyId). */
  historyId: z.string().max(MESSAGE_LIMITS.id).nullable().optional(),
  threads: z.record(Id, ThreadMetaSchema),
});
export type StoredMeta = z.infer<typeof MetaSchema>;

/** What of an entry is stored. A later record with the same key supersedes an earlier one. */
export function recordOf(e: Entry): StoreRecord {
  if (e.kind === 'gap') return { g: [e.from, e.to] };
  const m = { key: e.key, id: e.id, seq: e.seq, sender: e.sender, body: e.body, encrypted: e.encrypted, ts: e.ts, local: e.local };
  if (!e.local || e.state === 'received') return { m };
  return {
    m: {
      ...m,
      state: e.state,
      ...(e.clientId !== null ? { clientId: e.clientId } : {}),
      ...(e.state === 'failed' && e.failure !== null ? { failure: e.failure } : {}),
    },
  };
}

export function entryOf(r: Extract<StoreRecord, { m: unknown }>): MessageEntry {
  const m = r.m;
  const state = m.local ? (m.state === undefined || m.state === 'delivered' || m.clientId === undefined ? 'delivered' : m.state) : 'received';
  return {
    kind: 'message',
    key: m.key,
    id: m.id,
    seq: m.seq,
    sender: m.sender,
    body: m.body,
    encrypted: m.encrypted,
    ts: m.ts,
    local: m.local,
    clientId: m.local ? (m.clientId ?? null) : null,
    state,
    failure: state === 'failed' ? (m.failure ?? 'Not sent.') : null,
    held: false,
  };
}
