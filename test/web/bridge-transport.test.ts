// The web bridge's transport against the real web host over a real socket: a
// call whose frame is over the host's limit is refused in the page with a
// clear error (the host would otherwise close the socket and cut the window
// off), and the socket goes on working; a closed socket is reported once and
// every later call fails saying so. Plus the byte counting the limit needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBeaconClient } from '../../src/shared/ipc/client';
import { BRIDGE_LOST_TEXT } from '../../src/shared/web-bridge';
import { fitsInFrame, MAX_BRIDGE_FRAME_BYTES, utf8Bytes } from '../../src/web/bridge/frame-limit';
import { bridgeProtocols } from '../../src/web/bridge/page-key';
import { socketTransport } from '../../src/web/bridge/transport';
import { startPreview, type Preview } from '../../src/web/preview';
import { BRIDGE_SOCKET_PATH } from '../../src/web/wire';
import { ensureBuilt } from '../e2e/helpers';
import { launchSession } from '../e2e/page-client';

describe('frame size', () => {
  it('counts UTF-8 bytes as a WebSocket sends them', () => {
    for (const text of ['', 'abc', 'héllo', '€', '👩‍👩‍👧', 'a\ud800b', '\udc00', 'x'.repeat(1000) + '𝔘']) {
      const expected = Buffer.byteLength(text.replace(/[\ud800-\udfff]/gu, '\ufffd'), 'utf8');
      expect(utf8Bytes(text), JSON.stringify(text)).toBe(expected);
    }
  });

  it('fits exactly up to the limit, in bytes not characters', () => {
    expect(fitsInFrame('a'.repeat(MAX_BRIDGE_FRAME_BYTES))).toBe(true);
    expect(fitsInFrame('a'.repeat(MAX_BRIDGE_FRAME_BYTES + 1))).toBe(false);
    // 400 Ki characters of 3 bytes each: under the limit in characters, over it in bytes.
    expect(fitsInFrame('€'.repeat(400 * 1024))).toBe(false);
    expect(fitsInFrame('€'.repeat(300 * 1024))).toBe(true);
  });
});

describe('the bridge transport against the web host', () => {
  let preview: Preview;
  let dataDir: string;
  const hostLog: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'beacon-bridge-'));
    preview = await startPreview({ dataDir, log: (l) => hostLog.push(l), keychain: 'memory' });
  }, 120_000);

  afterAll(async () => {
    await preview?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function connect(): Promise<{ api: ReturnType<typeof createBeaconClient>; socket: WebSocket; lost: () => number }> {
    const session = await launchSession(preview.host.launchUrl);
    const origin = preview.host.origin;
    const socket = new WebSocket(new URL(BRIDGE_SOCKET_PATH, origin.replace(/^http/, 'ws')).href, bridgeProtocols(session.pageKey), {
      headers: { Origin: origin, Cookie: session.cookie },
    });
    let lostCount = 0;
    const api = createBeaconClient(socketTransport(socket, { onLost: () => lostCount++ }));
    await once(socket, 'open');
    return { api, socket, lost: () => lostCount };
  }

  it('refuses a call over the host frame limit with a clear error, and the socket goes on working', async () => {
    const { api, socket, lost } = await connect();
    const huge = 'y'.repeat(1_100_000);
    await expect(api.message.send({ threadId: 'general', body: huge })).rejects.toThrow(/too large to send \(\d+ KB; the most .* is 1024 KB\)/);
    // Multi-byte text under the limit in characters but over it in bytes is refused too.
    await expect(api.message.send({ threadId: 'general', body: '€'.repeat(400_000) })).rejects.toThrow(/too large to send/);
    // A frame just under the limit gets to main, which refuses it for what it is.
    await expect(api.message.send({ threadId: 'general', body: 'z'.repeat(MAX_BRIDGE_FRAME_BYTES - 200) })).rejects.toThrow(/longer than 65536 characters/);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect((await api.session.getStatus()).signedIn).toBe(false);
    expect(lost()).toBe(0);
    expect(hostLog.filter((l) => /page socket error/.test(l))).toEqual([]);
    socket.close();
  });

  it('reports a lost host once, and every later call fails saying so', async () => {
    const { api, socket, lost } = await connect();
    expect((await api.session.getStatus()).signedIn).toBe(false);
    socket.terminate();
    await once(socket, 'close');
    expect(lost()).toBe(1);
    await expect(api.presence.get()).rejects.toThrow(BRIDGE_LOST_TEXT);
    expect(lost()).toBe(1);
  });
});
