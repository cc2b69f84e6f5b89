// What the window may know about the server it is signed in to (its profile:
// can the user send, can they follow channels) and the server's activity
// (agent status, task updates, plugin events: neither message nor notification).
import { z } from 'zod';
import { NOTIFICATION_LEVELS } from '../protocol/events';
import { ProfileIdSchema } from '../protocol/profiles/ids';
import { TokenTransportSchema } from '../types';

const Text = (max: number) => z.string().max(max);

/** One line of the Activity list: the latest of its `key` (an agent, a task). */
export const ActivityItemSchema = z.strictObject({
  /** Unique in the list: the profile's key for what repeats (one line per agent, say). */
  key: Text(600).min(1),
  /** The server's event type, e.g. `agent_status`. */
  source: Text(200),
  action: Text(200).nullable(),
  title: Text(500),
  detail: Text(2000).nullable(),
  state: Text(200).nullable(),
  level: z.enum(NOTIFICATION_LEVELS),
  /** Epoch ms. */
  ts: z.number(),
});
export type ActivityItem = z.infer<typeof ActivityItemSchema>;

/** At most this many lines (newest first); older keys drop off. */
export const MAX_ACTIVITY_ITEMS = 200;

export const ServerInfoSchema = z.strictObject({
  profile: ProfileIdSchema,
  /** "Beacon relay", "Hush", … */
  label: Text(100),
  /** False for servers Beacon can only read (end-to-end encrypted ones): the composer is read-only with `cannotSendReason`. */
  canSend: z.boolean(),
  cannotSendReason: Text(500).nullable(),
  /** Whether the server shares presence: without it, nobody's status is known and the user's own only silences notifications (Busy). */
  presence: z.boolean(),
  /** Servers whose threads are channels the user names (agentcmd `session:123`): the window offers "Follow". Null: none. */
  follow: z.strictObject({ noun: Text(40), example: Text(200) }).nullable(),
  /** How the token travels to this server (never the token): "Sign in again" offers the same server type and transport. */
  transport: TokenTransportSchema.optional(),
});
export type ServerInfo = z.infer<typeof ServerInfoSchema>;
