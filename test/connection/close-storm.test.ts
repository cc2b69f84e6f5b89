// Close 1001 (going away) and 1012 (service restart) must not cause a reconnect
// storm: only the first attempt after a connection that was up and stable is
// fast (1001: at once; 1012: after 0-500 ms of jitter), then backoff as usual.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ConnectionEngine } from '../../src/main/connection';
import type { CompatServer } from './support/compat-server';
import { startCompatServer } from './support/compat-server';
import { FakeClock } from './support/fake-clock';
import { client } from './support/setup';
import { sleep, waitFor } from './support/wait';

const TOKEN = 'storm-token-0123456789';
const servers: CompatServer[] = [];
const engines: ConnectionEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Mode = 'after-auth' | 'before-auth';

/** A server that closes every connection with `code` (after or before its auth frame), except those `keep` says to hold. */
async function closingServer(code: number, mode: Mode, keep: (n: number) => boolean = () => false): Promise<{ server: CompatServer; sockets: WebSocket[] }> {
  const sockets: WebSocket[] = [];
  const server = await startCompatServer({
    acceptToken: () => true,
    onConnection: (ws, s) => {
      sockets.push(ws);
      ws.on('message', (d) => {
        if (String(d) === '{"type":"ping"}') ws.send('{"type":"pong"}');
      });
      if (mode === 'after-auth') ws.send(JSON.stringify({ type: 'auth', data: { success: true, userId: 'u1' } }));
      if (!keep(s.upgrades)) ws.close(code, 'bye');
    },
  });
  servers.push(server);
  return { server, sockets };
}

/** An engine on a fake clock (default backoff 1 s .. 30 s, stable after 10 s); records each retry's delay. */
function fakeEngine(url: string, random = 0.999): { engine: ConnectionEngine; clock: FakeClock; delays: number[]; codes: (number | null)[] } {
  const clock = new FakeClock();
  const engine = new ConnectionEngine({ url, token: TOKEN, transport: { kind: 'query', param: 'access_token' }, clock, random: () => random });
  engines.push(engine);
  const delays: number[] = [];
  const codes: (number | null)[] = [];
  engine.on('state', (s) => {
    if (s.state === 'reconnecting') {
      delays.push(s.nextAttemptAt - s.since);
      codes.push(s.lastCloseCode);
    }
  });
  return { engine, clock, delays, codes };
}

/** Lets `n` retries happen, advancing the fake clock by each one's delay. */
async function retries(f: ReturnType<typeof fakeEngine>, n: number): Promise<void> {
  for (let i = f.delays.length; i < n; i++) {
    await waitFor(() => f.delays.length > i, `retry #${i + 1}`);
    f.clock.advance(f.delays[i]!);
  }
}

describe('close 1001 / 1012 (fake clock)', () => {
  for (const mode of ['after-auth', 'before-auth'] as const) {
    it(`1001 ${mode} on connections that never became stable: backoff from the first retry`, async () => {
      const { server } = await closingServer(1001, mode);
      const f = fakeEngine(server.url);
      f.engine.start();
      await retries(f, 5);
      expect(f.codes.slice(0, 5)).toEqual([1001, 1001, 1001, 1001, 1001]);
      expect(f.delays.slice(0, 5)).toEqual([999, 1998, 3996, 7992, 15984]);
    });
  }

  it('1001 after a stable connection: the first retry at once, then backoff', async () => {
    const { server, sockets } = await closingServer(1001, 'after-auth', (n) => n === 1);
    const f = fakeEngine(server.url);
    f.engine.start();
    await waitFor(() => f.engine.state.state === 'connected', 'connected');
    f.clock.advance(10_000); // stable
    sockets[0]!.close(1001, 'deploy');
    await retries(f, 4);
    expect(f.delays.slice(0, 4)).toEqual([0, 999, 1998, 3996]);
  });

  it('1012 after a stable connection: the first retry after 0-500 ms of jitter, then backoff', async () => {
    const { server, sockets } = await closingServer(1012, 'after-auth', (n) => n === 1);
    const f = fakeEngine(server.url, 0.5);
    f.engine.start();
    await waitFor(() => f.engine.state.state === 'connected', 'connected');
    f.clock.advance(10_000);
    sockets[0]!.close(1012, 'restarting');
    await retries(f, 3);
    expect(f.delays.slice(0, 3)).toEqual([250, 500, 1000]);
  });

  it('1012 on connections that never became stable: backoff, no fast first retry', async () => {
    const { server } = await closingServer(1012, 'before-auth');
    const f = fakeEngine(server.url);
    f.engine.start();
    await retries(f, 3);
    expect(f.delays.slice(0, 3)).toEqual([999, 1998, 3996]);
  });
});

describe('close 1001 / 1012 (real time, real server): connections counted', () => {
  for (const [code, mode] of [[1001, 'after-auth'], [1001, 'before-auth'], [1012, 'after-auth'], [1012, 'before-auth']] as const) {
    it(`${code} ${mode}: a handful of connects in 2 s, not hundreds`, async () => {
      const { server } = await closingServer(code, mode);
      const c = client({ url: server.url, token: TOKEN, transport: { kind: 'query', param: 'access_token' }, backoff: { baseMs: 100, capMs: 1_000 }, random: () => 0.5 });
      engines.push(c.engine);
      c.engine.start();
      await sleep(2_000);
      await c.engine.stop();
      // Jitter pinned at half the ceiling (50, 100, 200, 400, 500 ms): 7 attempts in 2 s
      // (before the fix: 420-470). With live jitter a short draw run once made 11.
      expect(server.upgrades).toBeLessThanOrEqual(10);
      expect(server.upgrades).toBeGreaterThanOrEqual(1);
    });
  }
});
