import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdMemory } from '../../src/main/connection/id-memory';

/** The rule written plainly: an id is a duplicate when it is among the last `limit` ids recorded. */
class ModelMemory {
  private readonly recorded: string[] = [];
  constructor(private readonly limit: number) {}
  addIfNew(id: string): boolean {
    if (this.recorded.slice(-this.limit).includes(id)) return false;
    this.recorded.push(id);
    return true;
  }
}

describe('IdMemory', () => {
  it('answers exactly as "among the last N ids recorded" (fast-check, 2 000 sequences)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        // A small pool makes repeats, near and far, common.
        fc.array(fc.integer({ min: 0, max: 60 }).map((n) => `id-${n}`), { maxLength: 400 }),
        (limit, ids) => {
          const memory = new IdMemory(limit);
          const model = new ModelMemory(limit);
          for (const id of ids) expect(memory.addIfNew(id)).toBe(model.addIfNew(id));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('holds 2 000 ids through many generations, and drops re-sends within them', () => {
    const memory = new IdMemory(2_000);
    for (let i = 0; i < 10_000; i++) {
      expect(memory.addIfNew(`m-${i}`)).toBe(true);
      if (i >= 1_999) expect(memory.addIfNew(`m-${i - 1_999}`)).toBe(false); // the oldest still held
    }
    expect(memory.addIfNew('m-7999')).toBe(true); // 2 001 ids back: forgotten
  });

  it('tells apart different ids whose hashes are equal', () => {
    // "m-1pwu" and "m-c5fa" have the same 32-bit FNV-1a hash (found by search).
    const memory = new IdMemory(10);
    expect(memory.addIfNew('m-1pwu')).toBe(true);
    expect(memory.addIfNew('m-c5fa')).toBe(true);
    expect(memory.addIfNew('m-1pwu')).toBe(false);
    expect(memory.addIfNew('m-c5fa')).toBe(false);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new IdMemory(0)).toThrow(RangeError);
    expect(() => new IdMemory(1.5)).toThrow(/positive integer/);
  });
});
