import { afterEach, describe, expect, it } from 'vitest';
import { TEAM, api, cleanup, signIn, startTestRelay } from './helpers';

afterEach(cleanup);

describe('relay HTTP API', () => {
  it('serves /healthz without auth and guards every /api route with the admin token', async () => {
    const relay = await startTestRelay({ workspace: TEAM, adminToken: 'admin-secret' });
    expect(relay.adminToken).toBe('admin-secret');
    expect(await api(relay, 'GET', '/healthz', undefined, null)).toMatchObject({ status: 200, json: { ok: true } });
    for (const route of ['/api/notify', '/api/threads', '/api/threads/t1/messages', '/api/presence']) {
      expect((await api(relay, 'POST', route, {}, null)).status, route).toBe(401);
      expect((await api(relay, 'POST', route, {}, 'wrong')).status, route).toBe(401);
    }
    expect((await api(relay, 'GET', '/api/workspace', undefined, null)).status).toBe(401);
    expect((await api(relay, 'POST', '/api/nothing', {})).status).toBe(404);
    expect((await api(relay, 'GET', '/api/nothing')).status).toBe(404);
    expect((await api(relay, 'GET', '/api/notify')).status).toBe(405);
    expect((await api(relay, 'GET', '/elsewhere', undefined, null)).status).toBe(404);
  });

  it('delivers notifications and announcements, to one user or everyone', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    const sent = await api(relay, 'POST', '/api/notify', { to: 'ann', id: 'n1', level: 'warning', title: 'Deploy', message: 'Build 42 failed' });
    expect(sent).toEqual({ status: 200, json: { delivered: 1 } });
    expect(await ann.waitForType('notification')).toMatchObject({ data: { id: 'n1', level: 'warning', title: 'Deploy', message: 'Build 42 failed' } });
    expect(await api(relay, 'POST', '/api/notify', { announcement: 'Maintenance at 22:00' })).toEqual({ status: 200, json: { delivered: 2 } });
    for (const c of [ann, ben]) expect(await c.waitForType('system_announcement')).toMatchObject({ message: 'Maintenance at 22:00' });
    await ben.sync();
    expect(ben.ofType('notification')).toEqual([]);

    relay.notify({ level: 'info', message: 'to all' });
    relay.announce('just ben', 'ben');
    const n = await ben.waitForType('notification');
    expect(n).toMatchObject({ data: { level: 'info', message: 'to all' } });
    expect(typeof (n.data as { id?: unknown }).id).toBe('string');
    await ben.waitFor((f) => f.type === 'system_announcement' && f.message === 'just ben');
    await ann.sync();
    expect(ann.ofType('system_announcement').map((f) => f.message)).toEqual(['Maintenance at 22:00']);
  });

  it('answers 400 with a JSON error on bad JSON or bad fields', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const cases: [string, unknown][] = [
      ['/api/notify', '{not json'],
      ['/api/notify', { level: 'loud', message: 'x' }],
      ['/api/notify', { level: 'info' }],
      ['/api/notify', { announcement: '' }],
      ['/api/threads/t1/messages', { sender: 'ann' }],
      ['/api/threads/t1/messages', { sender: 'ann', body: '' }],
      ['/api/threads/t1/messages', { sender: 'ann', bodies: [] }],
      ['/api/threads/t1/messages', { sender: 'ann', bodies: new Array(10_001).fill('x') }],
      ['/api/threads', { id: 't5', title: 'x' }],
      ['/api/presence', { userId: 'ann', status: 'sleepy' }],
    ];
    for (const [route, body] of cases) {
      const res = await api(relay, 'POST', route, body);
      expect(res.status, `${route} ${JSON.stringify(body).slice(0, 60)}`).toBe(400);
      expect(typeof res.json.error).toBe('string');
    }
  });

  it('posts single and batched messages (201 with ids and seqs) and 404s an unknown thread', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    ann.send({ type: 'subscribe', thread_id: 't1' });
    await ann.sync();
    const one = await api(relay, 'POST', '/api/threads/t1/messages', { sender: 'bot', body: 'hello' });
    expect(one.status).toBe(201);
    expect(one.json.messages).toEqual([{ id: expect.any(String), seq: 1 }]);
    const batch = await api(relay, 'POST', '/api/threads/t1/messages', { sender: 'bot', bodies: ['a', 'b', 'c'] });
    expect((batch.json.messages as { seq: number }[]).map((m) => m.seq)).toEqual([2, 3, 4]);
    const msgs = await ann.waitForCount((f) => f.type === 'message', 4, 'messages');
    expect(msgs.map((m) => m.body)).toEqual(['hello', 'a', 'b', 'c']);
    expect(msgs[0]?.id).toBe((one.json.messages as { id: string }[])[0]?.id);
    expect(await api(relay, 'POST', '/api/threads/nope/messages', { sender: 'bot', body: 'x' })).toMatchObject({ status: 404, json: { error: expect.stringMatching(/unknown thread/) } });
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const res = await api(relay, 'POST', '/api/notify', { level: 'info', message: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(await api(relay, 'GET', '/healthz', undefined, null)).toMatchObject({ status: 200 });
  });

  it('creates and updates threads and sets virtual presence', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const cat = await signIn(relay, 'cat');
    const created = await api(relay, 'POST', '/api/threads', { id: 'ops', title: 'Ops', members: ['cat', 'ann'] });
    expect(created).toEqual({ status: 201, json: { created: true, thread: { id: 'ops', title: 'Ops', members: ['cat', 'ann'], lastSeq: 0 } } });
    await cat.waitFor((f) => f.type === 'threads' && JSON.stringify(f.data).includes('"ops"'));
    expect((await api(relay, 'POST', '/api/threads', { id: 'ops', title: 'Operations', members: ['cat'] })).status).toBe(200);
    expect(await api(relay, 'POST', '/api/presence', { userId: 'ann', status: 'busy' })).toEqual({ status: 200, json: { userId: 'ann', status: 'busy' } });
    await cat.waitFor((f) => f.type === 'user_presence');
    const ws = await api(relay, 'GET', '/api/workspace');
    expect(ws.json.users).toEqual(TEAM.users);
    expect(ws.json.threads).toContainEqual({ id: 'ops', title: 'Operations', members: ['cat'], lastSeq: 0 });
  });
});
