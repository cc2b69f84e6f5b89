// Which server URLs the client will connect to. Production is wss://; plain
// ws:// only to this machine, unless the user explicitly allowed insecure hosts.
import { isIP } from 'node:net';

declare const checked: unique symbol;
/**
 * A URL validateServerUrl accepted (under the allowInsecure rule of that
 * check). The session checks an address once per sign-in and hands this to
 * the probe and the engine, which then skip their own check.
 */
export type CheckedServerUrl = URL & { readonly [checked]: true };

export type UrlCheck =
  | { ok: true; url: CheckedServerUrl }
  | { ok: false; reason: 'bad_url' | 'insecure_url'; message: string };

/** Loopback as the OS sees it: 127.0.0.0/8, ::1 (also IPv4-mapped), and the name localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) {
    if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
    // WHATWG URL normalizes ::ffff:127.0.0.1 to ::ffff:7f00:1.
    const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
    if (mapped?.[1]) return parseInt(mapped[1], 16) >> 8 === 127;
  }
  return false;
}

/**
 * Validates a server URL. Messages name the problem and at most the host and
 * path, never the query or user info: a pasted URL may carry a token there.
 */
export function validateServerUrl(url: string, allowInsecure: boolean): UrlCheck {
  if (typeof url !== 'string' || url.trim() === '') {
    return { ok: false, reason: 'bad_url', message: 'Enter the server address, e.g. wss://relay.example.com/ws.' };
  }
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, reason: 'bad_url', message: 'That is not a valid URL; it should look like wss://relay.example.com/ws.' };
  }
  if (parsed.protocol !== 'wss:' && parsed.protocol !== 'ws:') {
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') {
      // Say exactly what to type: the same address with the WebSocket scheme (host and path only, never a query).
      const scheme = parsed.protocol === 'https:' ? 'wss' : 'ws';
      const suggestion = `${scheme}://${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
      return { ok: false, reason: 'bad_url', message: `Beacon connects with WebSocket addresses: type ${suggestion} instead of ${parsed.protocol}//….` };
    }
    return { ok: false, reason: 'bad_url', message: 'The address must start with wss:// (or ws:// for this computer), e.g. wss://relay.example.com/ws.' };
  }
  if (!parsed.hostname) {
    return { ok: false, reason: 'bad_url', message: 'The address has no host name.' };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, reason: 'bad_url', message: 'Put the token in the token field, not in the address (user:password@ is not allowed).' };
  }
  if (parsed.hash) {
    return { ok: false, reason: 'bad_url', message: 'A WebSocket address cannot contain a #fragment.' };
  }
  if (parsed.protocol === 'ws:' && !allowInsecure && !isLoopbackHost(parsed.hostname)) {
    // The toggle's own label (settings/OtherSections.tsx); the signed-out screen has a Settings button.
    return {
      ok: false,
      reason: 'insecure_url',
      message:
        `ws:// to ${parsed.hostname} is unencrypted: use wss://. To connect anyway, open Settings and turn on ` +
        '"Allow ws:// to hosts other than this computer", then sign in again.',
    };
  }
  return { ok: true, url: parsed as CheckedServerUrl };
}

/** A checked URL as is; a string is checked now. */
export function checkedServerUrl(url: string | CheckedServerUrl, allowInsecure: boolean): UrlCheck {
  return typeof url === 'string' ? validateServerUrl(url, allowInsecure) : { ok: true, url };
}

/** A loggable description of an endpoint: scheme, host, port and path, never the query. */
export function describeEndpoint(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
