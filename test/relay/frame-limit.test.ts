// No frame the relay builds may exceed the protocol's 1 MiB limit: a client
// closes with 1009 and reconnects into the same frame forever. Long lists are
// paged; notification text is capped where it enters.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../src/relay';
import { api, cleanup, dataOf, num, signIn, startTestRelay, until, type Frame, type TestClient } from './helpers';

afterEach(cleanup);

/** Every page of the first list of `type`, checked for order and completeness. */
async function pagedList(client: TestClient, type: string): Promise<unknown[]> {
  const first = await client.waitForType(type);
  const pages = typeof first.pages === 'number' ? first.pages : 1;
  const frames = await client.waitForCount((f) => f.type === type, pages, `${type} pages`);
  if (pages > 1) expect(frames.map((f) => [num(f, 'page'), num(f, 'pages')])).toEqual(frames.map((_, i) => [i + 1, pages]));
  return frames.flatMap((f) => f.data as unknown[]);
}

const longId = (prefix: string, i: number): string => `${prefix}-${i}-`.padEnd(256, 'x');

describe('frames the relay builds stay within MAX_FRAME_BYTES', () => {
  it('pages presence_snapshot for a user who shares threads with 20 000 people', async () => {
    const relay = await startTestRelay();
    const members = Array.from({ length: 20_000 }, (_, i) => longId('u', i));
    relay.addThread({ id: 'all', title: 'Everyone', members: ['me', ...members] });
    const me = await signIn(relay, 'me');
    const snapshot = (await pagedList(me, 'presence_snapshot')) as { userId: string }[];
    expect(snapshot).toHaveLength(20_001);
    expect(new Set(snapshot.map((e) => e.userId)).size).toBe(20_001);
    expect(me.ofType('presence_snapshot').length).toBeGreaterThan(1);
    expect(me.largestFrameBytes).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  }, 30_000);

  it('pages threads for a user in 6 000 threads, in creation order', async () => {
    const relay = await startTestRelay();
    for (let i = 0; i < 6000; i++) relay.addThread({ id: `t${i}`.padEnd(128, '-'), title: `Thread ${i} `.padEnd(200, '~'), members: ['me'] });
    const me = await signIn(relay, 'me');
    const threads = (await pagedList(me, 'threads')) as { id: string }[];
    expect(threads.map((t) => t.id)).toEqual(Array.from({ length: 6000 }, (_, i) => `t${i}`.padEnd(128, '-')));
    expect(me.ofType('threads').length).toBeGreaterThan(1);
    expect(me.largestFrameBytes).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  }, 30_000);

  it('keeps a short list in one frame without page fields', async () => {
    const relay = await startTestRelay({ workspace: { users: [], threads: [{ id: 't1', title: 'T', members: ['me', 'you'] }] } });
    const me = await signIn(relay, 'me');
    const threads = me.ofType('threads');
    expect(threads).toHaveLength(1);
    expect(threads[0]).not.toHaveProperty('page');
    expect(threads[0]).not.toHaveProperty('pages');
  });

  it('refuses notification text over the cap on the HTTP API with 400 and a clear error', async () => {
    const relay = await startTestRelay();
    const me = await signIn(relay, 'me');
    const huge = 'n'.repeat(1_048_500);
    const res = await api(relay, 'POST', '/api/notify', { to: 'me', level: 'info', message: huge });
    expect(res).toEqual({ status: 400, json: { error: expect.stringMatching(/^invalid body: message: is at most \d+ characters$/) } });
    const ann = await api(relay, 'POST', '/api/notify', { announcement: huge });
    expect(ann.status).toBe(400);
    await me.sync();
    expect(me.ofType('notification')).toEqual([]);
  });

  it('never sends an oversize frame, whatever a programmatic caller builds, and says so in the log', async () => {
    const logged: string[] = [];
    const relay = await startTestRelay({ log: (l) => logged.push(l) });
    const me = await signIn(relay, 'me');
    relay.notify({ to: 'me', level: 'info', message: 'n'.repeat(MAX_FRAME_BYTES) });
    relay.notify({ to: 'me', level: 'info', message: 'small' });
    const n: Frame = await me.waitForType('notification');
    expect(dataOf(n).message).toBe('small');
    expect(me.closeInfo).toBeNull();
    await until(() => logged.some((l) => /BUG: not sending a notification frame of \d+ bytes/.test(l)), 'the log line');
  });
});
