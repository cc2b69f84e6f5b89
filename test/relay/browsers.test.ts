// Browsers: a page on any site can open a WebSocket to a relay on this
// machine, and with a token minted from a public secret it could be anyone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mintToken } from '../../src/relay';
import { TEAM, attempt, cleanup, connectWithToken, startTestRelay } from './helpers';

afterEach(cleanup);

/** The constant the relay used to fall back to: it is in the source history, so anyone has it. */
const FORMER_DEV_SECRET = 'beacon-dev-secret-not-for-production-use-0001';

describe('browser origins', () => {
  it('refuses an upgrade from a browser origin not on the allow-list (none by default)', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const token = await relay.mintToken('ann');
    const fromPage = await attempt(relay.url, token, 'query', { origin: 'https://evil.example' });
    expect(fromPage).toMatchObject({ ok: false, status: 403 });
    expect((fromPage as { body: string }).body).toContain('origin not allowed');
    expect(relay.connectionCount()).toBe(0);
    const native = await attempt(relay.url, token, 'header'); // no Origin: a desktop client, curl, a bot
    expect(native.ok).toBe(true);
  });

  it('accepts the origins given with allowedOrigins (--allow-origin), and only those', async () => {
    const relay = await startTestRelay({ workspace: TEAM, allowedOrigins: ['https://app.example.com', 'http://localhost:5173'] });
    const token = await relay.mintToken('ann');
    expect((await attempt(relay.url, token, 'query', { origin: 'https://app.example.com' })).ok).toBe(true);
    expect((await attempt(relay.url, token, 'subprotocol', { origin: 'http://localhost:5173' })).ok).toBe(true);
    expect(await attempt(relay.url, token, 'query', { origin: 'https://app.example.com.evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(await attempt(relay.url, token, 'query', { origin: 'null' })).toMatchObject({ ok: false, status: 403 });
  });
});

describe('no public default secret', () => {
  it('draws a random secret per relay: tokens from the old development secret or another relay are refused', async () => {
    const prev = process.env.BEACON_RELAY_SECRET;
    delete process.env.BEACON_RELAY_SECRET;
    try {
      const one = await startTestRelay({ workspace: TEAM });
      const two = await startTestRelay({ workspace: TEAM });
      expect(await attempt(one.url, await mintToken(FORMER_DEV_SECRET, 'ann'))).toMatchObject({ ok: false, status: 401 });
      expect(await attempt(one.url, await two.mintToken('ann'))).toMatchObject({ ok: false, status: 401 });
      const ann = await connectWithToken(one.url, await one.mintToken('ann'));
      expect(await ann.waitForType('auth')).toMatchObject({ data: { userId: 'ann' } });
      const demo = await startTestRelay({ demo: true, demoIntervalMs: 60_000 });
      const you = await connectWithToken(demo.url, await demo.mintToken('you'));
      expect(await you.waitForType('threads')).toMatchObject({ data: expect.arrayContaining([expect.objectContaining({ id: 'general' })]) });
    } finally {
      if (prev !== undefined) process.env.BEACON_RELAY_SECRET = prev;
    }
  });

  it('keeps the drawn secret in the data directory, so tokens outlive a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beacon-relay-secret-'));
    try {
      const first = await startTestRelay({ workspace: TEAM, dataDir: dir });
      const token = await first.mintToken('ann');
      await first.close();
      expect(fs.statSync(path.join(dir, 'relay-secret')).mode & 0o777).toBe(0o600);
      const second = await startTestRelay({ dataDir: dir });
      const ann = await connectWithToken(second.url, token);
      expect(await ann.waitForType('auth')).toMatchObject({ data: { userId: 'ann' } });
    } finally {
      await cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
