import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_LIMITS } from '../../shared/protocol/schemas';
import { quickRecord } from './record-check';
import { RecordSchema } from './store-format';

// A valid record, then one field set to a value at, inside or past its bound, of the right or the wrong type.
const edge = (max: number) => fc.constantFrom<unknown>('', 'x', 'x'.repeat(max), 'x'.repeat(max + 1), 0, null, true, undefined);
const numEdge = fc.constantFrom<unknown>(0, 7, -1, 1.5, null, '3', Number.MAX_SAFE_INTEGER, undefined);
const EDGES: Record<string, fc.Arbitrary<unknown>> = {
  key: edge(MESSAGE_LIMITS.id + 8),
  id: edge(MESSAGE_LIMITS.id),
  seq: numEdge,
  sender: edge(MESSAGE_LIMITS.id),
  body: edge(MESSAGE_LIMITS.text),
  encrypted: fc.constantFrom<unknown>(true, false, 0, null, undefined),
  ts: numEdge,
  local: fc.constantFrom<unknown>(true, false, 'yes', undefined),
  state: fc.constantFrom<unknown>('pending', 'delivered', 'failed', 'received', null, undefined),
  clientId: edge(MESSAGE_LIMITS.clientId),
  failure: edge(1000),
  extra: fc.constantFrom<unknown>(1, undefined),
};
const valid = fc.record({
  key: fc.string({ minLength: 1, maxLength: 10 }),
  id: fc.string({ minLength: 1, maxLength: 10 }),
  seq: fc.option(fc.nat(), { nil: null }),
  sender: fc.string({ maxLength: 10 }),
  body: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
  encrypted: fc.boolean(),
  ts: fc.option(fc.integer(), { nil: null }),
  local: fc.boolean(),
});
const mutated = fc
  .tuple(valid, fc.constantFrom(...Object.keys(EDGES)), fc.boolean())
  .chain(([m, field, present]) =>
    (EDGES[field] as fc.Arbitrary<unknown>).map((v) => {
      const out: Record<string, unknown> = { ...m };
      if (present) out[field] = v;
      else delete out[field];
      return out;
    }),
  );
const record = fc.oneof(
  mutated.map((m) => ({ m })),
  valid.map((m) => ({ m })),
  fc.tuple(numEdge, numEdge).map((g) => ({ g })),
  fc.array(fc.nat(), { maxLength: 3 }).map((g) => ({ g })),
  mutated.map((m) => ({ m, g: [1, 2] })),
  fc.anything(),
);

describe('quickRecord', () => {
  it('returns exactly what the schema returns, or leaves the value to it', () => {
    let quick = 0;
    fc.assert(
      fc.property(record, (value) => {
        const q = quickRecord(value);
        const z = RecordSchema.safeParse(value);
        if (q !== null) {
          quick++;
          expect(z.success).toBe(true);
          expect(q).toEqual(z.data);
        }
      }),
      { numRuns: 12_000 },
    );
    expect(quick).toBeGreaterThan(100); // the generator does reach valid records
  });

  it('takes the records the store writes', () => {
    const m = { key: 'c:c-1', id: 'srv-1', seq: 4, sender: 'me', body: 'hi', encrypted: false, ts: 1, local: true, state: 'failed', clientId: 'c-1', failure: 'no' };
    expect(quickRecord({ m })).toEqual({ m });
    expect(quickRecord({ g: [1, 9] })).toEqual({ g: [1, 9] });
  });
});
