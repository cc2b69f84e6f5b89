// Quiet hours: a daily window in local time, which may wrap midnight
// (22:00–08:00). Shared so that the policy (src/main/notify) and the settings
// screen's hint read the saved times the same way; minutes of the day are
// passed in so tests need no time zone.

export interface QuietHoursWindow {
  readonly enabled: boolean;
  /** 24-hour HH:MM. */
  readonly start: string;
  readonly end: string;
}

function minutes(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Start is inside, end is not; start === end means no quiet time at all (not all day). */
export function inQuietHours(quiet: QuietHoursWindow, minuteOfDay: number): boolean {
  if (!quiet.enabled) return false;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  if (start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/** What the saved times mean, for the settings screen: when it is quiet, or that it never is. */
export function quietHoursHint({ start, end }: Pick<QuietHoursWindow, 'start' | 'end'>): string {
  const from = minutes(start);
  const to = minutes(end);
  if (from === to) return 'Start and end are the same: quiet hours are off (nothing is silenced).';
  return to < from ? `Quiet from ${start} until ${end} the next morning.` : `Quiet from ${start} until ${end}.`;
}
