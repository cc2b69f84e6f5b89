// beacon://thread/<id> parsing: exactly one shape is accepted; every other
// link gets a reason, and the log line never carries the link.
import { describe, expect, it } from 'vitest';
import { deepLinkArg, describeDeepLink, MAX_LINK_CHARS, parseDeepLink } from '../../src/main/lifecycle';

const thread = (threadId: string) => ({ ok: true, link: { kind: 'thread', threadId } });

describe('parseDeepLink', () => {
  it('accepts beacon://thread/<id>, a trailing slash (Windows adds one), any case of scheme and host, and decodes escapes once', () => {
    expect(parseDeepLink('beacon://thread/t1')).toEqual(thread('t1'));
    expect(parseDeepLink('beacon://thread/t1/')).toEqual(thread('t1'));
    expect(parseDeepLink('BEACON://Thread/general')).toEqual(thread('general'));
    expect(parseDeepLink('beacon://thread/team%3Adeploys')).toEqual(thread('team:deploys'));
    expect(parseDeepLink('beacon://thread/a.b_c~d-e@f+g=h')).toEqual(thread('a.b_c~d-e@f+g=h'));
    expect(parseDeepLink(`beacon://thread/${'x'.repeat(512)}`)).toEqual(thread('x'.repeat(512)));
  });

  it('refuses other schemes and anything that only looks like a Beacon link', () => {
    for (const text of ['https://thread/t1', 'javascript:alert(1)', ' beacon://thread/t1', 'xbeacon://thread/t1', '', 'thread/t1']) {
      expect(parseDeepLink(text)).toEqual({ ok: false, reason: 'not-a-beacon-link' });
    }
  });

  it('refuses other targets, userinfo, ports, extra path segments and missing ids', () => {
    for (const text of [
      'beacon://settings',
      'beacon://threads/t1',
      'beacon:thread/t1',
      'beacon:/thread/t1',
      'beacon:///thread/t1',
      'beacon://user@thread/t1',
      'beacon://thread:80/t1',
      'beacon://thread/t1/extra',
      'beacon://thread/',
      'beacon://thread//',
      'beacon://thread',
      'beacon://evil.example/thread/t1',
    ]) {
      expect(parseDeepLink(text), text).toEqual({ ok: false, reason: 'unsupported-target' });
    }
  });

  it('refuses any query or fragment, even empty ones', () => {
    for (const text of ['beacon://thread/t1?token=abc', 'beacon://thread/t1#x', 'beacon://thread/t1?', 'beacon://thread/t1/#', 'beacon://thread/%3F?x']) {
      expect(parseDeepLink(text), text).toEqual({ ok: false, reason: 'query-or-fragment' });
    }
  });

  it('refuses unsafe ids: encoded slashes, double encoding, spaces, controls, non-ASCII, dot segments, overlong ids', () => {
    for (const text of [
      'beacon://thread/a%2Fb',
      'beacon://thread/a%5Cb',
      'beacon://thread/%252F',
      'beacon://thread/a%20b',
      'beacon://thread/a b',
      'beacon://thread/a%00b',
      'beacon://thread/a%0Ab',
      'beacon://thread/%C3%A9',
      'beacon://thread/é',
      'beacon://thread/..',
      'beacon://thread/%2E%2E',
      'beacon://thread/a"b',
      'beacon://thread/<script>',
      `beacon://thread/${'x'.repeat(513)}`,
    ]) {
      expect(parseDeepLink(text), text).toEqual({ ok: false, reason: 'bad-thread-id' });
    }
  });

  it('refuses malformed escapes without throwing', () => {
    expect(parseDeepLink('beacon://thread/%E0%A4%A')).toEqual({ ok: false, reason: 'bad-thread-id' });
    expect(parseDeepLink('beacon://thread/%C3')).toEqual({ ok: false, reason: 'bad-encoding' });
    expect(parseDeepLink('beacon://thread/%FF%FE')).toEqual({ ok: false, reason: 'bad-encoding' });
  });

  it(`refuses a link longer than ${MAX_LINK_CHARS} characters before looking inside`, () => {
    expect(parseDeepLink(`beacon://thread/${'%41'.repeat(700)}`)).toEqual({ ok: false, reason: 'too-long' });
  });
});

describe('deepLinkArg', () => {
  it('finds the link wherever Chromium put it among the switches, and only a beacon: one', () => {
    expect(deepLinkArg(['/opt/Beacon/beacon', '--allow-file-access', 'beacon://thread/t1', '--flag'])).toBe('beacon://thread/t1');
    expect(deepLinkArg(['C:\\Beacon\\Beacon.exe', '--', 'BEACON://thread/t1/'])).toBe('BEACON://thread/t1/');
    expect(deepLinkArg(['/usr/bin/electron', '.', '--hidden'])).toBeNull();
    expect(deepLinkArg(['beacon', 'https://beacon/thread/t1'])).toBeNull();
  });
});

describe('describeDeepLink', () => {
  it('logs the outcome, never the link or the id', () => {
    const secret = 'beacon://thread/t1?token=s3cr3t';
    const refused = describeDeepLink(parseDeepLink(secret), 'second instance');
    expect(refused).toBe('deep link from second instance ignored: query-or-fragment');
    const shown = describeDeepLink(parseDeepLink('beacon://thread/private-plans'), 'open-url');
    expect(shown).toBe('deep link from open-url: show a thread (id of 13 chars)');
    expect(shown).not.toContain('private');
  });
});
