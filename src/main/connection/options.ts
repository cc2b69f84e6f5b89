// Resolves and checks the engine's options: defaults from PROTOCOL.md, and a
// clear error for a bad value instead of a strange timer later.
import { z } from 'zod';
import { ProfileIdSchema, describeTransport, requireProfile, transportAllowed } from '../../shared/protocol/profiles';
import type { ServerProfile } from '../../shared/protocol/profiles';
import { TokenTransportSchema } from '../../shared/types';
import type { TokenTransport } from '../../shared/types';
import type { BackoffOptions } from './backoff';
import { DEFAULT_BACKOFF, DEFAULT_STABLE_AFTER_MS } from './backoff';
import { systemClock } from './clock';
import type { Clock, RandomSource } from './clock';
import { DEFAULT_MAX_OUTBOX } from './outbox';
import { tokenProblem } from './transport';
import type { ConnectionEngineOptions, ConnectionLog } from './types';
import { checkedServerUrl } from './url';

const ms = (name: string) => z.number({ error: `${name} must be a number of milliseconds` }).int(`${name} must be a whole number`).positive(`${name} must be positive`).max(2 ** 31 - 1, `${name} is too large`);

const NumbersSchema = z.object({
  heartbeatMs: ms('heartbeatMs').default(25_000),
  pongTimeoutMs: ms('pongTimeoutMs').default(10_000),
  handshakeTimeoutMs: ms('handshakeTimeoutMs').default(10_000),
  stableAfterMs: ms('stableAfterMs').default(DEFAULT_STABLE_AFTER_MS),
  holeTimeoutMs: ms('holeTimeoutMs').default(5_000),
  maxOutbox: z.number().int().positive('maxOutbox must be positive').default(DEFAULT_MAX_OUTBOX),
  backoff: z
    .object({ baseMs: ms('backoff.baseMs'), capMs: ms('backoff.capMs') })
    .refine((b) => b.capMs >= b.baseMs, 'backoff.capMs must not be below backoff.baseMs')
    .default(DEFAULT_BACKOFF),
  cursors: z.record(z.string(), z.number().int().nonnegative()).default({}),
  historyId: z.string().min(1).max(200).nullable().default(null),
});

export interface ResolvedOptions extends z.infer<typeof NumbersSchema> {
  url: URL;
  token: string;
  transport: TokenTransport;
  profile: ServerProfile;
  outboxPath: string | null;
  clock: Clock;
  random: RandomSource;
  log: ConnectionLog;
  backoff: BackoffOptions;
}

export function resolveOptions(opts: ConnectionEngineOptions): ResolvedOptions {
  const check = checkedServerUrl(opts.url, opts.allowInsecure ?? false);
  if (!check.ok) throw new Error(check.message);
  const profile = resolveProfile(opts.profile);
  const transport = resolveTransport(profile, opts.transport);
  const problem = tokenProblem(opts.token, transport.data);
  if (problem) throw new Error(problem);
  const numbers = NumbersSchema.safeParse({
    heartbeatMs: opts.heartbeatMs,
    pongTimeoutMs: opts.pongTimeoutMs,
    handshakeTimeoutMs: opts.handshakeTimeoutMs,
    stableAfterMs: opts.stableAfterMs,
    holeTimeoutMs: opts.holeTimeoutMs,
    maxOutbox: opts.maxOutbox,
    backoff: opts.backoff,
    cursors: opts.cursors,
    historyId: opts.historyId,
  });
  if (!numbers.success) {
    const issue = numbers.error.issues[0];
    throw new Error(`Invalid connection option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad value'}`);
  }
  return {
    ...numbers.data,
    url: check.url,
    token: opts.token,
    transport: transport.data,
    profile,
    outboxPath: opts.outboxPath ?? null,
    clock: opts.clock ?? systemClock,
    random: opts.random ?? Math.random,
    log: opts.log ?? (() => {}),
  };
}

/**
 * The profile for an id (default beacon-v1); throws for an unknown id or one this build lacks. A
 * profile object is taken as it is (a profile being written, before it is registered; tests).
 */
export function resolveProfile(id: unknown): ServerProfile {
  if (typeof id === 'object' && id !== null && 'codec' in id && 'id' in id) return id as ServerProfile;
  const parsed = ProfileIdSchema.safeParse(id ?? 'beacon-v1');
  if (!parsed.success) throw new Error(`Invalid server profile: ${JSON.stringify(id)?.slice(0, 60) ?? 'unknown'}`);
  return requireProfile(parsed.data);
}

/** The transport given (checked, and one the profile allows), or the profile's default. */
export function resolveTransport(profile: ServerProfile, given: unknown): { data: TokenTransport } {
  if (given === undefined) return { data: profile.token.default };
  const transport = TokenTransportSchema.safeParse(given);
  if (!transport.success) throw new Error(`Invalid token transport: ${transport.error.issues[0]?.message ?? 'unknown kind'}`);
  if (!transportAllowed(profile, transport.data)) {
    throw new Error(`${profile.label} servers take the token in ${describeTransport(profile.token.default)}, not in ${describeTransport(transport.data)}.`);
  }
  return { data: transport.data };
}
