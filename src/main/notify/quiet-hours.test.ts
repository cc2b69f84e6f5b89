import { describe, expect, it } from 'vitest';
import { inQuietHours } from './quiet-hours';

const q = (start: string, end: string, enabled = true) => ({ enabled, start, end });

describe('inQuietHours', () => {
  it('covers start up to, not including, end on the same day', () => {
    expect([540, 600, 1019, 1020].map((m) => inQuietHours(q('09:00', '17:00'), m))).toEqual([true, true, true, false]);
    expect(inQuietHours(q('09:00', '17:00'), 539)).toBe(false);
  });

  it('wraps midnight', () => {
    expect([1319, 1320, 1439, 0, 479, 480].map((m) => inQuietHours(q('22:00', '08:00'), m))).toEqual([false, true, true, true, true, false]);
  });

  it('is off when disabled or when start equals end', () => {
    expect(inQuietHours(q('22:00', '08:00', false), 0)).toBe(false);
    expect(inQuietHours(q('10:00', '10:00'), 600)).toBe(false);
  });
});
