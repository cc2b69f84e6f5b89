// Self-test of the mozaiks-notifications fake: token by query or subprotocol, 403 refusals
// (or close 4001/4003 after accept), connection_ack, pushed events, ping/pong, silence, restart.
import { afterEach, describe, expect, it } from 'vitest';
import { MOZAIKS_SUBPROTOCOL, mintMozaiksToken, startMozaiksFake, type MozaiksFake, type MozaiksFakeOptions } from './mozaiks';
import { RawClient, closeClients, until } from './raw-client';

const fakes: MozaiksFake[] = [];
async function fake(opts: MozaiksFakeOptions = {}): Promise<MozaiksFake> {
  const f = await startMozaiksFake(opts);
  fakes.push(f);
  return f;
}
afterEach(async () => {
  closeClients();
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const NAIVE_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

describe('mozaiks-notifications fake', () => {
  it('accepts the token in the access_token query parameter and acks with the user id first', async () => {
    const f = await fake();
    expect(f.url).toBe(`ws://127.0.0.1:${f.port}/ws/notifications`);
    expect(f.urlFor('u-42')).toBe(`${f.url}/u-42`);
    const c = await RawClient.open(`${f.urlFor('u-42')}?access_token=${await mintMozaiksToken('u-42')}`);
    expect(await c.waitType('connection_ack')).toEqual({ type: 'connection_ack', data: { user_id: 'u-42' } });
    expect(c.frames).toHaveLength(1);
    expect(c.ws.protocol).toBe('');
    expect(f.connectedUsers).toEqual(['u-42']);
  });

  it('accepts the token as a subprotocol entry beside "mozaiks", selects "mozaiks", and takes "_" as the path wildcard', async () => {
    const f = await fake();
    const token = await mintMozaiksToken('ann');
    const c = await RawClient.open(f.urlFor('_'), { protocols: [MOZAIKS_SUBPROTOCOL, token] });
    expect(c.ws.protocol).toBe(MOZAIKS_SUBPROTOCOL);
    expect((await c.waitType('connection_ack')).data).toEqual({ user_id: 'ann' });
    // The subprotocol wins over the query parameter, as in the source.
    const both = await RawClient.open(`${f.urlFor('ann')}?access_token=garbage`, { protocols: [MOZAIKS_SUBPROTOCOL, token] });
    expect((await both.waitType('connection_ack')).data).toEqual({ user_id: 'ann' });
  });

  it('refuses with HTTP 403 before accept: no token, forged, expired, a user mismatch, a bearer.-prefixed entry, another path', async () => {
    const f = await fake();
    const ann = await mintMozaiksToken('ann');
    const attempts = [
      RawClient.connect(f.urlFor('ann')),
      RawClient.connect(`${f.urlFor('ann')}?access_token=${await mintMozaiksToken('ann', { secret: 'some-other-secret-0123456789abc' })}`),
      RawClient.connect(`${f.urlFor('ann')}?access_token=${await mintMozaiksToken('ann', { expiresInSec: -5 })}`),
      RawClient.connect(`${f.urlFor('bob')}?access_token=${ann}`),
      RawClient.connect(f.urlFor('ann'), { protocols: [MOZAIKS_SUBPROTOCOL, `bearer.${ann}`] }),
      RawClient.connect(`${f.url}?access_token=${ann}`),
      RawClient.connect(`ws://127.0.0.1:${f.port}/ws?access_token=${ann}`),
      RawClient.connect(f.urlFor('ann'), { headers: { Authorization: `Bearer ${ann}` } }),
    ];
    for (const a of attempts) expect(await a.waitRefused()).toBe(403);
    expect(f.upgrades).toBe(attempts.length);
    expect(f.connections).toBe(0);
  });

  it("with refusal 'close-after-accept' closes with 4001 for a bad token and 4003 for a user mismatch, sending no frame", async () => {
    const f = await fake({ refusal: 'close-after-accept' });
    const bad = RawClient.connect(`${f.urlFor('ann')}?access_token=nope`);
    expect((await bad.waitClosed()).code).toBe(4001);
    const mismatch = RawClient.connect(`${f.urlFor('bob')}?access_token=${await mintMozaiksToken('ann')}`);
    expect((await mismatch.waitClosed()).code).toBe(4003);
    expect([...bad.frames, ...mismatch.frames]).toEqual([]);
  });

  it('pushes events {type, action, data, timestamp} to the user they name, unasked; broadcast reaches everyone', async () => {
    const f = await fake();
    const ann = await RawClient.open(`${f.urlFor('ann')}?access_token=${await mintMozaiksToken('ann')}`);
    const bob = await RawClient.open(`${f.urlFor('bob')}?access_token=${await mintMozaiksToken('bob')}`);
    await ann.waitType('connection_ack');
    await bob.waitType('connection_ack');
    const sent = [
      f.emit('ann', 'notification', 'created', { title: 'Deploy', message: 'Build 42 failed', id: 'n1' }),
      f.emit('ann', 'task_update', 'completed', { task_id: 't7', action: 'completed' }),
      f.emit('ann', 'my_plugin_update', 'created', { item: 'x' }),
    ];
    await until(() => ann.frames.length === 4, 'three events');
    expect(ann.frames.slice(1)).toEqual(sent);
    for (const e of ann.frames.slice(1)) {
      expect(Object.keys(e).sort()).toEqual(['action', 'data', 'timestamp', 'type']);
      expect(e.timestamp).toMatch(NAIVE_ISO);
    }
    const announcement = f.broadcast('system_announcement', 'created', { message: 'Maintenance at 22:00' });
    expect(await bob.waitType('system_announcement')).toEqual(announcement);
    expect(await ann.waitType('system_announcement')).toEqual(announcement);
    expect(bob.ofType('notification')).toEqual([]);
  });

  it('answers ping with pong, ignores other client text, and stays silent otherwise (no server heartbeat)', async () => {
    const f = await fake();
    const c = await RawClient.open(`${f.urlFor('ann')}?access_token=${await mintMozaiksToken('ann')}`);
    await c.waitType('connection_ack');
    c.send({ type: 'subscribe', channel: 'x' });
    c.send('not json');
    expect(await c.quietFor(150)).toBe(true);
    c.send({ type: 'ping' });
    expect(await c.waitType('pong')).toEqual({ type: 'pong' });
    expect(c.frames.map((fr) => fr.type)).toEqual(['connection_ack', 'pong']);
    expect(c.closeInfo).toBeNull();
    expect(f.received).toEqual([{ type: 'subscribe', channel: 'x' }, 'not json', { type: 'ping' }]);
  });

  it('restart closes with 1012 and listens again on the same port', async () => {
    const f = await fake();
    const port = f.port;
    const token = await mintMozaiksToken('ann');
    const c = await RawClient.open(`${f.urlFor('ann')}?access_token=${token}`);
    await f.restart();
    expect((await c.waitClosed()).code).toBe(1012);
    expect(f.port).toBe(port);
    const again = await RawClient.open(`${f.urlFor('ann')}?access_token=${token}`);
    await again.waitType('connection_ack');
    f.dropAll();
    expect((await again.waitClosed()).code).toBe(1006);
  });
});
