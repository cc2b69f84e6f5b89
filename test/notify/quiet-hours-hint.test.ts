import { describe, expect, it } from 'vitest';
import { inQuietHours } from '../../src/main/notify/quiet-hours';
import { quietHoursHint } from '../../src/shared/quiet-hours';

const at = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

describe('the quiet-hours hint says what the policy does', () => {
  it('equal start and end: no quiet hours, and the policy silences no minute of the day', () => {
    for (const t of ['00:00', '10:00', '22:30']) {
      expect(quietHoursHint({ start: t, end: t })).toBe('Start and end are the same: quiet hours are off (nothing is silenced).');
      const silenced = Array.from({ length: 1440 }, (_, m) => m).filter((m) => inQuietHours({ enabled: true, start: t, end: t }, m));
      expect(silenced).toEqual([]);
    }
  });

  it('a window on one day, and one that wraps midnight: quiet from start until end, as the policy', () => {
    for (const [start, end, hint] of [
      ['09:00', '17:00', 'Quiet from 09:00 until 17:00.'],
      ['22:00', '08:00', 'Quiet from 22:00 until 08:00 the next morning.'],
      ['23:59', '00:00', 'Quiet from 23:59 until 00:00 the next morning.'],
    ] as const) {
      expect(quietHoursHint({ start, end })).toBe(hint);
      const q = { enabled: true, start, end };
      expect(inQuietHours(q, at(start))).toBe(true);
      expect(inQuietHours(q, at(end))).toBe(false);
      expect(inQuietHours(q, (at(end) + 1439) % 1440)).toBe(true);
    }
  });
});
