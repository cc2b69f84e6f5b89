// Why something is not notified: each rule of the policy as a plain check.
import type { PresenceStatus } from '../../shared/types';
import type { NotificationSettings } from '../settings/schema';
import { inQuietHours } from './quiet-hours';

export type SkipReason =
  | 'own'
  | 'replayed'
  | 'history'
  | 'read'
  | 'muted'
  | 'viewing'
  | 'busy'
  | 'disabled'
  | 'paused'
  | 'quiet-hours'
  /** Activity no notification rule asks for. */
  | 'no-rule';

export interface Gates {
  readonly settings: NotificationSettings;
  readonly presence: PresenceStatus;
  readonly paused: boolean;
  readonly minuteOfDay: number;
  /** The thread open in a focused window; null when the window is hidden, unfocused or shows none. */
  readonly viewing: string | null;
}

/** What silences everything, server notices included. */
export function globalSkip(g: Gates): SkipReason | null {
  if (!g.settings.enabled) return 'disabled';
  if (g.paused) return 'paused';
  if (g.presence === 'busy') return 'busy';
  if (inQuietHours(g.settings.quietHours, g.minuteOfDay)) return 'quiet-hours';
  return null;
}

/** What silences one thread's messages, on top of globalSkip. */
export function threadSkip(g: Gates, threadId: string): SkipReason | null {
  if (g.settings.mutedThreads.includes(threadId)) return 'muted';
  if (g.viewing === threadId) return 'viewing';
  return globalSkip(g);
}
