// Self-test of the agentcmd fake: query/Bearer token, 1008 after a global.error on refusal,
// global.connected, channel subscriptions and acks, publish, ping/pong, errors, silence, restart.
import { afterEach, describe, expect, it } from 'vitest';
import { mintAgentcmdToken, startAgentcmdFake, type AgentcmdFake, type AgentcmdFakeOptions } from './agentcmd';
import { RawClient, closeClients, dataOf, until } from './raw-client';

const fakes: AgentcmdFake[] = [];
async function fake(opts: AgentcmdFakeOptions = {}): Promise<AgentcmdFake> {
  const f = await startAgentcmdFake(opts);
  fakes.push(f);
  return f;
}
afterEach(async () => {
  closeClients();
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function signedIn(f: AgentcmdFake, userId = 'u1'): Promise<RawClient> {
  const c = await RawClient.open(`${f.url}?token=${await mintAgentcmdToken(userId)}`);
  await c.waitType('global.connected');
  return c;
}

describe('agentcmd fake', () => {
  it('signs in with the token query parameter or a Bearer header and says global.connected', async () => {
    const f = await fake();
    expect(f.url).toBe(`ws://127.0.0.1:${f.port}/ws`);
    const byQuery = await RawClient.open(`${f.url}?token=${await mintAgentcmdToken('u1')}`);
    const connected = await byQuery.waitType('global.connected');
    expect(connected.channel).toBe('global');
    expect(dataOf(connected).userId).toBe('u1');
    expect(typeof dataOf(connected).timestamp).toBe('number');
    const byHeader = await RawClient.open(f.url, { headers: { Authorization: `Bearer ${await mintAgentcmdToken('u2')}` } });
    expect(dataOf(await byHeader.waitType('global.connected')).userId).toBe('u2');
  });

  it('accepts the upgrade, then sends global.error and closes 1008 for a missing, forged or expired token', async () => {
    const f = await fake();
    const cases = [
      [f.url, 'Authentication required'],
      [`${f.url}?token=${await mintAgentcmdToken('u1', { secret: 'wrong-secret-0123456789abcdefgh' })}`, 'Authentication failed'],
      [`${f.url}?token=${await mintAgentcmdToken('u1', { expiresInSec: -5 })}`, 'Authentication failed'],
      [`${f.url}?token=garbage`, 'Authentication failed'],
    ] as const;
    for (const [url, error] of cases) {
      const c = RawClient.connect(url);
      const closed = await c.waitClosed();
      expect(closed).toEqual({ code: 1008, reason: error });
      expect(c.frames).toHaveLength(1);
      expect(c.frames[0]).toMatchObject({ channel: 'global', type: 'global.error', data: { error } });
      expect(c.refusedStatus).toBeNull();
    }
    expect(await RawClient.connect(`ws://127.0.0.1:${f.port}/other?token=x`).waitRefused()).toBe(404);
  });

  it("subscribes with the issue's one-channel form and acks on the global channel; publish reaches subscribers only", async () => {
    const f = await fake();
    const a = await signedIn(f, 'u1');
    const b = await signedIn(f, 'u2');
    a.send({ type: 'subscribe', channel: 'session:123' });
    expect(await a.waitType('global.subscription_success')).toEqual({ channel: 'global', type: 'global.subscription_success', data: { channel: 'session:123' } });
    expect(f.subscriptionsOf('u1')).toEqual([['session:123']]);
    const events = [
      f.publish('session:123', 'session.stream_output', { sessionId: '123', message: { role: 'assistant', content: 'hi' } }),
      f.publish('session:123', 'session.completed', { sessionId: '123' }),
      f.publish('session:123', 'session.failed', { sessionId: '123', error: 'boom' }),
    ];
    await until(() => a.frames.length === 5, 'three published events');
    expect(a.frames.slice(2)).toEqual(events);
    expect(events[0]).toEqual({ channel: 'session:123', type: 'session.stream_output', data: { sessionId: '123', message: { role: 'assistant', content: 'hi' } } });
    expect(await b.quietFor(100)).toBe(true);
    expect(b.frames.map((fr) => fr.type)).toEqual(['global.connected']);

    a.send({ type: 'unsubscribe', channel: 'session:123' });
    await until(() => a.ofType('global.subscription_success').length === 2, 'the unsubscribe ack');
    expect(a.ofType('global.subscription_success')[1]?.data).toEqual({ channel: 'session:123' });
    f.publish('session:123', 'session.completed', { sessionId: '123' });
    expect(await a.quietFor(100)).toBe(true);
  });

  it('takes the global form with data.channels, refuses unknown domains and bad names, and honours canAccess', async () => {
    const f = await fake({ canAccess: (_user, channel) => channel !== 'project:secret' });
    const c = await signedIn(f);
    c.send({ channel: 'global', type: 'subscribe', data: { channels: ['project:p1', 'workflow:9', 'nocolon', 'project:secret'] } });
    await until(() => c.frames.length === 5, 'four answers');
    expect(c.frames.slice(1).map((fr) => [fr.type, fr.data])).toEqual([
      ['global.subscription_success', { channel: 'project:p1' }],
      ['global.subscription_error', { channel: 'workflow:9', error: 'Unknown resource type: workflow' }],
      ['global.subscription_error', { channel: 'nocolon', error: 'Invalid channel ID format: nocolon' }],
      ['global.subscription_error', { channel: 'project:secret', error: 'Access denied to project' }],
    ]);
    c.send({ channel: 'global', type: 'subscribe', data: { channels: 'project:p2' } });
    expect((await c.waitFor((fr) => dataOf(fr).channel === '', 'the array error')).data).toEqual({ channel: '', error: 'Invalid subscribe request: channels must be an array' });
    c.send({ channel: 'session:s9', type: 'session.subscribe' });
    await until(() => f.subscriptionsOf('u1')[0]?.includes('session:s9'), 'a silent session.subscribe');
    expect(f.subscriptionsOf('u1')).toEqual([['project:p1', 'session:s9']]);
  });

  it('answers a global ping with global.pong, a channel-less frame with Unknown channel, non-JSON and unknown session actions with errors', async () => {
    const f = await fake();
    const c = await signedIn(f);
    c.send({ channel: 'global', type: 'ping' });
    const pong = await c.waitType('global.pong');
    expect(pong.channel).toBe('global');
    expect(typeof dataOf(pong).timestamp).toBe('number');
    c.send({ type: 'ping' });
    expect((await c.waitType('global.error')).data).toEqual({ error: 'Unknown channel', message: 'Invalid channel format: undefined' });
    c.send('{oops');
    await until(() => c.ofType('global.error').length === 2, 'the parse error');
    expect(dataOf(c.ofType('global.error')[1]).error).toBe('Failed to process message');
    c.send({ channel: 'session:7', type: 'session.subscribe' });
    c.send({ channel: 'session:7', type: 'session.dance' });
    expect(await c.waitType('session.error')).toEqual({ channel: 'session:7', type: 'session.error', data: { error: 'Unknown session action', sessionId: '7' } });
    expect(f.received[0]).toEqual({ channel: 'global', type: 'ping' });
  });

  it('sends nothing unasked after global.connected (no heartbeat), and restart closes without a status (1005) on the same port', async () => {
    const f = await fake();
    const port = f.port;
    const c = await signedIn(f);
    expect(await c.quietFor(150)).toBe(true);
    await f.restart();
    expect((await c.waitClosed()).code).toBe(1005);
    expect(f.port).toBe(port);
    const again = await signedIn(f);
    expect(f.subscriptionsOf('u1')).toEqual([[]]);
    f.dropAll(1001);
    expect((await again.waitClosed()).code).toBe(1001);
    expect(f.connections).toBe(0);
  });
});
