// What the window may know about the workspace: threads, their timelines,
// people, server notifications. Strict objects, like every IPC schema, so a
// field nobody declared never rides along to the renderer.
import { z } from 'zod';
import { NOTIFICATION_LEVELS } from '../protocol/events';
import { MAX_BODY_CHARS } from '../protocol/limits';
import { MESSAGE_LIMITS } from '../protocol/schemas';
import { PresenceStatusSchema } from '../types';
import { ActivityItemSchema, MAX_ACTIVITY_ITEMS, ServerInfoSchema } from './server-schemas';

/** Ids the relay and compat servers use: short, printable. */
export const ThreadIdSchema = z
  .string({ error: 'thread id must be text' })
  .min(1, 'thread id is required')
  .max(MESSAGE_LIMITS.id, `thread id is longer than ${MESSAGE_LIMITS.id} characters`);

/** Keys are an id with a short prefix ("c:" for a local client id). */
const KeySchema = z.string().min(1).max(MESSAGE_LIMITS.id + 8);

export const ClientIdSchemaIpc = z
  .string({ error: 'client id must be text' })
  .min(1, 'client id is required')
  .max(MESSAGE_LIMITS.clientId, `client id is longer than ${MESSAGE_LIMITS.clientId} characters`);

/** How one of the user's own messages stands; `received` for everyone else's. */
export const DeliverySchema = z.enum(['received', 'pending', 'delivered', 'failed']);
export type Delivery = z.infer<typeof DeliverySchema>;

export const MessageItemSchema = z.strictObject({
  kind: z.literal('message'),
  /** Stable across pending → delivered: the renderer upserts by it. */
  key: KeySchema,
  threadId: ThreadIdSchema,
  /** The server's id; the local client id while pending or failed. */
  id: z.string().max(MESSAGE_LIMITS.id),
  /** Null for compat servers (no seq: arrival order) and for own messages not yet acked. */
  seq: z.number().int().nonnegative().nullable(),
  sender: z.string().max(MESSAGE_LIMITS.id),
  /** Null when the message is encrypted (shown as "Encrypted message"). */
  /** Bodies from compat servers may exceed what a send may carry; a frame bounds them. */
  body: z.string().max(MESSAGE_LIMITS.text).nullable(),
  encrypted: z.boolean(),
  /** Epoch ms from the server's `ts`, else when it arrived; null when unknown. */
  ts: z.number().nullable(),
  own: z.boolean(),
  delivery: DeliverySchema,
  /** Why sending failed (delivery `failed`), for the person. */
  failure: z.string().max(1000).nullable(),
});
export type MessageItem = z.infer<typeof MessageItemSchema>;

/** "Some messages could not be loaded": seqs from..to are gone from the server's history. */
export const GapItemSchema = z.strictObject({
  kind: z.literal('gap'),
  key: KeySchema,
  threadId: ThreadIdSchema,
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
});
export type GapItem = z.infer<typeof GapItemSchema>;

export const TimelineItemSchema = z.discriminatedUnion('kind', [MessageItemSchema, GapItemSchema]);
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

export const ThreadViewSchema = z.strictObject({
  id: ThreadIdSchema,
  /** The server's title, else the id. */
  title: z.string().max(10_000),
  unread: z.number().int().nonnegative(),
  /** Epoch ms of the newest message held; null when none. */
  lastActivity: z.number().nullable(),
  muted: z.boolean(),
  /** The newest message, shortened, for the sidebar ("Alice: see you at 10"). */
  preview: z.string().max(200).nullable(),
});
export type ThreadView = z.infer<typeof ThreadViewSchema>;

export const PersonSchema = z.strictObject({
  id: z.string().min(1).max(MESSAGE_LIMITS.id),
  status: PresenceStatusSchema,
  self: z.boolean(),
});
export type Person = z.infer<typeof PersonSchema>;

