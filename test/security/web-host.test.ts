// The web preview host against requests no browser page should be able to
// turn into a crash: raw request targets and headers, on plain HTTP and on
// the WebSocket upgrade, sent to a host in its own process. Whatever arrives,
// the host answers below 500 (or hangs up) and keeps serving.
import net from 'node:net';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeProtocols } from '../../src/web/bridge/page-key';
import { BRIDGE_PROTOCOL, BRIDGE_SCRIPT_PATH, BRIDGE_SOCKET_PATH, LAUNCH_PATH, PAGE_KEY_PROTOCOL_PREFIX, SESSION_COOKIE } from '../../src/web/wire';
import { ensureBuilt } from '../e2e/helpers';
import { launchSession, type LaunchSession } from '../e2e/page-client';
import { rawExchange, rawRequest, startHostProcess, stillServes, type HostProcess } from './support/host-process';

const UPGRADE = [
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Sec-WebSocket-Version', '13'],
  ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
] as const;

let host: HostProcess;
let session: LaunchSession;
let hostHeader = '';

beforeAll(async () => {
  await ensureBuilt();
  host = await startHostProcess();
  hostHeader = new URL(host.origin).host;
  session = await launchSession(host.launchUrl);
}, 120_000);

afterAll(async () => {
  await host?.stop();
});

async function alive(): Promise<void> {
  expect(await stillServes(host, session.cookie), `the host stopped serving; its log:\n${host.log.slice(-30).join('\n')}`).toBe(true);
}

describe('web host: request targets', () => {
  it('survives an upgrade to `//` (what `new WebSocket("ws://127.0.0.1:PORT//")` sends) and refuses it', async () => {
    for (const target of ['//', '//x', '///__beacon/ipc']) {
      const answer = await rawExchange(host.port, rawRequest('GET', target, [['Host', hostHeader], ['Origin', host.origin], ...UPGRADE]));
      await alive();
      expect(answer.status, target).toBe(400);
    }
  });

  it('answers 400 to a plain request for `//` (curl --path-as-is), not 500', async () => {
    for (const target of ['//', '//x', '//127.0.0.1/']) {
      const answer = await rawExchange(host.port, rawRequest('GET', target, [['Host', hostHeader], ['Cookie', session.cookie]]));
      expect(answer.status, target).toBe(400);
    }
    await alive();
  });

  it('answers 400 to targets that are not a path (absolute form, asterisk form)', async () => {
    for (const target of [`${host.origin}/`, 'http://evil.example/', '*', 'x']) {
      const http = await rawExchange(host.port, rawRequest('GET', target, [['Host', hostHeader], ['Cookie', session.cookie]]));
      expect(http.status, `GET ${target}`).toBe(400);
      const headers = [['Host', hostHeader], ['Origin', host.origin], ['Cookie', session.cookie], ...UPGRADE] as const;
      const upgrade = await rawExchange(host.port, rawRequest('GET', target, headers));
      expect(upgrade.status, `upgrade ${target}`).toBe(400);
    }
    await alive();
  });

  it('answers 404, not 500, to a path that cannot name a file (through a file, too long)', async () => {
    for (const target of ['/index.html/x.js', `/${'a'.repeat(300)}/${'b'.repeat(300)}.js`, `/${'a'.repeat(5000)}.js`]) {
      const answer = await rawExchange(host.port, rawRequest('GET', target, [['Host', hostHeader], ['Cookie', session.cookie]]));
      expect(answer.status, target.slice(0, 40)).toBe(404);
    }
    await alive();
  });

  it('survives a client that resets the connection while its upgrade is refused', async () => {
    const request = rawRequest('GET', BRIDGE_SOCKET_PATH, [['Host', hostHeader], ['Origin', 'http://evil.example'], ['Cookie', `${SESSION_COOKIE}=x`], ...UPGRADE]);
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const socket = net.connect({ port: host.port, host: '127.0.0.1' });
        await new Promise<void>((resolve) => {
          socket.once('error', () => resolve());
          socket.once('connect', () => resolve());
        });
        socket.on('error', () => {});
        socket.write(request);
        socket.resetAndDestroy();
      }),
    );
    await alive();
  });

  it('survives a page socket that sends a frame over the limit or broken UTF-8', async () => {
    for (const payload of [Buffer.alloc(1024 * 1024 + 1, 0x61), Buffer.from([0xc3, 0x28])]) {
      const ws = new WebSocket(`ws://${hostHeader}${BRIDGE_SOCKET_PATH}`, bridgeProtocols(session.pageKey), {
        headers: { Origin: host.origin, Cookie: session.cookie },
      });
      ws.on('error', () => {});
      await new Promise<void>((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('unexpected-response', () => reject(new Error('the host refused the page socket')));
      });
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      // A text frame as is: ws would refuse to send broken UTF-8 as a string.
      ws.send(payload, { binary: false });
      expect([1007, 1009]).toContain(await closed);
      await alive();
    }
  });
});

