import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeServerFrame, encodeClientFrame } from '../../src/shared/protocol';
import type { ServerEventType } from '../../src/shared/protocol';

const ok = (text: string) => {
  const r = decodeServerFrame(text);
  if (!r.ok) throw new Error(`expected ${text} to decode, got ${r.reason}: ${r.detail}`);
  return r;
};
const dec = (frame: unknown) => ok(JSON.stringify(frame)).event;

describe('decodeServerFrame: every shape of PROTOCOL.md', () => {
  it('auth success, compat connection_ack, and auth failure', () => {
    expect(dec({ type: 'auth', data: { success: true, userId: 'u1' } })).toEqual({ type: 'auth', ok: true, userId: 'u1', compat: false, historyId: null });
    expect(dec({ type: 'auth', data: { success: true, userId: 'u1', historyId: 'h-7' } })).toEqual({ type: 'auth', ok: true, userId: 'u1', compat: false, historyId: 'h-7' });
    expect(dec({ type: 'connection_ack', data: { user_id: 'u1' } })).toEqual({ type: 'auth', ok: true, userId: 'u1', compat: true, historyId: null });
    expect(dec({ type: 'auth', data: { success: false, error: 'expired' } })).toEqual({ type: 'auth', ok: false, reason: 'expired' });
    expect(dec({ type: 'auth', data: { success: false } })).toEqual({ type: 'auth', ok: false, reason: 'authentication refused' });
  });

  it('threads list, keeping good entries and counting bad ones', () => {
    const r = ok(JSON.stringify({ type: 'threads', data: [{ id: 't1', title: 'General', unread: 3, lastSeq: 120 }, { title: 'no id' }, { id: 't2' }] }));
    expect(r.event).toEqual({
      type: 'threads',
      threads: [
        { id: 't1', title: 'General', unread: 3, lastSeq: 120 },
        { id: 't2', title: null, unread: null, lastSeq: null },
      ],
    });
    expect(r.unknownFields).toBe(1);
  });

  it('message with body, encrypted message, and compat chat_message', () => {
    expect(dec({ type: 'message', thread_id: 't1', id: 'm9', seq: 121, sender: 'u2', body: 'hi', ts: '2026-11-21T10:00:00Z' })).toEqual({
      type: 'message', threadId: 't1', id: 'm9', seq: 121, sender: 'u2', body: 'hi', encrypted: false,
      ciphertext: null, iv: null, ts: '2026-11-21T10:00:00Z', clientId: null, compat: false,
    });
    expect(dec({ type: 'message', thread_id: 't1', id: 'm9', seq: 121, sender: 'u2', ciphertext: 'AAA', iv: 'BBB' })).toMatchObject({
      type: 'message', body: null, encrypted: true, ciphertext: 'AAA', iv: 'BBB',
    });
    expect(dec({ type: 'chat_message', data: { conversationId: 't1', messageId: 'm9', content: 'hi', sender: 'u2', timestamp: 'T' } })).toEqual({
      type: 'message', threadId: 't1', id: 'm9', seq: null, sender: 'u2', body: 'hi', encrypted: false,
      ciphertext: null, iv: null, ts: 'T', clientId: null, compat: true,
    });
    expect(decodeServerFrame(JSON.stringify({ type: 'message', thread_id: 't1', id: 'm', seq: 1, sender: 'u', iv: 'x' })).ok).toBe(false);
  });

  it('gap, ack, read', () => {
    expect(dec({ type: 'gap', thread_id: 't1', from: 119, to: 140 })).toEqual({ type: 'gap', threadId: 't1', from: 119, to: 140 });
    expect(decodeServerFrame(JSON.stringify({ type: 'gap', thread_id: 't1', from: 9, to: 3 })).ok).toBe(false);
    expect(dec({ type: 'ack', client_id: 'c-1', id: 'm10', seq: 122 })).toEqual({ type: 'ack', clientId: 'c-1', id: 'm10', seq: 122, threadId: null });
    expect(dec({ type: 'read', thread_id: 't1', seq: 122 })).toEqual({ type: 'read', threadId: 't1', seq: 122 });
  });

  it('presence as object, compat string, snapshot', () => {
    expect(dec({ type: 'user_presence', data: { userId: 'u2', status: 'away' } })).toEqual({ type: 'presence', userId: 'u2', status: 'away' });
    expect(dec({ type: 'user_presence', data: 'busy' })).toEqual({ type: 'presence', userId: null, status: 'busy' });
    expect(dec({ type: 'user_presence', data: 'dnd', user_id: 'u3' })).toEqual({ type: 'presence', userId: 'u3', status: 'busy' });
    expect(decodeServerFrame(JSON.stringify({ type: 'user_presence', data: 'sleeping' })).ok).toBe(false);
    expect(dec({ type: 'presence_snapshot', data: [{ userId: 'u2', status: 'online' }] })).toEqual({
      type: 'presence_snapshot', entries: [{ userId: 'u2', status: 'online' }],
    });
  });

  it('notification with level, announcement both ways, error both ways', () => {
    expect(dec({ type: 'notification', data: { id: 'n1', level: 'warning', title: 'Deploy', message: 'Build 42 failed' } })).toEqual({
      type: 'notification', id: 'n1', level: 'warning', title: 'Deploy', message: 'Build 42 failed', welcome: false,
    });
    expect(dec({ type: 'notification', data: { level: 'purple', message: 'm' } })).toEqual({ type: 'notification', id: null, level: 'info', title: null, message: 'm', welcome: false });
    expect(dec({ type: 'system_announcement', message: 'Maintenance at 22:00' })).toEqual({ type: 'announcement', message: 'Maintenance at 22:00' });
    expect(dec({ type: 'system_announcement', data: { message: 'x' } })).toEqual({ type: 'announcement', message: 'x' });
    expect(dec({ type: 'error', data: { error: 'Invalid message format' } })).toEqual({ type: 'error', message: 'Invalid message format', clientId: null, threadId: null });
    expect(dec({ type: 'error', message: 'old style' })).toMatchObject({ type: 'error', message: 'old style' });
    expect(dec({ type: 'error', data: { error: 'not a member', client_id: 'c-1', thread_id: 't9' } })).toEqual({
      type: 'error', message: 'not a member', clientId: 'c-1', threadId: 't9',
    });
  });

  it('ping and pong; unknown types and fields are ignored and counted, malformed frames explained', () => {
    expect(dec({ type: 'ping' })).toEqual({ type: 'ping' });
    expect(dec({ type: 'pong', timestamp: 'T' })).toEqual({ type: 'pong' });
    expect(ok(JSON.stringify({ type: 'read', thread_id: 't', seq: 1, extra: 1, more: {} })).unknownFields).toBe(2);
    const cases: [string, string][] = [
      ['{"type":"typing","user":"u2"}', 'unknown_type'],
      ['not json', 'invalid_json'],
      ['[1,2]', 'not_object'],
      ['null', 'not_object'],
      ['{"data":1}', 'missing_type'],
      ['{"type":7}', 'missing_type'],
      ['{"type":"message","thread_id":"t1"}', 'invalid_frame'],
      [`{"type":"ping","pad":"${'x'.repeat(1_048_577)}"}`, 'too_large'],
    ];
    for (const [text, reason] of cases) expect(decodeServerFrame(text)).toMatchObject({ ok: false, reason });
  });
});

