// Person-readable text for contract values, shared by the tray (main) and the
// status bar (renderer) so both say the same thing. Plain TS, no schemas.
import { UNREACHABLE_CODES } from '../net-errors';
import type { ConnectionState, PresenceStatus } from '../types';

export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'idle';

export interface ConnectionText {
  /** A few words: the tray title, the status bar's headline. */
  readonly label: string;
  /** The reason and timing, when there is one (the tray's one line). */
  readonly detail: string | null;
  readonly tone: Tone;
  /**
   * The headline and the reason, nothing that ticks: what a live region may
   * announce (it changes only when the state or its reason does).
   */
  readonly announce: string;
  /** What changes every second or every attempt (countdown, attempt, round trip): shown, never announced. */
  readonly ticking: string | null;
}

export { UNREACHABLE_CODES };

// "connect ECONNREFUSED 127.0.0.1:8787", "getaddrinfo ENOTFOUND relay.example.com", "read ECONNRESET".
const SOCKET_ERROR = /^(?:connect|getaddrinfo|read|write)\s+(E[A-Z_]+)(?:\s+(\S+))?$/;

/**
 * The engine passes a socket error's own message on as its reason; say it the
 * way sign-in does ("Cannot reach 127.0.0.1:8787 (ECONNREFUSED)") instead of
 * Node's wording. Every other reason is already written for a person.
 */
export function describeReason(reason: string): string {
  const match = SOCKET_ERROR.exec(reason.trim());
  if (!match) return reason;
  const [, code = '', host] = match;
  if (!UNREACHABLE_CODES.has(code)) return reason;
  return `Cannot reach ${host ?? 'the server'} (${code})`;
}

function seconds(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s === 1 ? '1 s' : `${s} s`;
}

const join = (...parts: (string | null)[]): string | null => {
  const kept = parts.filter((p): p is string => Boolean(p));
  return kept.length > 0 ? kept.join(' · ') : null;
};

export function describeConnection(state: ConnectionState, now: number): ConnectionText {
  switch (state.state) {
    case 'connecting': {
      const ticking = state.attempt > 1 ? `attempt ${state.attempt}` : null;
      return { label: 'Connecting…', detail: ticking, tone: 'busy', announce: 'Connecting…', ticking };
    }
    case 'connected': {
      const rtt = state.rttMs === null ? null : `${Math.round(state.rttMs)} ms`;
      return {
        label: 'Connected',
        detail: join(`as ${state.userId}`, rtt),
        tone: 'ok',
        announce: `Connected as ${state.userId}`,
        ticking: null,
      };
    }
    case 'reconnecting': {
      const wait = state.nextAttemptAt - now;
      const reason = describeReason(state.reason);
      // The engine's reason already names the close code ("server restarting (1012: relay restarting)").
      const when = wait > 0 ? `next attempt in ${seconds(wait)}` : 'trying now';
      const countdown = wait > 0 ? `retrying in ${seconds(wait)}` : 'retrying now';
      return {
        label: 'Reconnecting',
        detail: `${reason} · ${when} · attempt ${state.attempt}`,
        tone: 'warn',
        announce: `Reconnecting: ${reason}`,
        ticking: `${countdown} · attempt ${state.attempt}`,
      };
    }
    case 'offline': {
      const why = { network: 'no network', suspended: 'the computer is asleep', user: 'paused' }[state.reason];
      return { label: 'Offline', detail: why, tone: 'idle', announce: `Offline: ${why}`, ticking: null };
    }
    case 'auth_failed': {
      const label = state.forbidden ? 'Access refused' : 'Sign-in needed';
      const reason = describeReason(state.reason);
      return { label, detail: reason, tone: 'error', announce: `${label}: ${reason}`, ticking: null };
    }
    case 'stopped':
      return { label: 'Not connected', detail: null, tone: 'idle', announce: 'Not connected', ticking: null };
  }
}

export const PRESENCE_LABELS: Readonly<Record<PresenceStatus, string>> = {
  online: 'Online',
  away: 'Away',
  busy: 'Busy',
  offline: 'Appear offline',
};

/** How another person's presence reads (a person "offline" is not "appearing" anything). */
export const PERSON_PRESENCE_LABELS: Readonly<Record<PresenceStatus, string>> = {
  online: 'Online',
  away: 'Away',
  busy: 'Busy',
  offline: 'Offline',
};
