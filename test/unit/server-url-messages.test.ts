// What the sign-in form says about an address Beacon will not use (issue 7 §5):
// http(s):// gets the exact address to type instead; ws:// to another host says
// how to allow it: the Settings screen's toggle, by its label.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateServerUrl } from '../../src/main/connection';
import { SettingsSchema } from '../../src/main/settings';

const refusal = (url: string, allowInsecure = false) => {
  const r = validateServerUrl(url, allowInsecure);
  return r.ok ? null : { reason: r.reason, message: r.message };
};

describe('validateServerUrl messages', () => {
  it.each([
    ['http://127.0.0.1:8787', 'ws://127.0.0.1:8787', 'http'],
    ['http://127.0.0.1:8787/', 'ws://127.0.0.1:8787', 'http'],
    ['http://localhost:8787/ws', 'ws://localhost:8787/ws', 'http'],
    ['https://relay.example.com/ws', 'wss://relay.example.com/ws', 'https'],
    ['HTTPS://Relay.Example.com:8443/chat/ws', 'wss://relay.example.com:8443/chat/ws', 'https'],
    ['http://[::1]:8787', 'ws://[::1]:8787', 'http'],
  ])('%s: says to type %s', (url, suggestion, scheme) => {
    expect(refusal(url)).toEqual({
      reason: 'bad_url',
      message: `Beacon connects with WebSocket addresses: type ${suggestion} instead of ${scheme}://….`,
    });
  });

  it('suggests the typed address back without its query, fragment or user:password (a token may ride there)', () => {
    const secret = 'tok-ab12cd34ef56';
    for (const url of [
      `http://relay.example.com/ws?access_token=${secret}`,
      `https://relay.example.com/ws#${secret}`,
      `https://me:${secret}@relay.example.com/ws`,
    ]) {
      const r = refusal(url);
      expect(r?.reason, url).toBe('bad_url');
      expect(r?.message, url).toMatch(/type wss?:\/\/relay\.example\.com\/ws instead of https?:\/\/…\.$/);
      expect(r?.message, url).not.toContain(secret);
    }
  });

  it('the suggested address is one Beacon accepts', () => {
    for (const url of ['http://127.0.0.1:8787', 'https://relay.example.com/ws']) {
      const suggestion = /type (\S+) instead/.exec(refusal(url)?.message ?? '')?.[1] ?? '';
      expect(validateServerUrl(suggestion, false), suggestion).toMatchObject({ ok: true });
    }
  });

  it('another scheme: says which two it must start with, with an example', () => {
    expect(refusal('ftp://relay.example.com/ws')).toEqual({
      reason: 'bad_url',
      message: 'The address must start with wss:// (or ws:// for this computer), e.g. wss://relay.example.com/ws.',
    });
  });

  it('ws:// to another host: says how to allow it, with the Settings toggle', () => {
    expect(refusal('ws://192.0.2.7:8787/ws')).toEqual({
      reason: 'insecure_url',
      message:
        'ws:// to 192.0.2.7 is unencrypted: use wss://. To connect anyway, open Settings and turn on ' +
        '"Allow ws:// to hosts other than this computer", then sign in again.',
    });
    // The message names the toggle as the settings screen labels it.
    const label = /"(Allow ws:\/\/[^"]+)"/.exec(refusal('ws://chat.example.com/ws')?.message ?? '')?.[1] ?? '';
    expect(readFileSync('src/renderer/src/settings/OtherSections.tsx', 'utf8')).toContain(`label="${label}"`);
    expect(SettingsSchema.shape.allowInsecureHosts.parse(true)).toBe(true);
    // Allowed once that setting is on; loopback ws:// never needed it.
    expect(validateServerUrl('ws://192.0.2.7:8787/ws', true)).toMatchObject({ ok: true });
    expect(validateServerUrl('ws://127.0.0.1:8787/ws', false)).toMatchObject({ ok: true });
  });
});