describe('encodeClientFrame', () => {
  it('produces the protocol-v1 wire names', () => {
    expect(JSON.parse(encodeClientFrame({ type: 'ping' }))).toEqual({ type: 'ping' });
    expect(JSON.parse(encodeClientFrame({ type: 'pong' }))).toEqual({ type: 'pong' });
    expect(JSON.parse(encodeClientFrame({ type: 'subscribe', threadId: 't1', since: 118 }))).toEqual({ type: 'subscribe', thread_id: 't1', since: 118 });
    expect(JSON.parse(encodeClientFrame({ type: 'subscribe', threadId: 't1', since: null }))).toEqual({ type: 'subscribe', thread_id: 't1' });
    expect(JSON.parse(encodeClientFrame({ type: 'unsubscribe', threadId: 't1' }))).toEqual({ type: 'unsubscribe', thread_id: 't1' });
    expect(JSON.parse(encodeClientFrame({ type: 'send', threadId: 't1', clientId: 'c-1', body: 'hi "there"' }))).toEqual({
      type: 'send', thread_id: 't1', client_id: 'c-1', body: 'hi "there"',
    });
    expect(JSON.parse(encodeClientFrame({ type: 'read', threadId: 't1', seq: 122 }))).toEqual({ type: 'read', thread_id: 't1', seq: 122 });
    expect(JSON.parse(encodeClientFrame({ type: 'user_presence', status: 'busy' }))).toEqual({ type: 'user_presence', data: 'busy' });
  });
});

