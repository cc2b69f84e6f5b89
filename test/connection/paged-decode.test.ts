// The decoder keeps a long list's `page`/`pages` (relay docs: "Long lists come
// in pages"): without them the engine cannot tell one page from a whole list.
import { describe, expect, it } from 'vitest';
import { decodeServerFrame } from '../../src/shared/protocol';

const decode = (frame: unknown) => decodeServerFrame(JSON.stringify(frame));
const thread = (id: string) => ({ id, title: id.toUpperCase(), unread: 0, lastSeq: 3 });

describe('decodeServerFrame: paged lists', () => {
  it('a threads page carries its place in the list, and the fields are not counted as unknown', () => {
    const r = decode({ type: 'threads', data: [thread('t1'), thread('t2')], page: 2, pages: 3, timestamp: 'T' });
    expect(r).toEqual({
      ok: true,
      unknownFields: 0,
      event: { type: 'threads', threads: [{ id: 't1', title: 'T1', unread: 0, lastSeq: 3 }, { id: 't2', title: 'T2', unread: 0, lastSeq: 3 }], page: { page: 2, pages: 3 } },
    });
  });

  it('a presence_snapshot page carries its place in the list', () => {
    const r = decode({ type: 'presence_snapshot', data: [{ userId: 'u2', status: 'away' }], page: 1, pages: 2, timestamp: 'T' });
    expect(r).toEqual({
      ok: true,
      unknownFields: 0,
      event: { type: 'presence_snapshot', entries: [{ userId: 'u2', status: 'away' }], page: { page: 1, pages: 2 } },
    });
  });

  it('the last page, and a one-page list that says so, decode like any page', () => {
    const last = decode({ type: 'threads', data: [], page: 4, pages: 4 });
    expect(last.ok && last.event).toEqual({ type: 'threads', threads: [], page: { page: 4, pages: 4 } });
    const one = decode({ type: 'presence_snapshot', data: [], page: 1, pages: 1 });
    expect(one.ok && one.event).toEqual({ type: 'presence_snapshot', entries: [], page: { page: 1, pages: 1 } });
  });

  it('a whole list (no page fields) has no page: the common frame is what it always was', () => {
    const t = decode({ type: 'threads', data: [thread('t1')] });
    expect(t.ok && t.event).not.toHaveProperty('page');
    const p = decode({ type: 'presence_snapshot', data: [{ userId: 'u2', status: 'online' }] });
    expect(p.ok && p.event).not.toHaveProperty('page');
  });

  it('page fields inside a data object (the {threads: […]} shape) are read too', () => {
    const r = decode({ type: 'threads', data: { threads: [thread('t1')], page: 1, pages: 2 } });
    expect(r.ok && r.event).toEqual({ type: 'threads', threads: [{ id: 't1', title: 'T1', unread: 0, lastSeq: 3 }], page: { page: 1, pages: 2 } });
  });

  it.each([
    ['page without pages', { page: 1 }],
    ['pages without page', { pages: 2 }],
    ['page 0', { page: 0, pages: 2 }],
    ['page past pages', { page: 3, pages: 2 }],
    ['a fractional page', { page: 1.5, pages: 2 }],
    ['pages as a string', { page: 1, pages: '2' }],
    ['a negative pages', { page: 1, pages: -1 }],
  ])('a page that cannot be placed is an invalid frame, not a whole list: %s', (_what, fields) => {
    for (const type of ['threads', 'presence_snapshot']) {
      const r = decode({ type, data: [], ...fields });
      expect(r).toMatchObject({ ok: false, reason: 'invalid_frame', frameType: type });
      expect(r.ok ? '' : r.detail).toMatch(/^page/);
    }
  });
});
