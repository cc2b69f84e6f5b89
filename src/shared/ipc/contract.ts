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
} as const satisfies { readonly [C in InvokeChannel]: InvokeSpec };

export interface EventSpec {
  readonly payload: z.ZodType;
  readonly summary: string;
}

export const eventContract = {
  'connection:state': { payload: ConnectionStateResult, summary: 'Every connection state change.' },
  'session:status': { payload: SessionStatusResult, summary: 'Sign-in status changes.' },
  'presence:changed': { payload: PresenceInfo, summary: 'The chosen presence changed (window or tray).' },
} as const satisfies { readonly [E in EventChannel]: EventSpec };

type Invokes = typeof invokeContract;
type Events = typeof eventContract;

/** What a caller passes (before parsing: e.g. untrimmed strings). */
export type InvokeArg<C extends InvokeChannel> = z.input<Invokes[C]['input']>;
/** What a handler receives (after parsing). */
export type InvokeInput<C extends InvokeChannel> = z.output<Invokes[C]['input']>;
export type InvokeResult<C extends InvokeChannel> = z.output<Invokes[C]['result']>;
export type EventPayload<E extends EventChannel> = z.output<Events[E]['payload']>;