// ---- property test -------------------------------------------------------

const id = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.nat({ max: 1_000_000 }));
const seq = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const text = fc.string({ maxLength: 50 });
const status = fc.constantFrom('online', 'away', 'busy', 'offline');
const level = fc.constantFrom('info', 'success', 'warning', 'error');
const ts = fc.option(fc.constant('2026-11-21T10:00:00Z'), { nil: undefined });

/** Valid frames of every shape, each with the event type it must decode to. */
const validFrame: fc.Arbitrary<{ frame: Record<string, unknown>; expect: ServerEventType }> = fc.oneof(
  fc.record({ type: fc.constant('auth'), data: fc.record({ success: fc.constant(true), userId: id }) }).map((frame) => ({ frame, expect: 'auth' as const })),
  fc.record({ type: fc.constant('auth'), data: fc.record({ success: fc.constant(false), error: text }) }).map((frame) => ({ frame, expect: 'auth' as const })),
  fc.record({ type: fc.constant('connection_ack'), data: fc.record({ user_id: id }) }).map((frame) => ({ frame, expect: 'auth' as const })),
  fc.record({
    type: fc.constant('threads'),
    data: fc.array(fc.record({ id, title: text, unread: fc.nat(), lastSeq: seq }), { maxLength: 5 }),
  }).map((frame) => ({ frame, expect: 'threads' as const })),
  fc.record({ type: fc.constant('message'), thread_id: id, id, seq, sender: id, body: text, ts }, { requiredKeys: ['type', 'thread_id', 'id', 'seq', 'sender', 'body'] })
    .map((frame) => ({ frame, expect: 'message' as const })),
  fc.record({ type: fc.constant('message'), thread_id: id, id, seq, sender: id, ciphertext: text, iv: text }).map((frame) => ({ frame, expect: 'message' as const })),
  fc.record({
    type: fc.constant('chat_message'),
    data: fc.record({ conversationId: id, messageId: id, content: text, sender: id, timestamp: fc.constant('T') }),
  }).map((frame) => ({ frame, expect: 'message' as const })),
  fc.tuple(id, seq, seq).map(([t, a, b]) => ({ frame: { type: 'gap', thread_id: t, from: Math.min(a, b), to: Math.max(a, b) }, expect: 'gap' as const })),
  fc.record({ type: fc.constant('ack'), client_id: fc.string({ minLength: 1, maxLength: 40 }), id, seq }).map((frame) => ({ frame, expect: 'ack' as const })),
  fc.record({ type: fc.constant('read'), thread_id: id, seq }).map((frame) => ({ frame, expect: 'read' as const })),
  fc.record({ type: fc.constant('user_presence'), data: fc.record({ userId: id, status }) }).map((frame) => ({ frame, expect: 'presence' as const })),
  fc.record({ type: fc.constant('user_presence'), data: status }).map((frame) => ({ frame, expect: 'presence' as const })),
  fc.record({ type: fc.constant('presence_snapshot'), data: fc.array(fc.record({ userId: id, status }), { maxLength: 5 }) })
    .map((frame) => ({ frame, expect: 'presence_snapshot' as const })),
  fc.record({ type: fc.constant('notification'), data: fc.record({ id: fc.string({ minLength: 1 }), level, title: text, message: text }, { requiredKeys: ['level', 'message'] }) })
    .map((frame) => ({ frame, expect: 'notification' as const })),
  fc.record({ type: fc.constant('system_announcement'), message: text }).map((frame) => ({ frame, expect: 'announcement' as const })),
  fc.record({ type: fc.constant('system_announcement'), data: fc.record({ message: text }) }).map((frame) => ({ frame, expect: 'announcement' as const })),
  fc.record({ type: fc.constant('error'), data: fc.record({ error: text }) }).map((frame) => ({ frame, expect: 'error' as const })),
  fc.record({ type: fc.constant('error'), message: text }).map((frame) => ({ frame, expect: 'error' as const })),
  fc.constantFrom('ping', 'pong').map((t) => ({ frame: { type: t }, expect: t as ServerEventType })),
);

