// PROTOCOL.md's close-code table, as data: what the client does for each code,
// and more generally what it does after any way a link can end.
import type { RefusalAction, RefusalOverride, ServerProfile } from '../../shared/protocol/profiles';
import type { Counters } from './diagnostics';
import type { LinkEnd } from './link';

/** A profile's overrides of the table (its close codes, HTTP statuses, refusal frames). */
export type Refusals = ServerProfile['refusals'];
const NO_OVERRIDES: Refusals = { close: {}, http: {}, frames: [] };

function overridden(action: RefusalAction, fallback: CloseAction): CloseAction {
  switch (action) {
    case 'reauth':
      return { kind: 'auth_failed', forbidden: false };
    case 'stop':
      return { kind: 'auth_failed', forbidden: true };
    case 'retry':
      return fallback.kind === 'retry' ? fallback : { kind: 'retry', first: 'backoff', oversize: false };
  }
}
/**
 * How soon the first retry may come. `now` (1001) and `jitter` (1012: 0-500 ms, so a fleet does
 * not arrive at once) apply only after a connection that was up and stable; otherwise, and for
 * every retry after that one, it is backoff (a server that closes 1001 at once must not get a storm).
 */
export type FirstRetry = 'now' | 'jitter' | 'backoff';

export type CloseAction =
  | { kind: 'auth_failed'; forbidden: boolean }
  | { kind: 'retry'; first: FirstRetry; oversize: boolean };

/** The profile's override for a close code or HTTP status, if any. */
function overrideOf(table: Readonly<Record<number, RefusalOverride>>, key: number): { action: RefusalAction; message: string | null } | null {
  const own = Object.hasOwn(table, key) ? table[key] : undefined;
  if (own === undefined) return null;
  return typeof own === 'string' ? { action: own, message: null } : own;
}

/** The profile's own words for a close code or HTTP status that stops the engine, or null. */
export function refusalWords(kind: 'close' | 'http', key: number, refusals: Refusals = NO_OVERRIDES): string | null {
  const own = overrideOf(kind === 'close' ? refusals.close : refusals.http, key);
  return own && own.action !== 'retry' ? own.message : null;
}

export function closeAction(code: number, refusals: Refusals = NO_OVERRIDES): CloseAction {
  const own = overrideOf(refusals.close, code);
  return own ? overridden(own.action, tableCloseAction(code)) : tableCloseAction(code);
}

function tableCloseAction(code: number): CloseAction {
  switch (code) {
    case 1008:
    case 4001:
    case 4401:
      return { kind: 'auth_failed', forbidden: false };
    case 4003:
    case 4403:
      return { kind: 'auth_failed', forbidden: true };
    case 1001:
      // Going away (e.g. a rolling deploy): the replacement is likely up already.
      return { kind: 'retry', first: 'now', oversize: false };
    case 1012:
      // Service restart: every client of the server hears it at once.
      return { kind: 'retry', first: 'jitter', oversize: false };
    case 1009:
      return { kind: 'retry', first: 'backoff', oversize: true };
    default:
      return { kind: 'retry', first: 'backoff', oversize: false };
  }
}

/** An HTTP answer to the upgrade. PROTOCOL.md: 401 and 403 both mean "sign in again"; 403 says the token is not allowed in. */
export function httpAction(status: number, refusals: Refusals = NO_OVERRIDES): CloseAction {
  const own = overrideOf(refusals.http, status);
  if (own) return overridden(own.action, { kind: 'retry', first: 'backoff', oversize: false });
  if (status === 401 || status === 403) return { kind: 'auth_failed', forbidden: status === 403 };
  return { kind: 'retry', first: 'backoff', oversize: false };
}

/** A person-readable description of a close. */
export function describeClose(code: number, reason: string): string {
  const known: Record<number, string> = {
    1000: 'closed by the server',
    1001: 'server going away',
    1006: 'connection lost',
    1008: 'sign-in refused or expired',
    1009: 'a frame was too big',
    1011: 'server error',
    1012: 'server restarting',
    1013: 'server busy, try later',
    4001: 'sign-in refused',
    4401: 'sign-in expired',
    4003: 'access forbidden',
    4403: 'access forbidden',
  };
  const what = known[code] ?? 'connection closed';
  return reason ? `${what} (${code}: ${reason.slice(0, 200)})` : `${what} (${code})`;
}

