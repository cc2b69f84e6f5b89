// The `message` fast path (src/shared/protocol/v1-message.ts) must give exactly
// the schema path's result or step aside. These properties hold the two to each
// other over generated frames: canonical ones, and ones with each field pushed to
// and past its limits, wrong types, aliases, unknown fields and `data` objects.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeServerFrame, decodeWithSchemas } from '../../src/shared/protocol/decode';
import { decodeV1Message } from '../../src/shared/protocol/v1-message';

const CANONICAL = ['thread_id', 'id', 'seq', 'sender', 'body', 'ciphertext', 'iv', 'ts', 'client_id', 'timestamp'] as const;
const ALIASES = ['threadId', 'conversationId', 'conversation_id', 'messageId', 'message_id', 'sender_id', 'senderId', 'from', 'content', 'text', 'created_at', 'createdAt', 'clientId'];

/** Strings at and one past each field's cap (512 ids, 200 client ids, 100 ts, 4096 iv, 1 MiB text). */
const capped = (n: number) => [n - 1, n, n + 1].map((len) => 'x'.repeat(len));
const LONG = [...capped(100), ...capped(200), ...capped(512), ...capped(4096)];
// Only for the object-level property: as frame text these would exceed the 1 MiB frame limit.
const HUGE = capped(1_048_576);

const edgeValue = (huge: boolean): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 2, arbitrary: fc.constantFrom(...LONG, ...(huge ? HUGE : [])) },
    { weight: 2, arbitrary: fc.constantFrom(0, -0, 7, -1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1) },
    { weight: 1, arbitrary: fc.constantFrom(null, true, '', ' ', '2026-11-21T10:00:00.000Z') },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  );

type Perturbation =
  | { op: 'set'; key: string; value: unknown }
  | { op: 'delete'; key: string }
  | { op: 'alias'; key: string; value: unknown }
  | { op: 'unknown'; key: string; value: unknown }
  | { op: 'data'; value: unknown };

const perturbation = (huge: boolean): fc.Arbitrary<Perturbation> =>
  fc.oneof(
    fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...CANONICAL), value: edgeValue(huge) }),
    fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...CANONICAL) }),
    fc.record({ op: fc.constant('alias' as const), key: fc.constantFrom(...ALIASES), value: edgeValue(false) }),
    fc.record({ op: fc.constant('unknown' as const), key: fc.string({ minLength: 1, maxLength: 8 }).map((s) => `x_${s}`), value: fc.jsonValue({ maxDepth: 1 }) }),
    fc.record({
      op: fc.constant('data' as const),
      value: fc.oneof(
        fc.dictionary(fc.constantFrom(...CANONICAL, ...ALIASES), edgeValue(false), { maxKeys: 3 }),
        fc.constantFrom(null, 'text', 3),
        fc.array(fc.string(), { maxLength: 2 }),
      ),
    }),
  );

/** A frame as the reference relay sends it (optional fields or not), then 0–3 changes. */
const messageFrame = (huge: boolean): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      fc.record(
        {
          thread_id: fc.string({ minLength: 1, maxLength: 10 }),
          id: fc.string({ minLength: 1, maxLength: 16 }),
          seq: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
          sender: fc.string({ minLength: 1, maxLength: 10 }),
          body: fc.string({ maxLength: 30 }),
          ciphertext: fc.string({ maxLength: 30 }),
          iv: fc.string({ maxLength: 16 }),
          ts: fc.constant('2026-11-21T10:00:00.000Z'),
          client_id: fc.string({ minLength: 1, maxLength: 40 }),
          timestamp: fc.constant('2026-11-21T10:00:01.000Z'),
        },
        { requiredKeys: ['thread_id', 'id', 'seq', 'sender'] },
      ),
      fc.array(perturbation(huge), { maxLength: 3 }),
    )
    .map(([fields, changes]) => {
      const frame: Record<string, unknown> = { type: 'message', ...fields };
      for (const c of changes) {
        if (c.op === 'delete') delete frame[c.key];
        else if (c.op === 'data') frame.data = c.value;
        else frame[c.key] = c.value;
      }
      return frame;
    });

describe('message fast path = schema path (fast-check)', () => {
  it('gives the schema path\'s exact result (event, field order, unknown count) whenever it decodes a frame', () => {
    let fast = 0;
    const runs = 6_000;
    fc.assert(
      fc.property(messageFrame(true), (frame) => {
        const r = decodeV1Message(frame);
        if (r === null) return;
        fast++;
        const schema = decodeWithSchemas(frame);
        expect(r).toEqual(schema);
        if (r.ok && schema.ok) expect(Object.keys(r.event)).toEqual(Object.keys(schema.event));
      }),
      { numRuns: runs },
    );
    // The generator must exercise the fast path, not only the cases it steps aside from.
    expect(fast).toBeGreaterThan(runs / 5);
  });

  it('decodeServerFrame returns what the schemas alone return, for any message frame text', () => {
    fc.assert(
      fc.property(messageFrame(false), (frame) => {
        const text = JSON.stringify(frame);
        expect(decodeServerFrame(text)).toEqual(decodeWithSchemas(JSON.parse(text)));
      }),
      { numRuns: 6_000 },
    );
  });

  it('covers the shapes an older fast path got wrong', () => {
    const base = { type: 'message', thread_id: 't1', id: 'm1', seq: 1, sender: 'u2' };
    const cases: Record<string, unknown>[] = [
      { ...base, body: 'hi', timestamp: 5 }, // a non-string timestamp is a bad ts: rejected
      { ...base, ciphertext: 'c', iv: 'i', content: 'plain' }, // the `content` alias is the body
      { ...base, body: 'hi', created_at: '2026-11-21T10:00:00Z' }, // the `created_at` alias is the ts
      { ...base, body: 'hi', clientId: 'c-1' }, // the `clientId` alias
      { ...base, id: 'x'.repeat(513), body: 'hi' }, // over the id cap: rejected
      { ...base, body: 'hi', ts: 'y'.repeat(101) }, // over the ts cap: rejected
    ];
    for (const frame of cases) {
      const text = JSON.stringify(frame);
      expect(decodeServerFrame(text), text).toEqual(decodeWithSchemas(JSON.parse(text)));
    }
    const r = decodeServerFrame(JSON.stringify(cases[1]));
    expect(r.ok && r.event.type === 'message' && r.event.body).toBe('plain');
    expect(decodeServerFrame(JSON.stringify(cases[4])).ok).toBe(false);
  });
});