/** Structural mutations of a valid frame: drop, retype or add a key, at the top or inside data. */
const mutation = fc.record({
  where: fc.constantFrom('top', 'data'),
  op: fc.constantFrom('delete', 'retype', 'add'),
  pick: fc.nat(),
  value: fc.jsonValue(),
  key: fc.string({ maxLength: 12 }),
});

type Mutation = { where: string; op: string; pick: number; value: unknown; key: string };

function mutate(frame: Record<string, unknown>, m: Mutation): Record<string, unknown> {
  const copy = structuredClone(frame);
  const target = m.where === 'data' && typeof copy.data === 'object' && copy.data !== null && !Array.isArray(copy.data) ? (copy.data as Record<string, unknown>) : copy;
  const keys = Object.keys(target);
  const k = keys[m.pick % Math.max(1, keys.length)];
  if (m.op === 'add' || k === undefined) target[m.key] = m.value;
  else if (m.op === 'delete') delete target[k];
  else target[k] = m.value;
  return copy;
}

const textMutation = fc.record({ at: fc.nat(), cut: fc.boolean(), ch: fc.constantFrom('{', '}', '"', ',', ':', '\\', '\u0000', '\ud800', 'x') });

describe('decodeServerFrame property test (fast-check, 10 000 frames)', () => {
  it('decodes every valid frame to its event type, ignoring unknown fields', () => {
    fc.assert(
      fc.property(validFrame, fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }).map((s) => `x_${s}`), fc.jsonValue())), ({ frame, expect: want }, extra) => {
        const input = extra ? { ...frame, [extra[0]]: extra[1] } : frame;
        const r = decodeServerFrame(JSON.stringify(input));
        expect(r.ok, JSON.stringify(r)).toBe(true);
        if (r.ok) {
          expect(r.event.type).toBe(want);
          if (extra) expect(r.unknownFields).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('never throws on structurally mutated frames', () => {
    fc.assert(
      fc.property(validFrame, fc.array(mutation, { minLength: 1, maxLength: 3 }), ({ frame }, ms) => {
        const mutated = ms.reduce(mutate, frame);
        const r = decodeServerFrame(JSON.stringify(mutated));
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.detail.length).toBeGreaterThan(0);
      }),
      { numRuns: 3_000 },
    );
  });

  it('never throws on byte-level corrupted text', () => {
    fc.assert(
      fc.property(validFrame, textMutation, ({ frame }, m) => {
        const s = JSON.stringify(frame);
        const at = m.at % (s.length + 1);
        const corrupted = m.cut ? s.slice(0, at) : s.slice(0, at) + m.ch + s.slice(at);
        expect(typeof decodeServerFrame(corrupted).ok).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on random JSON or random text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v) ?? 'undefined'), fc.string({ maxLength: 200 }), fc.anything().map((v) => JSON.stringify({ type: 'message', ...(typeof v === 'object' && v !== null ? v : { v }) }) ?? '')), (t) => {
        expect(typeof decodeServerFrame(t).ok).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });
});
