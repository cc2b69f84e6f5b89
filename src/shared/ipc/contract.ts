// The IPC contract: every call and event, declared once. The main-side
// registry, the preload and the web bridge are all derived from this table
// (the latter two through channels.ts and these types only).
import { z } from 'zod';
import { PresenceStatusSchema } from '../types';
import type { EventChannel, InvokeChannel } from './channels';
import {
  ConnectionStateResult,
  NoInput,
  PresenceInfo,
  SessionStatusResult,
  SignInInput,
  SignInResult,
} from './schemas';
import {
  FollowInput,
  MessagesPage,
  MessagesPageInput,
  OpenThreadInput,
  OpenThreadResult,
  RetryInput,
  SendInput,
  SendResult,
  SetMutedInput,
  ThreadRef,
  ThreadViewSchema,
  WorkspaceBatchSchema,
  WorkspaceSnapshotSchema,
} from './workspace-schemas';
import {
  NotificationRef,
  PauseChoiceSchema,
  SettingsViewSchema,
  ShowThreadEventSchema,
  ToastEventSchema,
  UserSettingsPatchSchema,
  WindowFocusInput,
} from './settings-schemas';

export interface InvokeSpec {
  readonly input: z.ZodType;
  readonly result: z.ZodType;
  /** Input fields whose values must never come back in a result or an error. */
  readonly secrets?: readonly string[];
  readonly summary: string;
}

export const invokeContract = {
  'session:getStatus': {
    input: NoInput,
    result: SessionStatusResult,
    summary: 'What the renderer may know about the sign-in (never the token).',
  },
  'session:signIn': {
    input: SignInInput,
    result: SignInResult,
    secrets: ['token'],
    summary: 'Probe the server with the token; store it and connect only on success.',
  },
  'session:signOut': {
    input: NoInput,
    result: SessionStatusResult,
    summary: 'Stop the connection, delete the stored token, clear session data.',
  },
  'connection:getState': {
    input: NoInput,
    result: ConnectionStateResult,
    summary: 'The connection engine state, with reason and timing.',
  },
  'connection:reconnectNow': {
    input: NoInput,
    result: ConnectionStateResult,
    summary: 'Skip the backoff wait and try at once; returns the state after asking.',
  },
  'presence:get': {
    input: NoInput,
    result: PresenceInfo,
    summary: 'The presence the user chose.',
  },
  'presence:set': {
    input: PresenceStatusSchema,
    result: PresenceInfo,
    summary: 'Choose a presence: online, away, busy, or offline (appear offline).',
  },
  'workspace:snapshot': {
    input: NoInput,
    result: WorkspaceSnapshotSchema,
    summary: 'Threads, people, own user and server notices, in one object (empty when signed out).',
  },
  'thread:open': {
    input: OpenThreadInput,
    result: OpenThreadResult,
    summary: 'The thread the window shows (null: none); marks it read and returns its newest page.',
  },
  'thread:messages': {
    input: MessagesPageInput,
    result: MessagesPage,
    summary: "A page of a thread's timeline (messages and gap markers), oldest first.",
  },
  'thread:markRead': {
    input: ThreadRef,
    result: ThreadViewSchema,
    summary: 'Marks a thread read up to its last message and tells the server.',
  },
  'thread:setMuted': {
    input: SetMutedInput,
    result: ThreadViewSchema,
    summary: 'Mutes or unmutes a thread (no notifications; kept in settings).',
  },
  'thread:follow': {
    input: FollowInput,
    result: ThreadViewSchema.nullable(),
    summary: "Follows a channel the user names (agentcmd `session:123`) or stops: kept for the next start; the followed thread, null after unfollow.",
  },
  'message:send': {
    input: SendInput,
    result: SendResult,
    summary: "Queues a message in the engine's outbox; shown at once as pending.",
  },
  'message:retry': {
    input: RetryInput,
    result: SendResult,
    summary: 'Sends a failed message again (a new client id).',
  },
  'demo:start': {
    input: NoInput,
    result: SignInResult,
    summary: 'Starts the embedded demo relay on a free loopback port and signs in to it.',
  },
  'settings:get': {
    input: NoInput,
    result: SettingsViewSchema,
    summary: 'Every user-facing setting, the keychain state and the notification pause.',
  },
  'settings:update': {
    input: UserSettingsPatchSchema,
    result: SettingsViewSchema,
    summary: 'Changes settings (groups merged); a bad value is refused whole, naming the field, and changes nothing.',
  },
  'notifications:pause': {
    input: PauseChoiceSchema,
    result: SettingsViewSchema,
    summary: 'Pauses notifications for 30 minutes, an hour or until tomorrow 08:00, or resumes them.',
  },
  'notification:activate': {
    input: NotificationRef,
    result: z.null(),
    summary: 'An in-window notification was clicked: as a native click, its thread is shown and read.',
  },
  'notification:dismiss': {
    input: NotificationRef,
    result: z.null(),
    summary: 'An in-window notification was closed: the next one for its key is new.',
  },
  'window:focus': {
    input: WindowFocusInput,
    result: z.null(),
    summary: 'Whether the window is visible and focused (its open thread then raises no notification).',
  },
} as const satisfies { readonly [C in InvokeChannel]: InvokeSpec };

export interface EventSpec {
  readonly payload: z.ZodType;
  readonly summary: string;
}

export const eventContract = {
  'connection:state': { payload: ConnectionStateResult, summary: 'Every connection state change.' },
  'session:status': { payload: SessionStatusResult, summary: 'Sign-in status changes.' },
  'presence:changed': { payload: PresenceInfo, summary: 'The chosen presence changed (window, tray or another device).' },
  'workspace:batch': {
    payload: WorkspaceBatchSchema,
    summary: 'Everything in the workspace that changed in one ~16 ms window (threads, items, people, notices).',
  },
  'settings:changed': { payload: SettingsViewSchema, summary: 'Any user-facing setting, the keychain state or the pause changed.' },
  'notification:toast': {
    payload: ToastEventSchema,
    summary: 'The web preview only: a notification the policy shows, replaces or closes, shown in the window.',
  },
  'window:showThread': { payload: ShowThreadEventSchema, summary: 'Show this thread (a notification or tray click, a beacon:// link).' },
} as const satisfies { readonly [E in EventChannel]: EventSpec };

type Invokes = typeof invokeContract;
type Events = typeof eventContract;

/** What a caller passes (before parsing: e.g. untrimmed strings). */
export type InvokeArg<C extends InvokeChannel> = z.input<Invokes[C]['input']>;
/** What a handler receives (after parsing). */
export type InvokeInput<C extends InvokeChannel> = z.output<Invokes[C]['input']>;
export type InvokeResult<C extends InvokeChannel> = z.output<Invokes[C]['result']>;
export type EventPayload<E extends EventChannel> = z.output<Events[E]['payload']>;
