// What mozaiks-notifications needs beyond the conformance suite: every frame
// shape through its codec (events, activity fields and keys, zero ignored
// fields), client frames it has and has not, the default rules, the token by
// query or subprotocol (never in logs), no presence sent, the close-code
// refusals behind a proxy, the probe's words, and detection.
import { afterEach, describe, expect, it } from 'vitest';
import { probeServer } from '../../src/main/connection';
import { NotificationRulesSchema, requireProfile, ruleTypeMatches } from '../../src/shared/protocol/profiles';
import type { Client } from '../connection/support/setup';
import { client, stopClients, visibleText } from '../connection/support/setup';
import { sleep, waitFor } from '../connection/support/wait';
import { MOZAIKS_SUBPROTOCOL, mintMozaiksToken, pythonNaiveIso, startMozaiksFake, type MozaiksFake, type MozaiksFakeOptions } from './fakes/mozaiks';

const profile = requireProfile('mozaiks-notifications');
const { codec } = profile;
const decode = (frame: object) => codec.decode(JSON.stringify(frame));
const TS = '2026-11-29T21:30:00.123000';

describe('mozaiks codec', () => {
  it('connection_ack signs in as data.user_id', () => {
    expect(decode({ type: 'connection_ack', data: { user_id: 'ann' } })).toEqual({
      ok: true,
      event: { type: 'auth', ok: true, userId: 'ann', compat: true, historyId: null },
      unknownFields: 0,
    });
  });

  it('notification: the issue\'s shape and the server\'s full one, no field left unknown', () => {
    expect(decode({ type: 'notification', action: 'created', data: { title: 'Build', message: 'Build 12 is ready', id: 'n-1' }, timestamp: TS })).toEqual({
      ok: true,
      event: { type: 'notification', id: 'n-1', level: 'info', title: 'Build', message: 'Build 12 is ready', welcome: false },
      unknownFields: 0,
    });
    const full = decode({
      type: 'notification',
      subtype: 'new',
      data: { id: 'n-2', user_id: 'ann', type: 'security_alerts', title: 'New sign-in', message: 'From Firefox', created_at: TS, read: false, metadata: { ip: 'x' } },
    });
    expect(full).toMatchObject({ ok: true, event: { type: 'notification', id: 'n-2', title: 'New sign-in', message: 'From Firefox' }, unknownFields: 0 });
    // A field nobody knows is still counted.
    expect(decode({ type: 'notification', data: { title: 't', message: 'm', id: 'n-3', mystery: 1 } })).toMatchObject({ ok: true, unknownFields: 1 });
  });

  it('system_announcement is an announcement', () => {
    expect(decode({ type: 'system_announcement', action: 'broadcast', data: { message: 'Maintenance at 22:00' }, timestamp: TS })).toEqual({
      ok: true,
      event: { type: 'announcement', message: 'Maintenance at 22:00' },
      unknownFields: 0,
    });
  });

  it('task_update is activity keyed by task: its action, and a level for the ones that end', () => {
    const r = decode({ type: 'task_update', action: 'updated', data: { task_id: 'T-9', action: 'started' }, timestamp: TS });
    expect(r).toEqual({
      ok: true,
      event: {
        type: 'activity',
        source: 'task_update',
        action: 'started',
        title: 'Task T-9',
        detail: null,
        state: 'started',
        key: 'task T-9',
        level: 'info',
        // Naive UTC from Python: read as UTC, not as local time.
        ts: `${TS}Z`,
        collapseRepeats: true,
      },
      unknownFields: 0,
    });
    const level = (action: string) => {
      const d = decode({ type: 'task_update', action: 'updated', data: { task_id: 'T-9', action } });
      return d.ok && d.event.type === 'activity' ? d.event.level : null;
    };
    expect([level('failed'), level('completed'), level('progress')]).toEqual(['error', 'success', 'info']);
    // A task update with a status and a message says more.
    expect(decode({ type: 'task_update', data: { task_id: 'T-9', action: 'updated', status: 'running', message: '3 of 5 done' } })).toMatchObject({
      event: { state: 'running', detail: '3 of 5 done', action: 'updated' },
    });
  });

  it('plugin events and any other type are activity, never unknown', () => {
    expect(decode({ type: 'my_plugin_update', action: 'created', data: { title: 'New report', message: 'Q3 is in' }, timestamp: TS })).toMatchObject({
      ok: true,
      event: { type: 'activity', source: 'my_plugin_update', action: 'created', title: 'New report', detail: 'Q3 is in', key: 'my_plugin_update', level: 'info', collapseRepeats: false },
    });
    // Nothing to make a title from: the type is the title.
    expect(decode({ type: 'inventory_sync', action: 'done', data: {} })).toMatchObject({
      ok: true,
      event: { type: 'activity', source: 'inventory_sync', title: 'inventory_sync', action: 'done', detail: null },
    });
    expect(decode({ type: 'alerts_plugin', data: { name: 'Disk', level: 'warning' } })).toMatchObject({ event: { title: 'Disk', level: 'warning' } });
  });

  it('an error frame is the engine\'s error, not activity', () => {
    expect(decode({ type: 'error', message: 'Rate limited' })).toEqual({ ok: true, event: { type: 'error', message: 'Rate limited', clientId: null, threadId: null }, unknownFields: 0 });
  });

  it('pong and ping are the heartbeat; broken frames are malformed, not activity', () => {
    expect(decode({ type: 'pong' })).toEqual({ ok: true, event: { type: 'pong' }, unknownFields: 0 });
    expect(decode({ type: 'ping' })).toEqual({ ok: true, event: { type: 'ping' }, unknownFields: 0 });
    expect(codec.decode('not json')).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(decode({ action: 'created' })).toMatchObject({ ok: false, reason: 'missing_type' });
    expect(codec.decode('[1]')).toMatchObject({ ok: false, reason: 'not_object' });
  });

  it('client frames: ping and pong only; no presence, subscribe, send or read', () => {
    expect(codec.encode({ type: 'ping' })).toBe('{"type":"ping"}');
    expect(codec.encode({ type: 'pong' })).toBe('{"type":"pong"}');
    expect(codec.encode({ type: 'user_presence', status: 'away' })).toBeNull();
    expect(codec.encode({ type: 'subscribe', threadId: 'x' })).toBeNull();
    expect(codec.encode({ type: 'unsubscribe', threadId: 'x' })).toBeNull();
    expect(codec.encode({ type: 'subscribe_all' })).toBeNull();
    expect(codec.encode({ type: 'send', threadId: 'x', clientId: 'c', body: 'b' })).toBeNull();
    expect(codec.encode({ type: 'read', threadId: 'x', seq: 1 })).toBeNull();
  });

  it('default rules: a task that fails or completes notifies; valid as settings data', () => {
    expect(NotificationRulesSchema.safeParse(profile.notificationRules).success).toBe(true);
    const matching = (source: string, action: string) =>
      profile.notificationRules.filter((r) => ruleTypeMatches(r.type, source) && (r.field !== 'action' || r.equals === action)).length;
    expect([matching('task_update', 'failed'), matching('task_update', 'completed'), matching('task_update', 'started'), matching('my_plugin_update', 'created')]).toEqual([1, 1, 0, 0]);
    expect(profile).toMatchObject({ hasPresence: false, subscribe: 'none', signIn: 'connection-ack', url: { path: '/ws/notifications/{userId}' } });
  });
});

