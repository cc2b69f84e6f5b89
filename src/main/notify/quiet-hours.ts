// Quiet hours: the window itself is read in src/shared/quiet-hours.ts (the
// settings screen's hint reads it the same way); main adds the local clock.
export { inQuietHours } from '../../shared/quiet-hours';

/** Minutes since local midnight of an epoch-ms time. */
export function localMinuteOfDay(now: number): number {
  const d = new Date(now);
  return d.getHours() * 60 + d.getMinutes();
}
