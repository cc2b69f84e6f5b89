// What the saved quiet hours mean, said under the Start and End fields. It must
// say what the policy does (src/main/notify/quiet-hours.ts: start inside, end
// not, wrapping midnight, start === end no quiet time at all);
// quiet-hours-hint.test.ts checks the two agree minute by minute.

export interface QuietHoursTimes {
  readonly start: string;
  readonly end: string;
}

const minutes = (hhmm: string): number => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

/** The hint for the saved times (valid HH:MM): when it is quiet, or that it never is. */
export function quietHoursHint({ start, end }: QuietHoursTimes): string {
  const from = minutes(start);
  const to = minutes(end);
  if (from === to) return 'Start and end are the same: quiet hours are off (nothing is silenced).';
  return to < from ? `Quiet from ${start} until ${end} the next morning.` : `Quiet from ${start} until ${end}.`;
}
