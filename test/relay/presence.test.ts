import { afterEach, describe, expect, it } from 'vitest';
import { TEAM, cleanup, signIn, startTestRelay, type Frame, type TestClient } from './helpers';

afterEach(cleanup);

const presenceOf = (client: TestClient, userId: string): unknown[] =>
  client.ofType('user_presence').filter((f) => (f.data as { userId?: string }).userId === userId).map((f) => (f.data as { status: string }).status);

const snapshotOf = (f: Frame): Record<string, string> =>
  Object.fromEntries((f.data as { userId: string; status: string }[]).map((e) => [e.userId, e.status]));

describe('relay presence', () => {
  it('makes a user online on their first connection and offline only when the last one closes', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    expect(snapshotOf(ann.ofType('presence_snapshot')[0] as Frame)).toEqual({ ann: 'online', ben: 'offline', cat: 'offline' });
    const ben1 = await signIn(relay, 'ben');
    await ann.waitFor((f) => f.type === 'user_presence');
    expect(ann.ofType('user_presence')[0]).toMatchObject({ data: { userId: 'ben', status: 'online' } });
    expect(snapshotOf(ben1.ofType('presence_snapshot')[0] as Frame)).toMatchObject({ ann: 'online', ben: 'online' });
    const ben2 = await signIn(relay, 'ben');
    expect(relay.connectionCount('ben')).toBe(2);
    ben1.ws.close();
    await ben1.waitClosed();
    await ann.sync();
    expect(presenceOf(ann, 'ben')).toEqual(['online']); // still one connection
    ben2.ws.close();
    await ann.waitFor((f) => f.type === 'user_presence' && (f.data as { status?: string }).status === 'offline');
    expect(presenceOf(ann, 'ben')).toEqual(['online', 'offline']);
    expect(relay.connectionCount('ben')).toBe(0);
  });

  it('broadcasts a chosen status to users sharing a thread (and the user\'s other connections), not to strangers', async () => {
    const relay = await startTestRelay({ workspace: { users: [], threads: [...TEAM.threads, { id: 'solo', title: 'Solo', members: ['dan'] }] } });
    const ann = await signIn(relay, 'ann');
    const annLaptop = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    const dan = await signIn(relay, 'dan');
    ann.send({ type: 'user_presence', data: 'busy' });
    await ben.waitFor((f) => f.type === 'user_presence' && f.data !== null && (f.data as { status?: string }).status === 'busy');
    await annLaptop.waitFor((f) => f.type === 'user_presence' && (f.data as { status?: string }).status === 'busy');
    ann.send({ type: 'user_presence', data: 'busy' }); // no change, no frame
    ann.send({ type: 'user_presence', data: 'away' });
    await ben.waitFor((f) => f.type === 'user_presence' && (f.data as { status?: string }).status === 'away');
    await dan.sync();
    expect(dan.ofType('user_presence')).toEqual([]);
    expect(presenceOf(ben, 'ann')).toEqual(['busy', 'away']);
    ann.send({ type: 'user_presence', data: 'sleepy' });
    expect(await ann.waitForType('error')).toMatchObject({ data: { error: expect.stringMatching(/user_presence/) } });
  });

  it('lets a connected user appear offline, and restores their choice when they reconnect', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    const ben = await signIn(relay, 'ben');
    ann.send({ type: 'user_presence', data: 'offline' });
    await ben.waitFor((f) => f.type === 'user_presence' && (f.data as { status?: string }).status === 'offline');
    const cat = await signIn(relay, 'cat');
    expect(snapshotOf(cat.ofType('presence_snapshot')[0] as Frame).ann).toBe('offline');
    ann.ws.close();
    await ann.waitClosed();
    const again = await signIn(relay, 'ann');
    expect(snapshotOf(again.ofType('presence_snapshot')[0] as Frame).ann).toBe('offline');
    again.send({ type: 'user_presence', data: 'online' });
    await ben.waitFor((f) => f.type === 'user_presence' && (f.data as { status?: string }).status === 'online');
  });

  it('shows virtual presence set for bots while the user has no connection of their own', async () => {
    const relay = await startTestRelay({ workspace: TEAM });
    const ann = await signIn(relay, 'ann');
    relay.setPresence('ben', 'away');
    expect(await ann.waitForType('user_presence')).toMatchObject({ data: { userId: 'ben', status: 'away' } });
    const ben = await signIn(relay, 'ben');
    await ann.waitFor((f) => f.type === 'user_presence' && (f.data as { status?: string }).status === 'online');
    ben.ws.close();
    await ann.waitFor((f) => f.type === 'user_presence' && presenceOf(ann, 'ben').length === 3);
    expect(presenceOf(ann, 'ben')).toEqual(['away', 'online', 'away']);
    relay.setPresence('ben', 'offline');
    await ann.waitFor(() => presenceOf(ann, 'ben').length === 4);
    expect(presenceOf(ann, 'ben')[3]).toBe('offline');
  });
});
