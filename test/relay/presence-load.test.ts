// Presence under abuse: one client toggling its status hundreds of times a
// second must not turn into hundreds of frames a second to each of its peers.
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM, cleanup, signIn, startTestRelay, until, type Frame, type TestClient } from './helpers';
import { sleep } from '../support/wait';

afterEach(cleanup);

const statusesOf = (client: TestClient, userId: string): string[] =>
  client.ofType('user_presence').filter((f) => (f.data as { userId?: string }).userId === userId).map((f) => (f.data as { status: string }).status);

describe('presence under load', () => {
  it('coalesces a user\'s changes: at most a few broadcasts a second, the last status always arrives', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    const statuses = ['away', 'busy', 'online'] as const;
    const started = Date.now();
    for (let i = 0; i < 500; i++) ann.send({ type: 'user_presence', data: statuses[i % 3] });
    ann.send({ type: 'user_presence', data: 'busy' });
    await until(() => statusesOf(ben, 'ann').at(-1) === 'busy' && Date.now() - started > 1500, 'the final status', 5000);
    await sleep(400);
    const seconds = (Date.now() - started) / 1000;
    const frames = statusesOf(ben, 'ann');
    expect(frames.at(-1)).toBe('busy');
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
  });

  it('applies at most 10 presence frames a second per connection, keeping the latest for later', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    await sleep(400); // the connects' own presence batch has gone out
    const before = statusesOf(ben, 'ann').length;
    for (let i = 0; i < 10; i++) ann.send({ type: 'user_presence', data: 'away' });
    ann.send({ type: 'user_presence', data: 'busy' }); // the 11th within a second
    await ann.sync();
    const cat = await signIn(relay, 'cat');
    const snapshot = cat.ofType('presence_snapshot')[0] as Frame;
    expect((snapshot.data as { userId: string; status: string }[]).find((e) => e.userId === 'ann')?.status).toBe('away');
    await ben.waitFor((f) => f.type === 'user_presence' && (f.data as { status?: string }).status === 'busy', 'busy at last', 3000);
    expect(statusesOf(ben, 'ann').slice(before)).toEqual(['away', 'busy']);
  });
});

describe('presence snapshots of one thread (cached between changes)', () => {
  it('shows every member as they are, the newcomer included, however many connect one after another', async () => {
    const members = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const relay = await startTestRelay({ workspace: { users: [], threads: [{ id: 'one', title: 'One', members }] } });
    const clients: TestClient[] = [];
    for (const [i, m] of members.entries()) {
      const c = await signIn(relay, m);
      clients.push(c);
      const snapshot = Object.fromEntries((c.ofType('presence_snapshot')[0]?.data as { userId: string; status: string }[]).map((e) => [e.userId, e.status]));
      expect(Object.entries(snapshot).filter(([, s]) => s === 'online').map(([u]) => u).sort()).toEqual(members.slice(0, i + 1).sort());
    }
    clients[0]?.send({ type: 'user_presence', data: 'busy' });
    await clients[1]?.waitFor((f) => f.type === 'user_presence' && (f.data as { status?: string }).status === 'busy');
    clients[2]?.ws.close();
    await clients[1]?.waitFor((f) => f.type === 'user_presence' && (f.data as { userId?: string; status?: string }).userId === 'm2');
    const late = await signIn(relay, 'm2');
    const snapshot = Object.fromEntries((late.ofType('presence_snapshot')[0]?.data as { userId: string; status: string }[]).map((e) => [e.userId, e.status]));
    expect(snapshot).toMatchObject({ m0: 'busy', m1: 'online', m2: 'online' });
  });
});
