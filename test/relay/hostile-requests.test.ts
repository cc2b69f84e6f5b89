// Anyone who can reach the port can send any request target, method and
// headers, before authentication: none of it may stop the relay or surface as
// a 5xx. Raw sockets, because HTTP clients refuse to send most of these.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Relay } from '../../src/relay';
import { TEAM, api, cleanup, rawRequest, startTestRelay } from './helpers';

let relay: Relay;
let token: string;
const logged: string[] = [];

beforeAll(async () => {
  relay = await startTestRelay({ workspace: TEAM, adminToken: 'fuzz-admin', log: (line) => logged.push(line) });
  token = await relay.mintToken('ann');
});
afterAll(cleanup);

function request(method: string, target: string, headers: [string, string][], body = ''): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...headers.map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

const UPGRADE: [string, string][] = [
  ['Connection', 'Upgrade'],
  ['Upgrade', 'websocket'],
  ['Sec-WebSocket-Version', '13'],
  ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
];

async function expectAlive(): Promise<void> {
  expect((await api(relay, 'GET', '/healthz', undefined, null)).status).toBe(200);
  expect(logged.filter((l) => /http api error|upgrade failed/.test(l))).toEqual([]);
}

describe('hostile request targets', () => {
  it('answers targets new URL() throws on with 4xx, over HTTP and on the upgrade', async () => {
    for (const target of ['//', '//x', 'http://[', 'http://[/api', '*', 'ftp://x/healthz', '/healthz#frag']) {
      const http = await rawRequest(relay.port, request('GET', target, []));
      expect(http.status, target).not.toBeNull();
      expect(http.status, target).toBeLessThan(500);
      const upgrade = await rawRequest(relay.port, request('GET', target, [...UPGRADE, ['Authorization', `Bearer ${token}`]]));
      expect(upgrade.status === null || upgrade.status === 101 || (upgrade.status >= 400 && upgrade.status < 500), `${target}: ${upgrade.head}`).toBe(true);
    }
    expect((await rawRequest(relay.port, request('GET', 'http://[', []))).status).toBe(400);
    expect((await rawRequest(relay.port, request('GET', 'http://[', [...UPGRADE, ['Authorization', `Bearer ${token}`]]))).status).toBe(400);
    await expectAlive();
  });

  it('answers a malformed %-escape in a route with 400, not 500', async () => {
    const res = await api(relay, 'POST', '/api/threads/%E0%A4%A/messages', { sender: 'ann', body: 'hi' });
    expect(res).toEqual({ status: 400, json: { error: expect.stringMatching(/%-escape/) } });
    await expectAlive();
  });
});

const fragment = fc.constantFrom('/', '//', '?', '#', '%', '%zz', '%E0%A4%A', '%00', '[', ']', '@', ':', '.', '..', 'api', 'threads', 'messages', 'healthz', 'notify', 't1', 'http:', 'ws:', 'token=', `token=x`, 'access_token=', '&', '=', 'é', '\u{1F600}');
const target = fc.oneof(
  fc.array(fragment, { maxLength: 10 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 40 }).filter((s) => !/[\s]/.test(s)),
);
const method = fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'CONNECT'), fc.stringMatching(/^[A-Z]{1,8}$/));
const headerName = fc.constantFrom('Authorization', 'Origin', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions', 'Content-Length', 'Content-Type', 'Transfer-Encoding', 'Host', 'X-Fuzz');
const headerValue = (validToken: () => string) =>
  fc.oneof(
    fc.constantFrom('websocket', 'Upgrade', '13', '8', 'dGhlIHNhbXBsZSBub25jZQ==', 'Bearer', 'Bearer x', 'null', 'http://evil.example', '0', '5', '-1', 'chunked', 'beacon.v1', 'beacon.v1, bearer.', ',,,', 'permessage-deflate; x=;'),
    fc.constant(null).map(() => `Bearer ${validToken()}`),
    fc.constant(null).map(() => `beacon.v1, bearer.${validToken()}`),
    fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  );
const headers = fc.array(fc.tuple(headerName, headerValue(() => token)), { maxLength: 6 });
const body = fc.oneof(fc.constant(''), fc.json({ maxDepth: 2 }), fc.string({ maxLength: 20 }));

describe('fuzzed requests (fast-check)', () => {
  it('never stops the relay or answers 5xx: HTTP API', async () => {
    await fc.assert(
      fc.asyncProperty(method, target, headers, fc.boolean(), body, async (m, t, h, admin, b) => {
        const all: [string, string][] = admin ? [['Authorization', 'Bearer fuzz-admin'], ...h] : h;
        const res = await rawRequest(relay.port, request(m, t, all, b));
        expect(res.status === null || res.status < 500, `${m} ${t}: ${res.head}`).toBe(true);
      }),
      { numRuns: 200 },
    );
    await expectAlive();
  }, 60_000);

  it('never stops the relay or answers 5xx: WebSocket upgrade', async () => {
    await fc.assert(
      fc.asyncProperty(method, target, headers, async (m, t, h) => {
        const res = await rawRequest(relay.port, request(m, t, [...UPGRADE, ...h]));
        expect(res.status === null || res.status < 500, `${m} ${t}: ${res.head}`).toBe(true);
      }),
      { numRuns: 200 },
    );
    await expectAlive();
  }, 60_000);
});
