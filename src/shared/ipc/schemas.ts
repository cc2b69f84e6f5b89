// Strict schemas for everything that crosses the IPC boundary. Results and
// events use strict objects so a field nobody declared (a token, say) makes
// validation fail instead of riding along to the renderer.
import { z } from 'zod';
import {
  ConnectionStateSchema,
  MAX_TOKEN_CHARS,
  PresenceStatusSchema,
  SessionStatusSchema,
  StrictTokenTransportSchema,
} from '../types';
import { ProfileChoiceSchema, ProfileIdSchema } from '../protocol/profiles/ids';

type StrictOptions<T extends readonly z.ZodObject[]> = {
  [K in keyof T]: T[K] extends z.ZodObject<infer S> ? z.ZodObject<S, z.core.$strict> : never;
};

/** The same discriminated union, with every option closed to unknown keys. */
function strictUnion<T extends readonly [z.ZodObject, ...z.ZodObject[]]>(discriminator: string, options: T) {
  const strict = options.map((o) => o.strict()) as unknown as StrictOptions<T>;
  return z.discriminatedUnion(discriminator, strict);
}

export const ConnectionStateResult = strictUnion('state', ConnectionStateSchema.options);
export const SessionStatusResult = SessionStatusSchema.strict();
export const PresenceInfo = z.strictObject({ status: PresenceStatusSchema });

// Control characters and inner whitespace are never part of a bearer token;
// rejecting them catches a mangled paste before it reaches the server.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

export const SignInInput = z.strictObject({
  serverUrl: z
    .string({ error: 'server URL must be text' })
    .trim()
    .min(1, 'server URL is required')
    .max(2048, 'server URL is longer than 2048 characters'),
  token: z
    .string({ error: 'token must be text' })
    .trim()
    .min(1, { error: 'token is required', abort: true })
    .max(MAX_TOKEN_CHARS, `token is longer than ${MAX_TOKEN_CHARS} characters`)
    .regex(TOKEN_CHARS, 'token must be printable ASCII without spaces'),
  transport: StrictTokenTransportSchema,
  /**
   * Which server family (src/shared/protocol/profiles), or `detect`: the sign-in check recognises
   * it. Absent: `beacon-v1`, as before profiles existed.
   */
  profile: ProfileChoiceSchema.optional(),
});
export type SignInInput = z.infer<typeof SignInInput>;

/** A short machine-readable reason the UI can branch on; the message is for people. */
export const SignInFailureReason = z
  .string()
  .regex(/^[a-z][a-z_]{0,39}$/, 'reason must be a lower_snake_case word');

export const SignInResult = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    status: SessionStatusResult,
    /** The server type signed in to: the one chosen, or the one detected ("Detected: Code Cloud Agents"). */
    profile: ProfileIdSchema.optional(),
  }),
  z.strictObject({
    ok: z.literal(false),
    reason: SignInFailureReason,
    message: z.string().max(1000),
  }),
]);
export type SignInResult = z.infer<typeof SignInResult>;

/** Calls that take nothing accept nothing: an extra argument is a caller bug. */
export const NoInput = z.undefined({ error: 'this call takes no argument' });
