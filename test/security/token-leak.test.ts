// The token must never reach the renderer: not in the code that runs there,
// not in any IPC result or event, not in a frame the page receives, not in a
// log line. (a) checks what is built and declared; (b) signs in for real.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { startRelay, type Relay } from '../../src/relay';
import { EVENT_CHANNELS, eventContract, INVOKE_CHANNELS, invokeContract } from '../../src/shared/ipc';
import { buildBridgeScript } from '../../src/web/build';
import { startPreview, type Preview } from '../../src/web/preview';
import { bridgeProtocols } from '../../src/web/bridge/page-key';
import { BRIDGE_PROTOCOL, BRIDGE_SCRIPT_PATH, BRIDGE_SOCKET_PATH, SESSION_COOKIE } from '../../src/web/wire';
import { connectPage, launchSession, type LaunchSession, type PageClient } from '../e2e/page-client';
import { ensureBuilt, FAST_ENGINE, OUT, TEST_KEYCHAIN, waitFor } from '../e2e/helpers';

/** Names that could carry a credential if they showed up on the renderer side. */
const SECRET_NAME = /token|secret|passw(or)?d|jwt|authori[sz]ation|bearer|credential|api[-_]?key|cookie|private[-_]?key/i;
/** Calls that would hand a credential out. */
// Channel-shaped names ("token:get", "vault:read") only count inside a string
// literal: minified code is full of `{keychain:b}`-style destructuring.
const TOKEN_GETTER = /\b(get|read|load|fetch|reveal|export|copy|show)[-_:]?(access[-_]?)?token\b|["'`]token:(get|read)\b|["'`](vault|keychain|keytar|secrets?):[a-z]+/i;
const NAMESPACES = [...new Set(INVOKE_CHANNELS.map((c) => c.split(':')[0]))];

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Every property name anywhere in a JSON Schema. */
function propertyNames(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) propertyNames(n, out);
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    const props = obj['properties'];
    if (props && typeof props === 'object') for (const key of Object.keys(props)) out.add(key);
    for (const value of Object.values(obj)) propertyNames(value, out);
  }
  return out;
}

describe('token leak: what is built and declared', () => {
  let bundles: Array<{ name: string; code: string }> = [];

  beforeAll(async () => {
    await ensureBuilt();
    const files = [...filesUnder(join(OUT, 'renderer'), /\.(js|html)$/), join(OUT, 'preload/index.cjs')];
    bundles = files.map((f) => ({ name: f.slice(OUT.length + 1), code: readFileSync(f, 'utf8') }));
    bundles.push({ name: 'web bridge (built in memory)', code: await buildBridgeScript() });
  }, 120_000);

  it('has no result or event schema with a field that could carry a credential', () => {
    const schemas = [
      ...INVOKE_CHANNELS.map((c) => [`${c} result`, invokeContract[c].result] as const),
      ...EVENT_CHANNELS.map((e) => [`${e} event`, eventContract[e].payload] as const),
    ];
    const offenders: string[] = [];
    let names = 0;
    for (const [label, schema] of schemas) {
      for (const name of propertyNames(z.toJSONSchema(schema))) {
        names += 1;
        if (SECRET_NAME.test(name)) offenders.push(`${label}: ${name}`);
      }
    }
    expect(offenders).toEqual([]);
    expect(names).toBeGreaterThan(15);
  });

  it('has no channel named for a credential, and only the sign-in call takes one', () => {
    for (const channel of [...INVOKE_CHANNELS, ...EVENT_CHANNELS]) {
      expect(channel).not.toMatch(SECRET_NAME);
      expect(channel).not.toMatch(TOKEN_GETTER);
    }
    const takesSecret = INVOKE_CHANNELS.filter((c) => SECRET_NAME.test(JSON.stringify(z.toJSONSchema(invokeContract[c].input, { unrepresentable: 'any' }))));
    expect(takesSecret).toEqual(['session:signIn']);
  });

  it('ships renderer, preload and bridge code with no token getter, no extra channel and no stored credential', () => {
    expect(bundles.filter((b) => b.name.startsWith('renderer/')).length).toBeGreaterThanOrEqual(2);
    const known = new Set<string>([...INVOKE_CHANNELS, ...EVENT_CHANNELS]);
    const channelLike = new RegExp(`["'\`]((?:${[...NAMESPACES, 'vault', 'keychain', 'token', 'auth', 'secret', 'settings'].join('|')}):[A-Za-z]+)["'\`]`, 'g');
    for (const { name, code } of bundles) {
      expect(code, `${name}: token getter`).not.toMatch(TOKEN_GETTER);
      const channels = [...code.matchAll(channelLike)].map((m) => m[1]);
      expect(channels.filter((c) => c !== undefined && !known.has(c)), `${name}: channels outside the contract`).toEqual([]);
      // Nothing on the renderer side keeps anything beyond the page's life.
      expect(code, `${name}: web storage`).not.toMatch(/\b(localStorage|sessionStorage|indexedDB)\b|document\.cookie/);
      // No credential compiled in (a JWT is three base64url parts starting with eyJ).
      expect(code, `${name}: embedded JWT`).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./);
      // Main validates everything that leaves it; the schema library stays there.
      expect(code, `${name}: schema library`).not.toMatch(/ZodError|\$ZodType/);
    }
  });

  it('lets the preload expose one object and use only invoke and event listeners', () => {
    const preload = bundles.find((b) => b.name === 'preload/index.cjs')!.code;
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\("beacon"/);
    expect(preload).not.toMatch(/\b(sendSync|sendToHost|postMessage)\b|ipcRenderer\.send\(/);
    expect(preload).not.toMatch(/require\((?!"electron"\))/);
  });
});