// Built inside the tests (after beforeAll): they use the running host's
// origin and credentials. Most requests are well formed with near misses (so
// the fuzz reaches the static files, the launch and the socket checks); some
// are rough, with arbitrary bytes anywhere (so it reaches the parser).
const NEAR = ['/', '//', '.', '..', '%2e', '%2F', '%00', '%', '%zz', '%E0%A4%A', '\\', '@', ':', '?', '#', '&', '=', ';', '~', '*', "'", '"', '<'];
const WORDS = ['index.html', 'assets', '__beacon', 'ipc', 'bridge.js', 'launch', 'key=', 'k=', 'x.js', 'http:', '127.0.0.1', 'a'.repeat(300)];
const RAW = [' ', '\t', '\r', '\n', '\r\n', '\x00', '\x7f', 'é', '\u2028', '\ufeff', '\ud83d\ude00'];

const piece = (rough: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NEAR) },
    { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }).map((t) => t.replace(/ /g, '')) },
    { weight: rough ? 3 : 0, arbitrary: fc.constantFrom(...RAW) },
    { weight: rough ? 3 : 0, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  );
const pieces = (rough: boolean, max: number): fc.Arbitrary<string> => fc.array(piece(rough), { maxLength: max }).map((p) => p.join(''));

const targets = (rough: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 1, arbitrary: pieces(rough, 8) },
    { weight: 4, arbitrary: pieces(rough, 8).map((p) => `/${p}`) },
    { weight: 1, arbitrary: pieces(rough, 4).map((p) => `//${p}`) },
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom('/', BRIDGE_SOCKET_PATH, BRIDGE_SCRIPT_PATH, LAUNCH_PATH, '/index.html', '/assets/'), pieces(rough, 4)).map(([a, b]) => a + b),
    },
    { weight: 2, arbitrary: fc.constantFrom('/', BRIDGE_SOCKET_PATH, '*', 'http://evil.example/', `${host.origin}/`, host.launchUrl.slice(host.origin.length)) },
  );

const methods = (rough: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant('GET') },
    { weight: 3, arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'PRI', 'M-SEARCH', 'get') },
    { weight: rough ? 2 : 0, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }) },
  );

type Header = readonly [string, string];
/** A header with its right value (mostly), a wrong one, or (rough) one HTTP refuses; sometimes absent. */
const header = (rough: boolean, name: string, right: string[], wrong: string[], broken: string[] = []): fc.Arbitrary<Header | null> =>
  fc.option(
    fc
      .oneof(
        { weight: 6, arbitrary: fc.constantFrom(...right) },
        { weight: 2, arbitrary: fc.constantFrom(...wrong) },
        { weight: 1, arbitrary: pieces(rough, 3) },
        { weight: rough ? 2 : 0, arbitrary: fc.constantFrom('', 'é', '\x00', ...broken) },
      )
      .map((value) => [name, value] as const),
    { freq: 8 },
  );