export type AfterEnd =
  | { kind: 'none' }
  | { kind: 'auth_failed'; reason: string; code: number | null; forbidden: boolean }
  | { kind: 'retry'; first: FirstRetry; code: number | null; reason: string };

/** The profile's word for a refusal frame's reason, when it has one (matched case-insensitively). */
export function refusalFrame(reason: string, refusals: Refusals = NO_OVERRIDES): Refusals['frames'][number] | null {
  const r = reason.trim().toLowerCase();
  return refusals.frames.find((f) => f.reason.toLowerCase() === r) ?? null;
}

/** A refusal reason saying no token arrived ("No token provided", "Authentication required: No authentication token provided" …). */
const NOT_RECEIVED = /\bno (?:authentication |auth |access )?token\b|\btoken (?:is )?(?:missing|required)\b|\bmissing (?:authentication |access )?token\b/i;

/**
 * Words for a refusal frame saying the server got no token, when the profile has none of its own:
 * the user gave one, so it went where this server does not look (often another type of server).
 */
export function notReceivedWords(reason: string): string | null {
  if (!NOT_RECEIVED.test(reason)) return null;
  return `the server did not receive the token where it expects it (it answered "${reason.slice(0, 200)}"): it may be another type of server. Choose Detect, or the server's own type, and sign in again.`;
}

/** Decides what follows the end of a link, and records it in the diagnostics counters. */
export function afterEnd(end: LinkEnd, counters: Counters, alreadyCountedOversize: boolean, refusals: Refusals = NO_OVERRIDES): AfterEnd {
  switch (end.kind) {
    case 'aborted':
      return { kind: 'none' };
    case 'no_identity':
      return { kind: 'auth_failed', reason: end.problem, code: null, forbidden: false };
    case 'http': {
      const action = httpAction(end.status, refusals);
      if (action.kind === 'auth_failed') {
        const reason = refusalWords('http', end.status, refusals) ?? `the server refused the token (HTTP ${end.status})`;
        return { kind: 'auth_failed', reason, code: null, forbidden: action.forbidden };
      }
      return { kind: 'retry', first: 'backoff', code: null, reason: `the server answered HTTP ${end.status} instead of a WebSocket` };
    }
    case 'auth_rejected': {
      const known = refusalFrame(end.reason, refusals);
      if (known) return { kind: 'auth_failed', reason: known.message, code: null, forbidden: known.action === 'stop' };
      const notReceived = notReceivedWords(end.reason);
      if (notReceived) return { kind: 'auth_failed', reason: notReceived, code: null, forbidden: false };
      return { kind: 'auth_failed', reason: `the server refused the token: ${end.reason}`, code: null, forbidden: false };
    }
    case 'closed': {
      counters.lastCloseCode = end.code;
      counters.lastCloseReason = end.reason || null;
      const action = closeAction(end.code, refusals);
      const reason = describeClose(end.code, end.reason);
      if (action.kind === 'auth_failed') {
        return { kind: 'auth_failed', reason: refusalWords('close', end.code, refusals) ?? reason, code: end.code, forbidden: action.forbidden };
      }
      if (action.oversize && !alreadyCountedOversize) counters.oversizeCloses++;
      return { kind: 'retry', first: action.first, code: end.code, reason };
    }
    case 'error':
      counters.lastError = end.message;
      return { kind: 'retry', first: 'backoff', code: null, reason: end.message };
    case 'oversize':
      counters.lastCloseCode = 1009;
      counters.lastCloseReason = null;
      return { kind: 'retry', first: 'backoff', code: 1009, reason: 'a message from the server was too large (1009)' };
    case 'limit':
      return { kind: 'retry', first: 'backoff', code: null, reason: `${end.reason}; the connection was closed` };
    case 'dead':
      return { kind: 'retry', first: 'backoff', code: null, reason: `nothing received for ${end.silentMs} ms: link presumed dead` };
    case 'handshake_timeout':
      return {
        kind: 'retry',
        first: 'backoff',
        code: null,
        reason: end.opened ? 'the server did not confirm sign-in in time' : 'the connection attempt timed out',
      };
  }
}
