// Types that cross process boundaries (main <-> renderer) or module
// boundaries (connection engine <-> session <-> UI). Schemas live beside them
// so every boundary can parse instead of trusting.
import { z } from 'zod';

export const PresenceStatusSchema = z.enum(['online', 'away', 'busy', 'offline']);
/** `offline` as a chosen status means "appear offline". */
export type PresenceStatus = z.infer<typeof PresenceStatusSchema>;

/** How the token travels on the WebSocket upgrade; a per-server setting. */
export const TokenTransportSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('header') }),
  z.object({
    kind: z.literal('query'),
    param: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'query parameter name must be 1-64 URL-safe characters'),
  }),
  z.object({ kind: z.literal('subprotocol') }),
  /** `Cookie: <name>=<token>` on the upgrade (servers that read a session cookie, e.g. `access_token`). */
  z.object({
    kind: z.literal('cookie'),
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'cookie name must be 1-64 URL-safe characters'),
  }),
]);
export type TokenTransport = z.infer<typeof TokenTransportSchema>;

// The same, closed to unknown keys: for transports that come from outside (the
// renderer over IPC, the settings file), where a stray key should be noticed.
const [HeaderTransport, QueryTransport, SubprotocolTransport, CookieTransport] = TokenTransportSchema.options;
export const StrictTokenTransportSchema = z.discriminatedUnion('kind', [
  HeaderTransport.strict(),
  QueryTransport.strict(),
  SubprotocolTransport.strict(),
  CookieTransport.strict(),
]);
export const DEFAULT_TOKEN_TRANSPORT: TokenTransport = { kind: 'header' };

/**
 * The longest token Beacon accepts, for every transport: servers commonly cap
 * a request's headers at 8 KiB, so a longer one could never be sent.
 */
export const MAX_TOKEN_CHARS = 8192;

/** Why the engine is not trying to connect right now. */
export const OfflineReasonSchema = z.enum(['network', 'suspended', 'user']);
export type OfflineReason = z.infer<typeof OfflineReasonSchema>;

/** The connection engine's state: one observable value with its reason and timing. */
export const ConnectionStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('connecting'), attempt: z.number().int(), since: z.number() }),
  z.object({
    state: z.literal('connected'),
    userId: z.string(),
    since: z.number(),
    rttMs: z.number().nullable(),
  }),
  z.object({
    state: z.literal('reconnecting'),
    attempt: z.number().int(),
    nextAttemptAt: z.number(),
    lastCloseCode: z.number().int().nullable(),
    /** Person-readable, complete: a close is described with its code, e.g. "server restarting (1012: relay restarting)". */
    reason: z.string(),
    since: z.number(),
  }),
  z.object({ state: z.literal('offline'), reason: OfflineReasonSchema, since: z.number() }),
  z.object({
    state: z.literal('auth_failed'),
    reason: z.string(),
    code: z.number().int().nullable(),
    forbidden: z.boolean(),
    since: z.number(),
  }),
  z.object({ state: z.literal('stopped'), since: z.number() }),
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

/** What the renderer may know about the sign-in. Never the token. */
export const SessionStatusSchema = z.object({
  signedIn: z.boolean(),
  serverUrl: z.string().nullable(),
  /** The server of the last sign-in, kept after sign-out so the form can offer it again. */
  lastServerUrl: z.string().nullable(),
  userId: z.string().nullable(),
  keychain: z.enum(['os', 'memory-only']),
  /** A person-readable reason when the keychain could not be used. */
  keychainProblem: z.string().nullable(),
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;