function headersFor(rough: boolean, upgrade: boolean): fc.Arbitrary<Header[]> {
  const ours = [
    header(rough, 'Host', [hostHeader], ['', 'localhost', '127.0.0.1', 'evil.example:80', `${hostHeader}, evil.example`]),
    header(rough, 'Origin', [host.origin], ['null', 'http://evil.example', `${host.origin}/`, 'http://127.0.0.1']),
    header(rough, 'Cookie', [session.cookie, `a=b; ${session.cookie}; ${SESSION_COOKIE}=x`], [`${SESSION_COOKIE}=`, SESSION_COOKIE, ';;;=', `${SESSION_COOKIE}=${'x'.repeat(5000)}`]),
    header(rough, 'Sec-WebSocket-Protocol', [bridgeProtocols(session.pageKey).join(', ')], [BRIDGE_PROTOCOL, `${PAGE_KEY_PROTOCOL_PREFIX}x`, ',,', `${BRIDGE_PROTOCOL}, ${PAGE_KEY_PROTOCOL_PREFIX}`, bridgeProtocols(session.pageKey).reverse().join(',')]),
    ...(upgrade
      ? [
          header(rough, 'Upgrade', ['websocket'], ['h2c', 'WebSocket', '']),
          header(rough, 'Connection', ['Upgrade', 'keep-alive, Upgrade'], ['close', '']),
          header(rough, 'Sec-WebSocket-Version', ['13'], ['8', '', 'x']),
          header(rough, 'Sec-WebSocket-Key', ['dGhlIHNhbXBsZSBub25jZQ=='], ['', 'short', '!!!!!!!!!!!!!!!!!!!!!!==']),
        ]
      : []),
    ...(rough ? [header(rough, 'Content-Length', ['0'], ['0, 0'], ['-1', 'x', '99999999999999999999'])] : []),
  ];
  const names = rough ? fc.oneof(fc.constantFrom('Transfer-Encoding', 'Expect', 'Cookie', 'Host'), pieces(rough, 2)) : fc.constantFrom('X-Forwarded-Host', 'Forwarded', 'Referer', 'X-Beacon');
  const extra = fc.array(fc.tuple(names, pieces(rough, 3)), { maxLength: rough ? 3 : 1 });
  // Any order: the ones that are present, with the extra ones among them.
  return fc.tuple(fc.tuple(...ours), extra).chain(([known, more]) => {
    const all = [...known.filter((h): h is Header => h !== null), ...more];
    return fc.shuffledSubarray(all, { minLength: all.length });
  });
}

const requestOf = (rough: boolean, upgrade: boolean): fc.Arbitrary<[string, string, Header[]]> =>
  fc.tuple(methods(rough), targets(rough), headersFor(rough, upgrade));
const requests = (upgrade: boolean): fc.Arbitrary<[string, string, Header[]]> =>
  fc.oneof({ weight: 7, arbitrary: requestOf(false, upgrade) }, { weight: 3, arbitrary: requestOf(true, upgrade) });

describe('web host: fuzzed requests', () => {
  const fuzz = (upgrade: boolean, numRuns: number) =>
    fc.assert(
      fc.asyncProperty(requests(upgrade), async ([method, target, headers]) => {
        const answer = await rawExchange(host.port, Buffer.from(rawRequest(method, target, headers), 'utf8'), 500);
        expect(answer.status ?? 0, answer.head).toBeLessThan(500);
        await alive();
      }),
      // Shrinking against a host that already died only finds "any request": keep the first failure.
      { numRuns, endOnFailure: true },
    );

  it('answers every plain request below 500 and keeps serving', async () => {
    await fuzz(false, 300);
  }, 120_000);

  it('answers every upgrade with a refusal or a socket, and keeps serving', async () => {
    await fuzz(true, 300);
  }, 120_000);
});
