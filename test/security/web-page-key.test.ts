// Browsers ignore ports for cookies: Chromium sends the web preview's session
// cookie to every server on 127.0.0.1. Here a second local server, visited by
// the same browser, records everything it receives; a client replaying all of
// it against the preview (cookie, faked Host and Origin, any token it saw as
// the page key) must not get the IPC socket. The page itself, holding the key
// in its address's fragment, works, and keeps working after a reload.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pageKeyFromHash } from '../../src/web/bridge/page-key';
import { startPreview, type Preview } from '../../src/web/preview';
import { BRIDGE_PROTOCOL, BRIDGE_SOCKET_PATH, PAGE_KEY_PROTOCOL_PREFIX, SESSION_COOKIE } from '../../src/web/wire';
import { closed, describeWhen, OPEN } from '../support/system-gate';
import { CHROMIUM, CHROMIUM_ARGS, ensureBuilt, TEST_KEYCHAIN, waitFor } from '../e2e/helpers';
import { rawExchange, rawRequest } from './support/host-process';

const chromiumGate = existsSync(CHROMIUM) ? OPEN : closed(`${CHROMIUM} is not installed (apt-get install chromium)`);

interface Received {
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** Headers that belong to one hop or one upgrade: the replay sets its own. */
const HOP = /^(host|origin|connection|upgrade|sec-websocket-.*|content-length|transfer-encoding|keep-alive)$/i;

const statusOf = (page: Page) =>
  page.evaluate(async () => {
    const beacon = (globalThis as unknown as { beacon: { session: { getStatus(): Promise<{ signedIn: boolean }> } } }).beacon;
    try {
      return `signedIn=${(await beacon.session.getStatus()).signedIn}`;
    } catch (error) {
      return `error: ${(error as Error).message}`;
    }
  });

describeWhen(chromiumGate, 'web preview: the page key a second local server never gets', () => {
  let preview: Preview;
  let other: Server;
  let otherOrigin = '';
  let browser: Browser;
  let context: BrowserContext;
  let dataDir: string;
  const received: Received[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'beacon-page-key-'));
    preview = await startPreview({ dataDir, log: () => {}, keychain: TEST_KEYCHAIN });
    other = createServer((req, res) => {
      const pairs: Array<[string, string]> = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      received.push({ target: req.url ?? '', headers: pairs });
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>another local service</title><p>hello</p>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (other ? other.close(() => resolve()) : resolve()));
    await preview?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives the page its key in the fragment, and the bridge works before and after a reload', async () => {
    const page = await context.newPage();
    await page.goto(preview.host.launchUrl);
    expect(pageKeyFromHash(new URL(page.url()).hash)).not.toBeNull();
    expect(await statusOf(page)).toBe('signedIn=false');
    await page.reload();
    expect(await statusOf(page)).toBe('signedIn=false');
    // Opened without the key (the cookie alone), the page says what to open instead.
    const bare = await context.newPage();
    await bare.goto(`${preview.host.origin}/`);
    expect(await statusOf(bare)).toMatch(/^error: .*opened without the Beacon web preview's key/);
  });

  it('sends the cookie to another local server, but nothing that opens the IPC socket', async () => {
    const beaconPage = context.pages()[0]!;
    const pageKey = pageKeyFromHash(new URL(beaconPage.url()).hash)!;
    const visitor = await context.newPage();
    await visitor.goto(`${otherOrigin}/visited`);
    // And a link followed from the Beacon page itself (its address holds the key).
    await beaconPage.evaluate((url) => {
      (globalThis as unknown as { location: { href: string } }).location.href = url;
    }, `${otherOrigin}/from-beacon`);
    await waitFor('both visits at the other server', () => received.length >= 2);

    const cookieSent = received.flatMap((r) => r.headers).filter(([name, value]) => name.toLowerCase() === 'cookie' && value.includes(`${SESSION_COOKIE}=`));
    expect(cookieSent.length, 'the premise: Chromium sends the cookie to another port').toBeGreaterThan(0);
    const everything = received.map((r) => [r.target, ...r.headers.flat()].join('\n')).join('\n');
    expect(everything).not.toContain(pageKey);

    const hostHeader = new URL(preview.host.origin).host;
    const port = Number(new URL(preview.host.origin).port);
    // Every base64url run it saw could be a key: try each one as the page key.
    const candidates = [...new Set(everything.match(/[A-Za-z0-9_-]{16,}/g) ?? [])];
    expect(candidates.length).toBeGreaterThan(0);
    const offers: string[][] = [[], [BRIDGE_PROTOCOL], ...candidates.map((c) => [BRIDGE_PROTOCOL, `${PAGE_KEY_PROTOCOL_PREFIX}${c}`])];
    let replays = 0;
    for (const request of received) {
      const forged = [
        ...request.headers.filter(([name]) => !HOP.test(name)),
        ['Host', hostHeader],
        ['Origin', preview.host.origin],
      ] as const;
      // The cookie it got is the real one: the pages open with it...
      const page = await rawExchange(port, rawRequest('GET', '/', forged));
      expect(page.status).toBe(200);
      // ...and the socket does not.
      for (const protocols of offers) {
        const upgrade = [
          ...forged,
          ['Upgrade', 'websocket'],
          ['Connection', 'Upgrade'],
          ['Sec-WebSocket-Version', '13'],
          ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
          ...(protocols.length > 0 ? [['Sec-WebSocket-Protocol', protocols.join(', ')] as const] : []),
        ] as const;
        const answer = await rawExchange(port, rawRequest('GET', BRIDGE_SOCKET_PATH, upgrade));
        expect(answer.status, `replay of ${request.target} offering ${protocols.join(', ') || 'no protocol'}`).toBe(403);
        replays += 1;
      }
    }
    expect(replays).toBeGreaterThanOrEqual(2 * 3);
    expect(preview.services.session.status().signedIn).toBe(false);
  });
});