describe('token leak: a real sign-in through the web bridge', () => {
  let relay: Relay;
  let preview: Preview;
  let page: PageClient;
  let session: LaunchSession;
  let dataDir: string;
  const logs: string[] = [];
  let token = '';

  beforeAll(async () => {
    await ensureBuilt();
    relay = await startRelay({ port: 0, demo: true, demoIntervalMs: 60_000 });
    token = await relay.mintToken('you');
    dataDir = mkdtempSync(join(tmpdir(), 'beacon-leak-'));
    preview = await startPreview({ dataDir, log: (l) => logs.push(l), keychain: TEST_KEYCHAIN, engineTiming: FAST_ENGINE });
    session = await launchSession(preview.host.launchUrl);
    page = await connectPage(preview.host.origin, session);
  }, 60_000);

  afterAll(async () => {
    page?.close();
    await preview?.close();
    await relay?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('never sends the token to the page or writes it to the log, whatever the outcome', async () => {
    const { api } = page;
    const serverUrl = relay.url;

    // Refused: a tampered token (the server says no), a mangled one (IPC says no).
    const refused = await api.session.signIn({ serverUrl, token: `${token}x`, transport: { kind: 'header' } });
    expect(refused).toMatchObject({ ok: false, reason: 'auth_refused' });
    const mangled = await api.session.signIn({ serverUrl, token: `${token} ${token}`, transport: { kind: 'header' } }).catch((e: Error) => e);
    expect(mangled).toBeInstanceOf(Error);
    expect((mangled as Error).message).toMatch(/^session:signIn: invalid argument — token: /);
    const inUrl = await api.session.signIn({ serverUrl: `${serverUrl}?token=${token}`, token, transport: { kind: 'header' } });
    expect(inUrl.ok).toBe(false);

    // Accepted, once per transport, including the query one that puts it in the URL.
    for (const transport of [{ kind: 'query', param: 'token' }, { kind: 'subprotocol' }, { kind: 'header' }] as const) {
      const result = await api.session.signIn({ serverUrl, token, transport });
      expect(result, transport.kind).toMatchObject({ ok: true, status: { signedIn: true, userId: 'you' } });
      await waitFor(`connected via ${transport.kind}`, async () => (await api.connection.getState()).state === 'connected');
    }
    await api.presence.set('busy');
    await api.connection.reconnectNow();
    await api.session.getStatus();
    const out = await api.session.signOut();
    expect(out.signedIn).toBe(false);
    await waitFor('the stopped state event', () => page.frames.some((f) => f.includes('"state":"stopped"')));

    // The page also loads HTML and the bridge script: check those responses too.
    const cookie = page.cookie;
    const served = await Promise.all(
      ['/', BRIDGE_SCRIPT_PATH].map(async (p) => (await fetch(new URL(p, preview.host.origin), { headers: { cookie } })).text()),
    );

    expect(page.frames.length).toBeGreaterThan(10);
    const [, payload = '', signature = ''] = token.split('.');
    for (const fragment of [token, payload, signature]) {
      expect(fragment.length).toBeGreaterThan(10);
      expect(page.frames.filter((f) => f.includes(fragment))).toEqual([]);
      expect(logs.filter((l) => l.includes(fragment))).toEqual([]);
      expect(served.filter((s) => s.includes(fragment))).toEqual([]);
    }
    expect(logs.some((l) => l.includes('signed in to'))).toBe(true);
  });

  it('refuses a socket from another origin, without the session cookie or without the page key', async () => {
    const url = preview.host.origin.replace(/^http/, 'ws') + BRIDGE_SOCKET_PATH;
    const { cookie, pageKey } = session;
    /** The HTTP status the upgrade got (101 when it was let through, with the protocol agreed). */
    const upgradeStatus = (headers: Record<string, string>, protocols: string[] = []): Promise<number | string> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, protocols, { headers });
        ws.once('open', () => {
          resolve(`101 ${ws.protocol}`);
          ws.close();
        });
        ws.once('unexpected-response', (_req, res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        ws.once('error', reject);
      });
    const own = { Origin: preview.host.origin, Cookie: cookie };
    expect(await upgradeStatus(own, bridgeProtocols(pageKey))).toBe(`101 ${BRIDGE_PROTOCOL}`);
    expect(await upgradeStatus({ ...own, Origin: 'http://evil.example' }, bridgeProtocols(pageKey))).toBe(403);
    expect(await upgradeStatus({ Origin: preview.host.origin }, bridgeProtocols(pageKey))).toBe(403);
    expect(await upgradeStatus({ ...own, Cookie: `${SESSION_COOKIE}=guess` }, bridgeProtocols(pageKey))).toBe(403);
    // The cookie reaches every server on 127.0.0.1; without the page key it opens nothing.
    expect(await upgradeStatus(own)).toBe(403);
    expect(await upgradeStatus(own, [BRIDGE_PROTOCOL])).toBe(403);
    expect(await upgradeStatus(own, bridgeProtocols(`${pageKey.slice(1)}x`))).toBe(403);
    expect(await upgradeStatus(own, [...bridgeProtocols(pageKey), ...bridgeProtocols(`${pageKey.slice(1)}x`).slice(1)])).toBe(403);
    // The key alone, without the protocol the host answers with (it would otherwise be echoed).
    expect(await upgradeStatus(own, bridgeProtocols(pageKey).slice(1))).toBe(403);
    expect((await fetch(preview.host.origin)).status).toBe(403);
    expect((await fetch(`${preview.host.origin}/launch?key=wrong`, { redirect: 'manual' })).status).toBe(403);
  });
});