export const NoticeSchema = z.strictObject({
  id: KeySchema,
  kind: z.enum(['notification', 'announcement']),
  level: z.enum(NOTIFICATION_LEVELS),
  title: z.string().max(10_000).nullable(),
  message: z.string().max(MESSAGE_LIMITS.text),
  /** Epoch ms when it arrived. */
  at: z.number(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const WorkspaceSnapshotSchema = z.strictObject({
  /** The signed-in user's id once the server said it; null before. */
  selfId: z.string().max(MESSAGE_LIMITS.id).nullable(),
  /** Most recent activity first. */
  threads: z.array(ThreadViewSchema),
  people: z.array(PersonSchema),
  /** Newest first, at most 100. */
  notices: z.array(NoticeSchema).max(100),
  /** The thread the window has open (restored after a restart). */
  openThreadId: ThreadIdSchema.nullable(),
  /** The server signed in to (its type, whether it takes messages, channels to follow); null while signed out. */
  server: ServerInfoSchema.nullable(),
  /** The Activity list, newest first (empty while signed out). */
  activity: z.array(ActivityItemSchema).max(MAX_ACTIVITY_ITEMS),
});
export type WorkspaceSnapshot = z.infer<typeof WorkspaceSnapshotSchema>;
/** What a server's workspace store holds; the window's snapshot adds the server (src/main/services/server-workspace.ts). */
export const HeldWorkspaceSnapshotSchema = WorkspaceSnapshotSchema.omit({ server: true });
export type HeldWorkspaceSnapshot = Omit<WorkspaceSnapshot, 'server'>;

/**
 * Everything that changed in one ~16 ms window. Items are upserted by `key`,
 * threads and people by `id`; `reset` means the workspace was cleared or
 * replaced (sign-out, another server): drop everything and read the snapshot.
 */
export const WorkspaceBatchSchema = z.strictObject({
  reset: z.boolean(),
  threads: z.array(ThreadViewSchema),
  items: z.array(TimelineItemSchema),
  people: z.array(PersonSchema),
  notices: z.array(NoticeSchema),
  selfId: z.string().max(MESSAGE_LIMITS.id).nullable().optional(),
  /** Activity lines that changed (upserted by key). */
  activity: z.array(ActivityItemSchema).max(MAX_ACTIVITY_ITEMS).optional(),
});
export type WorkspaceBatch = z.infer<typeof WorkspaceBatchSchema>;

export const ThreadRef = z.strictObject({ threadId: ThreadIdSchema });

/** A channel to follow: `domain:id` on agentcmd (the profile's pattern is checked in main). */
export const FollowInput = z.strictObject({ threadId: ThreadIdSchema, follow: z.boolean({ error: 'follow must be true or false' }) });

export const OpenThreadInput = z.strictObject({ threadId: ThreadIdSchema.nullable() });

export const MessagesPageInput = z.strictObject({
  threadId: ThreadIdSchema,
  /** Items older than this seq (omit for the newest page). */
  beforeSeq: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

export const MessagesPage = z.strictObject({
  threadId: ThreadIdSchema,
  /** Oldest first. */
  items: z.array(TimelineItemSchema),
  /** More is held before the first item. */
  hasMore: z.boolean(),
});
export type MessagesPage = z.infer<typeof MessagesPage>;

export const OpenThreadResult = z.strictObject({
  thread: ThreadViewSchema.nullable(),
  page: MessagesPage.nullable(),
});

export const SendInput = z.strictObject({
  threadId: ThreadIdSchema,
  body: z
    .string({ error: 'message must be text' })
    .max(MAX_BODY_CHARS, `message is longer than ${MAX_BODY_CHARS} characters`)
    .refine((b) => b.trim().length > 0, 'message is empty'),
});

export const SendResult = z.strictObject({ clientId: ClientIdSchemaIpc });

export const RetryInput = z.strictObject({ clientId: ClientIdSchemaIpc });

export const SetMutedInput = z.strictObject({ threadId: ThreadIdSchema, muted: z.boolean() });
