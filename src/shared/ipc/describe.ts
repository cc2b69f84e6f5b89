// Person-readable text for contract values, shared by the tray (main) and the
// status bar (renderer) so both say the same thing. Plain TS, no schemas.
import type { ConnectionState, PresenceStatus } from '../types';

export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'idle';

export interface ConnectionText {
  /** A few words: the tray title, the status bar's headline. */
  readonly label: string;
  /** The reason and timing, when there is one. */
  readonly detail: string | null;
  readonly tone: Tone;
}

function seconds(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s === 1 ? '1 s' : `${s} s`;
}

export function describeConnection(state: ConnectionState, now: number): ConnectionText {
  switch (state.state) {
    case 'connecting':
      return { label: 'Connecting…', detail: state.attempt > 1 ? `attempt ${state.attempt}` : null, tone: 'busy' };
    case 'connected':
      return {
        label: 'Connected',
        detail: `as ${state.userId}${state.rttMs === null ? '' : ` · ${Math.round(state.rttMs)} ms`}`,
        tone: 'ok',
      };
    case 'reconnecting': {
      const wait = state.nextAttemptAt - now;
      const when = wait > 0 ? `next attempt in ${seconds(wait)}` : 'trying now';
      // The engine's reason already names the close code ("server restarting (1012: relay restarting)").
      return { label: 'Reconnecting', detail: `${state.reason} · ${when} · attempt ${state.attempt}`, tone: 'warn' };
    }
    case 'offline': {
      const why = { network: 'no network', suspended: 'the computer is asleep', user: 'paused' }[state.reason];
      return { label: 'Offline', detail: why, tone: 'idle' };
    }
    case 'auth_failed':
      return state.forbidden
        ? { label: 'Access refused', detail: state.reason, tone: 'error' }
        : { label: 'Sign in again', detail: state.reason, tone: 'error' };
    case 'stopped':
      return { label: 'Not connected', detail: null, tone: 'idle' };
  }
}

export const PRESENCE_LABELS: Readonly<Record<PresenceStatus, string>> = {
  online: 'Online',
  away: 'Away',
  busy: 'Busy',
  offline: 'Appear offline',
};
