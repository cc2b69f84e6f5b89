import { describe, expect, it } from 'vitest';
import { PauseState, pauseEnd, TOMORROW_HOUR } from './pause';

describe('pause notifications', () => {
  it('pauses for 30 min or 1 hour, ends by itself, and resumes on demand', () => {
    let now = 1_000_000;
    const pause = new PauseState(() => now);
    const seen: (number | null)[] = [];
    pause.subscribe((until) => seen.push(until));
    pause.choose('30m');
    expect(pause.until()).toBe(now + 30 * 60_000);
    now += 30 * 60_000 - 1;
    expect(pause.isPaused()).toBe(true);
    now += 1;
    expect(pause.isPaused()).toBe(false);
    pause.choose('1h');
    expect(pause.until()).toBe(now + 3_600_000);
    pause.choose('resume');
    expect(pause.isPaused()).toBe(false);
    expect(seen).toEqual([1_000_000 + 30 * 60_000, now + 3_600_000, null]);
  });

  it('"until tomorrow" ends at 08:00 local time the next day, also late in the evening', () => {
    const evening = new Date(2026, 10, 29, 23, 30).getTime();
    const end = new Date(pauseEnd('tomorrow', evening) ?? 0);
    expect([end.getDate(), end.getHours(), end.getMinutes()]).toEqual([30, TOMORROW_HOUR, 0]);
    const early = new Date(2026, 11, 31, 0, 10).getTime();
    const next = new Date(pauseEnd('tomorrow', early) ?? 0);
    expect([next.getFullYear(), next.getMonth(), next.getDate(), next.getHours()]).toEqual([2027, 0, 1, TOMORROW_HOUR]);
  });
});
