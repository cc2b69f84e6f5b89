import { describe, expect, it } from 'vitest';
import { bridgeProtocols, pageKeyFromHash } from './bridge/page-key';
import { parseRequestTarget } from './request-target';

const ORIGIN = 'http://127.0.0.1:4000';

describe('parseRequestTarget', () => {
  it('reads a path on this host, query and all', () => {
    const url = parseRequestTarget('/launch?key=abc', ORIGIN);
    expect([url?.origin, url?.pathname, url?.searchParams.get('key')]).toEqual([ORIGIN, '/launch', 'abc']);
    expect(parseRequestTarget('/\\evil.example/x', ORIGIN)?.origin).toBe(ORIGIN);
  });

  it('returns null, never throws, for what is not a path here', () => {
    for (const target of [undefined, '', '//', '//x', '///a', '*', 'x', `${ORIGIN}/`, 'http://evil.example/', '\\\\evil']) {
      expect(parseRequestTarget(target, ORIGIN), String(target)).toBeNull();
    }
  });
});

describe('page key', () => {
  const key = 'A'.repeat(43);
  it('is read from the fragment only in its shape', () => {
    expect(pageKeyFromHash(`#k=${key}`)).toBe(key);
    expect(pageKeyFromHash(`k=${key}`)).toBe(key);
    for (const hash of ['', '#', '#k=', '#k=short', `#x=${key}`, `#k=${key}%20`, `#k=${key},x`]) expect(pageKeyFromHash(hash), hash).toBeNull();
  });

  it('is offered after the protocol the host answers with', () => {
    expect(bridgeProtocols(key)).toEqual(['beacon.bridge.v1', `beacon.key.${key}`]);
  });
});
