// The typed, normalized view of what a server can say. Every wire shape of
// PROTOCOL.md (compat ones included) decodes into exactly one of these, with
// camelCase fields, so nothing downstream ever looks at raw JSON.
import type { PresenceStatus } from '../types';

export const NOTIFICATION_LEVELS = ['info', 'success', 'warning', 'error'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

export interface ThreadSummary {
  id: string;
  title: string | null;
  unread: number | null;
  lastSeq: number | null;
}

export interface PresenceEntry {
  userId: string;
  status: PresenceStatus;
}

/**
 * Where a page of a long list sits: page 1…pages. A list too long for one frame comes as several
 * frames of its type, each with this; the list is complete with the page whose `page` is `pages`.
 */
export interface ListPage {
  page: number;
  pages: number;
}

export interface WireMessage {
  threadId: string;
  id: string;
  /** Null for compat `chat_message` frames, which carry no sequence number. */
  seq: number | null;
  sender: string;
  /** Null when the message is end-to-end encrypted (see `encrypted`). */
  body: string | null;
  encrypted: boolean;
  ciphertext: string | null;
  iv: string | null;
  ts: string | null;
  /** Set when the server echoes the sender's own client_id on the broadcast. */
  clientId: string | null;
  /** True when it arrived as the compat `chat_message` shape. */
  compat: boolean;
}

export type ServerEvent =
  /** historyId: the identity of the server's seq numbering (null when the server sends none). */
  | { type: 'auth'; ok: true; userId: string; compat: boolean; historyId: string | null }
  | { type: 'auth'; ok: false; reason: string }
  /** `page` only on a page of a list sent in several frames; without it the list is whole. */
  | { type: 'threads'; threads: ThreadSummary[]; page?: ListPage }
  | ({ type: 'message' } & WireMessage)
  | { type: 'gap'; threadId: string; from: number; to: number }
  | { type: 'ack'; clientId: string; id: string; seq: number; threadId: string | null }
  | { type: 'read'; threadId: string; seq: number }
  /** userId is null when a compat server sends a bare status string without saying whose it is. */
  | { type: 'presence'; userId: string | null; status: PresenceStatus }
  | { type: 'presence_snapshot'; entries: PresenceEntry[]; page?: ListPage }
  /** `welcome`: the profile's greeting sent on every connect (shown once per sign-in at most). */
  | { type: 'notification'; id: string | null; level: NotificationLevel; title: string | null; message: string; welcome: boolean }
  | { type: 'announcement'; message: string }
  | { type: 'error'; message: string; clientId: string | null; threadId: string | null }
  | { type: 'ping' }
  | { type: 'pong' }
  /** Neither message, notification nor presence: an agent's status, a task update, a plugin event. */
  | ({ type: 'activity' } & ActivityEvent)
  /** A type the server's profile knows and Beacon shows nowhere (a sign of life, a confirmation). */
  | { type: 'known'; frameType: string };

/** An Activity-list entry as decoded (see profiles/types.ts ActivitySpec). */
export interface ActivityEvent {
  /** The server's event type. */
  source: string;
  action: string | null;
  title: string;
  detail: string | null;
  state: string | null;
  /** What repeats (e.g. an agent's name). */
  key: string;
  level: NotificationLevel;
  /** The server's timestamp when it sent one. */
  ts: string | null;
  /** An event identical to the previous one of its key is not new activity. */
  collapseRepeats: boolean;
}

export type ServerEventType = ServerEvent['type'];

export type DecodeFailure =
  | 'too_large'
  | 'invalid_json'
  | 'not_object'
  | 'missing_type'
  | 'unknown_type'
  | 'invalid_frame';

export type DecodeResult =
  | {
      ok: true;
      event: ServerEvent;
      /** Fields the decoder did not recognise (ignored, reported for diagnostics). */
      unknownFields: number;
    }
  | {
      ok: false;
      /** `unknown_type` is a well-formed frame of a type this client does not know; the rest are malformed. */
      reason: DecodeFailure;
      /** The frame's `type` when it had a string one. */
      frameType: string | null;
      detail: string;
    };