let fake: MozaiksFake | null = null;
afterEach(async () => {
  await stopClients();
  await fake?.close();
  fake = null;
});

async function signedIn(opts: { fake?: MozaiksFakeOptions; user?: string; transport?: 'query' } = {}): Promise<{ c: Client; f: MozaiksFake; token: string }> {
  const f = (fake = await startMozaiksFake(opts.fake));
  const token = await mintMozaiksToken('ann');
  const c = client({
    url: f.urlFor(opts.user ?? 'ann'),
    token,
    profile: 'mozaiks-notifications',
    ...(opts.transport === 'query' ? { transport: { kind: 'query', param: 'access_token' } as const } : {}),
  });
  c.engine.start();
  await waitFor(() => c.engine.state.state === 'connected', 'connected');
  return { c, f, token };
}

function quiet(c: Client): void {
  const d = c.engine.diagnostics();
  expect({ unknown: d.unknownFrameTypes, malformed: d.malformedFrames, ignored: d.ignoredFields }).toEqual({ unknown: 0, malformed: 0, ignored: 0 });
}

describe('mozaiks against its fake', () => {
  it('every event type arrives as what it is, once, with nothing unknown or ignored', async () => {
    const { c, f } = await signedIn({ user: '_' });
    f.emit('ann', 'notification', 'created', { title: 'Build', message: 'Build 12 is ready', id: 'n-1' });
    f.broadcast('system_announcement', 'broadcast', { message: 'Maintenance at 22:00' });
    f.emit('ann', 'task_update', 'updated', { task_id: 'T-1', action: 'failed' });
    f.emit('ann', 'my_plugin_update', 'created', { title: 'New report' });
    f.emit('bob', 'notification', 'created', { title: 'Not ours', message: 'x', id: 'n-9' });
    await waitFor(() => c.rec.of('activity').length === 2, 'two activity lines');
    expect(c.rec.of('notification')).toEqual([{ id: 'n-1', level: 'info', title: 'Build', message: 'Build 12 is ready' }]);
    expect(c.rec.of('announcement')).toEqual([{ message: 'Maintenance at 22:00' }]);
    const [task, plugin] = c.rec.of('activity');
    expect(task).toMatchObject({ source: 'task_update', key: 'task T-1', action: 'failed', level: 'error' });
    expect(plugin).toMatchObject({ source: 'my_plugin_update', action: 'created', title: 'New report' });
    // The server's naive-UTC timestamp becomes the time of the line, whatever the local zone.
    expect(Math.abs((task?.ts ?? 0) - Date.now())).toBeLessThan(5_000);
    expect(task?.ts).toBe(Date.parse(`${pythonNaiveIso(new Date(task?.ts ?? 0))}Z`));
    quiet(c);
  });

  it('the token travels as the "mozaiks, <jwt>" subprotocol, and no presence is ever sent', async () => {
    const { c, f, token } = await signedIn();
    c.engine.setPresence('away');
    c.engine.setPresence('busy');
    f.emit('ann', 'task_update', 'updated', { task_id: 'T-2', action: 'started' });
    await waitFor(() => c.rec.of('activity').length === 1, 'activity after the presence changes');
    await f.restart();
    await waitFor(() => c.engine.diagnostics().reconnects === 1 && c.engine.state.state === 'connected', 'reconnected');
    await sleep(100);
    expect(f.received.filter((x) => JSON.stringify(x) !== '{"type":"ping"}')).toEqual([]);
    // No query string: the fake read the token from the subprotocol entry beside "mozaiks".
    expect(profile.token.default).toEqual({ kind: 'subprotocol' });
    expect(profile.token.subprotocol).toEqual({ offer: [MOZAIKS_SUBPROTOCOL], tokenPrefix: '' });
    expect(new URL(f.urlFor('ann')).search).toBe('');
    expect(visibleText(c)).not.toContain(token);
  });

  it('the access_token query parameter works too; the token shows in no log or state', async () => {
    const { c, f, token } = await signedIn({ transport: 'query' });
    expect(c.engine.state).toMatchObject({ userId: 'ann' });
    f.emit('ann', 'notification', 'created', { title: 'A', message: 'B', id: 'n-5' });
    await waitFor(() => c.rec.of('notification').length === 1, 'a notification');
    expect(visibleText(c)).not.toContain(token);
    expect(c.logs.join('\n')).not.toContain('access_token=ey');
  });

  it('behind a proxy that accepts first: close 4001 and 4003 are "sign in again" with their own words, never retried', async () => {
    const f = (fake = await startMozaiksFake({ refusal: 'close-after-accept' }));
    const cases = [
      { url: f.urlFor('ann'), token: await mintMozaiksToken('ann', { expiresInSec: -5 }), code: 4001, words: /^Mozaiks did not accept your token \(4001\): it is missing, invalid or expired\. Sign in again/ },
      { url: f.urlFor('bob'), token: await mintMozaiksToken('ann'), code: 4003, words: /^Mozaiks refused the connection \(4003\): the user id at the end of the URL is not the token's/ },
    ];
    for (const k of cases) {
      const c = client({ url: k.url, token: k.token, profile: 'mozaiks-notifications' });
      c.engine.start();
      await waitFor(() => c.engine.state.state === 'auth_failed', `auth_failed ${k.code}`);
      expect(c.engine.state).toMatchObject({ state: 'auth_failed', code: k.code, forbidden: false, reason: expect.stringMatching(k.words) });
      c.engine.networkChanged(true);
      await sleep(300);
      expect(c.engine.diagnostics().connectAttempts).toBe(1);
      expect(visibleText(c)).not.toContain(k.token);
    }
  });

  it('the probe signs in, and says "sign in again" for a 403', async () => {
    const f = (fake = await startMozaiksFake());
    const token = await mintMozaiksToken('ann');
    expect(await probeServer({ url: f.urlFor('_'), token, profile: 'mozaiks-notifications', allowInsecure: false })).toEqual({ ok: true, userId: 'ann' });
    const bad = await probeServer({ url: f.urlFor('bob'), token, profile: 'mozaiks-notifications', allowInsecure: false });
    expect(bad).toMatchObject({ ok: false, reason: 'auth_refused', message: expect.stringMatching(/Mozaiks did not accept your sign-in \(HTTP 403\).*Sign in again/) });
    expect(JSON.stringify(bad)).not.toContain(token);
  });
});

describe('mozaiks detection', () => {
  it('with ?access_token=: detected by its connection_ack', async () => {
    const f = (fake = await startMozaiksFake());
    const token = await mintMozaiksToken('ann');
    const transport = { kind: 'query', param: 'access_token' } as const;
    const r = await probeServer({ url: f.urlFor('ann'), token, transport, profile: 'detect', allowInsecure: false });
    expect(r).toEqual({ ok: true, userId: 'ann', profile: 'mozaiks-notifications', transport });
  });

  it('with the default header (which mozaiks never reads, so HTTP 403): the URL\'s path names it, confirmed with its own transport', async () => {
    const f = (fake = await startMozaiksFake());
    const r = await probeServer({ url: f.urlFor('ann'), token: await mintMozaiksToken('ann'), profile: 'detect', allowInsecure: false });
    expect(r).toEqual({ ok: true, userId: 'ann', profile: 'mozaiks-notifications', transport: { kind: 'subprotocol' } });
  });
});
