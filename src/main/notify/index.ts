// What deserves a native notification; the Electron adapter only shows it.
export { connectionNotice, watchConnectionNotices, type Notice } from './notices';
export {
  ANNOUNCEMENT_KEY,
  BURST_BUDGET,
  MAX_WAIT_MS,
  NotificationPolicy,
  QUIET_MS,
  RATE_MS,
  SERVER_KEY,
  threadKey,
  type NotifyDecision,
  type PolicyContext,
  type PolicyOptions,
} from './policy';
export { FileNotifiedStore, MemoryNotifiedStore, emptyNotifiedState, type NotifiedState, type NotifiedStore } from './notified-store';
export { PauseState, pauseEnd, TOMORROW_HOUR, type PauseChoice } from './pause';
export { inQuietHours, localMinuteOfDay } from './quiet-hours';
export type { SkipReason } from './rules';
