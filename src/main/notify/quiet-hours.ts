// Quiet hours: a daily window in local time, which may wrap midnight
// (22:00–08:00). Minutes of the day are passed in so tests need no time zone.
import type { QuietHours } from '../settings/schema';

/** Minutes since local midnight of an epoch-ms time. */
export function localMinuteOfDay(now: number): number {
  const d = new Date(now);
  return d.getHours() * 60 + d.getMinutes();
}

function parseHhmm(value: string): number {
  const [h = '0', m = '0'] = value.split(':');
  return Number(h) * 60 + Number(m);
}

/** Start is inside, end is not; start === end means no quiet time at all (not all day). */
export function inQuietHours(quiet: QuietHours, minuteOfDay: number): boolean {
  if (!quiet.enabled) return false;
  const start = parseHhmm(quiet.start);
  const end = parseHhmm(quiet.end);
  if (start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}
