// Dates and times as the timeline shows them, in the user's locale.
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const date = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** The local calendar day of an epoch-ms time, as a comparable number. */
export function dayOf(ts: number): number {
  const d = new Date(ts);
  return d.getFullYear() * 10_000 + (d.getMonth() + 1) * 100 + d.getDate();
}

export function formatTime(ts: number): string {
  return time.format(ts);
}

export function formatDay(ts: number, now = Date.now()): string {
  const day = dayOf(ts);
  if (day === dayOf(now)) return 'Today';
  if (day === dayOf(now - 86_400_000)) return 'Yesterday';
  return date.format(ts);
}
