import { describe, expect, it } from 'vitest';
import { Budget } from './budget';

describe('Budget', () => {
  it('spends up to its capacity at once, then one per refill period', () => {
    const b = new Budget(3, 1000, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.nextAt(0)).toBe(1000);
    expect(b.take(999)).toBe(false);
    expect(b.take(1000)).toBe(true);
    expect(b.take(100_000)).toBe(true);
    expect([b.take(100_000), b.take(100_000), b.take(100_000)]).toEqual([true, true, false]); // never more than capacity
  });
});
