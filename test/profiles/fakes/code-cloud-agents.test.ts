// Self-test of the code-cloud-agents fake: every wire fact of issue 11 through a raw `ws` client.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CCA_WELCOME, startCodeCloudAgentsFake, type CodeCloudAgentsFake, type CodeCloudAgentsFakeOptions } from './code-cloud-agents';
import { sleep } from '../../support/wait';
import { RawClient, closeClients, dataOf, until } from './raw-client';

const fakes: CodeCloudAgentsFake[] = [];
async function fake(opts: CodeCloudAgentsFakeOptions = {}): Promise<CodeCloudAgentsFake> {
  const f = await startCodeCloudAgentsFake(opts);
  fakes.push(f);
  return f;
}
afterEach(async () => {
  vi.useRealTimers();
  closeClients();
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('code-cloud-agents fake', () => {
  it('signs any non-empty token in as user_ + its first 8 characters, then welcomes; every frame has an ISO timestamp', async () => {
    const f = await fake();
    expect(f.url).toBe(`ws://127.0.0.1:${f.port}/ws`);
    const c = await RawClient.open(`${f.url}?token=abcdefghijkl`);
    await c.waitType('notification');
    expect(c.frames.map((fr) => fr.type)).toEqual(['auth', 'notification']);
    expect(c.frames[0]).toMatchObject({ type: 'auth', data: { success: true, userId: 'user_abcdefgh' } });
    expect(dataOf(c.frames[0])).not.toHaveProperty('historyId');
    expect(c.frames[1]).toMatchObject({ data: { level: 'info', message: CCA_WELCOME } });
    for (const fr of c.frames) expect(fr.timestamp).toMatch(ISO);
    expect(f.signedInUsers).toEqual(['user_abcdefgh']);
    expect(f.upgrades).toBe(1);
    expect(f.connections).toBe(1);
    const short = await RawClient.open(`${f.url}?token=x`);
    expect((await short.waitType('auth')).data).toEqual({ success: true, userId: 'user_x' });
  });

  it('without a token sends the No token provided auth frame and keeps the socket open, without agent or chat frames', async () => {
    const f = await fake({ agentStatusIntervalMs: 50 });
    for (const url of [f.url, `${f.url}?token=`]) {
      const c = await RawClient.open(url);
      await c.waitType('notification');
      expect(c.frames[0]).toMatchObject({ type: 'auth', data: { success: false, error: 'No token provided' } });
      f.postChat('u2', 'hi');
      expect(await c.quietFor(150)).toBe(true);
      expect(c.closeInfo).toBeNull();
      c.send({ type: 'ping' });
      await c.waitType('pong');
    }
    expect(f.connections).toBe(2);
    expect(f.signedInUsers).toEqual([]);
  });

  it('refuses another path with HTTP 400, as ws with path /ws does', async () => {
    const f = await fake();
    const c = RawClient.connect(`ws://127.0.0.1:${f.port}/other?token=abc`);
    expect(await c.waitRefused()).toBe(400);
  });

  it('pings on its interval, keeps a client that answers pong, and terminates one silent past the timeout', async () => {
    const f = await fake({ pingIntervalMs: 60, silenceTimeoutMs: 200 });
    const alive = await RawClient.open(`${f.url}?token=alive123`);
    alive.ws.on('message', (d) => {
      if ((JSON.parse(String(d)) as { type: string }).type === 'ping') alive.send({ type: 'pong' });
    });
    const silent = await RawClient.open(`${f.url}?token=silent12`);
    const ping = await silent.waitType('ping');
    expect(ping.timestamp).toMatch(ISO);
    expect(Object.keys(ping).sort()).toEqual(['timestamp', 'type']);
    // Dropped after more than 200 ms and within one more interval: no close frame (1006).
    expect((await silent.waitClosed()).code).toBe(1006);
    await until(() => f.connections === 1, 'one connection left');
    expect(alive.closeInfo).toBeNull();
    expect(alive.ofType('ping').length).toBeGreaterThanOrEqual(4);
    expect(f.received.filter((fr) => (fr as { type?: string }).type === 'pong').length).toBeGreaterThan(0);
    // A silence drop announces no offline (the source forgets the client before its close handler).
    await sleep(100);
    expect(alive.ofType('user_presence')).toEqual([]);
  });

  it('runs its real 30 s / 60 s heartbeat on a fake clock when the clock is faked before it starts', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const f = await fake();
    const alive = await RawClient.open(`${f.url}?token=alive123`);
    const silent = await RawClient.open(`${f.url}?token=silent12`);
    // Two minutes of fake time, a check every 30 s; the live client answers each ping.
    for (let tick = 1; tick <= 4; tick++) {
      vi.advanceTimersByTime(30_000);
      if (tick <= 2) await until(() => silent.ofType('ping').length === tick, `silent ping ${tick}`);
      await until(() => alive.ofType('ping').length === tick, `ping ${tick}`);
      alive.send({ type: 'pong' });
      await until(() => f.received.length === tick, `pong ${tick}`);
    }
    // Silent since t=0: still pinged at 30 s and 60 s (not yet over 60 s), dropped at 90 s.
    expect((await silent.waitClosed()).code).toBe(1006);
    expect(silent.ofType('ping')).toHaveLength(2);
    expect(alive.closeInfo).toBeNull();
  });

  it('answers a client ping with pong and a non-JSON text with the Invalid message format error; ignores subscribe', async () => {
    const f = await fake();
    const c = await RawClient.open(`${f.url}?token=tok12345`);
    await c.waitType('notification');
    c.send({ type: 'ping' });
    expect(Object.keys(await c.waitType('pong')).sort()).toEqual(['timestamp', 'type']);
    c.send('not json');
    expect((await c.waitType('error')).data).toEqual({ error: 'Invalid message format' });
    const count = c.frames.length;
    c.send({ type: 'subscribe', thread_id: 't1' });
    c.send({ type: 'chat_message', data: { conversationId: 'c', content: 'x' } });
    expect(await c.quietFor(150)).toBe(true);
    expect(c.frames.length).toBe(count);
    expect(f.received).toEqual([{ type: 'ping' }, 'not json', { type: 'subscribe', thread_id: 't1' }, { type: 'chat_message', data: { conversationId: 'c', content: 'x' } }]);
  });

  it('broadcasts agent_status on its interval and at once on setAgentStatus', async () => {
    const f = await fake({ agentStatusIntervalMs: 80 });
    const c = await RawClient.open(`${f.url}?token=agentwatch`);
    const first = await c.waitType('agent_status');
    expect(first.data).toEqual({ agentName: 'CLOUD_ASSISTANT', state: 'idle' });
    await until(() => c.ofType('agent_status').length >= 2, 'a repeated agent_status');
    const status = f.setAgentStatus({ state: 'working', currentTask: 'Refactor', progress: 45 });
    expect(status).toEqual({ agentName: 'CLOUD_ASSISTANT', state: 'working', currentTask: 'Refactor', progress: 45 });
    await c.waitFor((fr) => fr.type === 'agent_status' && dataOf(fr).state === 'working', 'working status');
    f.setAgentStatus({ state: 'stopped' });
    const stopped = await c.waitFor((fr) => fr.type === 'agent_status' && dataOf(fr).state === 'stopped', 'stopped status');
    expect(stopped.data).toEqual({ agentName: 'CLOUD_ASSISTANT', state: 'stopped', currentTask: 'Refactor', progress: 45 });
  });

  it('broadcasts postChat in the compat chat_message shape to every signed-in client; notify reaches one user', async () => {
    const f = await fake();
    const a = await RawClient.open(`${f.url}?token=aaaaaaaa1`);
    const b = await RawClient.open(`${f.url}?token=bbbbbbbb1`);
    const sent = f.postChat('user_zed', 'hello there', { conversationId: 'conv-1' });
    for (const c of [a, b]) {
      const m = await c.waitType('chat_message');
      expect(m.data).toEqual({ conversationId: 'conv-1', messageId: sent.messageId, content: 'hello there', sender: 'user_zed', timestamp: sent.timestamp });
      expect(m).not.toHaveProperty('seq');
    }
    f.notify('warning', 'Only for a', 'user_aaaaaaaa');
    await a.waitFor((fr) => fr.type === 'notification' && dataOf(fr).message === 'Only for a', 'a notification');
    expect(await b.quietFor(100)).toBe(true);
    expect(b.ofType('notification').map((n) => dataOf(n).message)).toEqual([CCA_WELCOME]);
  });

  it('rebroadcasts a client chat_message only when asked to', async () => {
    const f = await fake({ rebroadcastClientChat: true });
    const a = await RawClient.open(`${f.url}?token=aaaaaaaa1`);
    const b = await RawClient.open(`${f.url}?token=bbbbbbbb1`);
    const data = { conversationId: 'c1', messageId: 'm1', content: 'yo', sender: 'user_aaaaaaaa', timestamp: '2026-11-29T10:00:00.000Z' };
    a.send({ type: 'chat_message', data });
    expect((await b.waitType('chat_message')).data).toEqual(data);
    expect((await a.waitType('chat_message')).data).toEqual(data);
  });

  it('broadcasts presence with userId, offline when any one connection of a user closes, and anonymous presence', async () => {
    const f = await fake();
    const me1 = await RawClient.open(`${f.url}?token=meme1234-laptop`);
    const me2 = await RawClient.open(`${f.url}?token=meme1234-desktop`);
    const other = await RawClient.open(`${f.url}?token=otherusr`);
    me1.send({ type: 'user_presence', data: 'away' });
    for (const c of [me1, me2, other]) {
      const p = await c.waitType('user_presence');
      expect(p.data).toEqual({ userId: 'user_meme1234', status: 'away' });
    }
    me2.ws.close();
    for (const c of [me1, other]) {
      await c.waitFor((fr) => fr.type === 'user_presence' && dataOf(fr).status === 'offline', 'offline');
      expect(c.ofType('user_presence').at(-1)?.data).toEqual({ userId: 'user_meme1234', status: 'offline' });
    }
    expect(me1.closeInfo).toBeNull();

    f.broadcastAnonymousPresence('busy');
    const anon = await other.waitFor((fr) => fr.type === 'user_presence' && dataOf(fr).status === 'busy', 'anonymous');
    expect(anon.data).toEqual({ status: 'busy' });

    // The same frame arises for real from a tokenless client's presence.
    const tokenless = await RawClient.open(f.url);
    tokenless.send({ type: 'user_presence', data: 'online' });
    const fromTokenless = await me1.waitFor((fr) => fr.type === 'user_presence' && dataOf(fr).status === 'online', 'tokenless presence');
    expect(fromTokenless.data).toEqual({ status: 'online' });
    // A tokenless client closing announces nobody.
    const before = other.ofType('user_presence').length;
    tokenless.ws.close();
    await until(() => f.connections === 2, 'tokenless gone');
    expect(await other.quietFor(100)).toBe(true);
    expect(other.ofType('user_presence').length).toBe(before);
  });

  it('restart resets every connection (1006) and listens again on the same port; dropAll closes with a code', async () => {
    const f = await fake();
    const port = f.port;
    const c = await RawClient.open(`${f.url}?token=restart1`);
    await f.restart();
    expect((await c.waitClosed()).code).toBe(1006);
    expect(f.port).toBe(port);
    expect(f.connections).toBe(0);
    const again = await RawClient.open(`${f.url}?token=restart1`);
    expect((await again.waitType('auth')).data).toEqual({ success: true, userId: 'user_restart1' });
    f.dropAll(1001);
    expect((await again.waitClosed()).code).toBe(1001);
    const third = await RawClient.open(`${f.url}?token=restart1`);
    f.dropAll();
    expect((await third.waitClosed()).code).toBe(1006);
    expect(f.upgrades).toBe(3);
  });
});
