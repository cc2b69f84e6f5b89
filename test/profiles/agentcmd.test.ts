// What agentcmd needs beyond the conformance suite: the {channel, type, data}
// codec for every frame shape (sign-in, refusals, errors, acks, activity
// fields and keys, the latest output line), its client frames, the default
// rules; against the fake: follow/unfollow frames and re-subscription, output
// collapsed per channel, completions and failures, a refused channel, no
// presence, the token in no log, the probe and detection.
import { afterEach, describe, expect, it } from 'vitest';
import { probeServer } from '../../src/main/connection';
import { NotificationRulesSchema, requireProfile, ruleTypeMatches } from '../../src/shared/protocol/profiles';
import { lastOutputLine } from '../../src/shared/protocol/profiles/agentcmd-codec';
import type { Client } from '../connection/support/setup';
import { client, stopClients, visibleText } from '../connection/support/setup';
import { startRewriteProxy, type RewriteProxy } from '../connection/support/ws-rewrite-proxy';
import { sleep, waitFor } from '../connection/support/wait';
import { mintAgentcmdToken, startAgentcmdFake, type AgentcmdFake } from './fakes/agentcmd';

const profile = requireProfile('agentcmd');
const { codec } = profile;
const decode = (frame: object) => codec.decode(JSON.stringify(frame));
const activity = (frame: object) => {
  const r = decode(frame);
  if (!r.ok || r.event.type !== 'activity') throw new Error(`not activity: ${JSON.stringify(r)}`);
  return r.event;
};

describe('agentcmd codec: the global channel', () => {
  it('global.connected signs in as its userId; without one the profile\'s identity (the token\'s userId claim) decides', () => {
    expect(decode({ channel: 'global', type: 'global.connected', data: { timestamp: 1, userId: 'user-7' } })).toEqual({
      ok: true,
      event: { type: 'auth', ok: true, userId: 'user-7', compat: false, historyId: null },
      unknownFields: 0,
    });
    expect(decode({ channel: 'global', type: 'global.connected', data: { timestamp: 1, clientId: 'c1' } })).toMatchObject({ event: { type: 'auth', ok: true, userId: '' } });
    expect(profile.identity).toEqual({ kind: 'jwt-claim', claim: 'userId' });
  });

  it('global.error: authentication errors refuse the sign-in; others are server errors', () => {
    expect(decode({ channel: 'global', type: 'global.error', data: { error: 'Authentication required', message: 'No authentication token provided' } })).toEqual({
      ok: true,
      event: { type: 'auth', ok: false, reason: 'Authentication required: No authentication token provided' },
      unknownFields: 0,
    });
    expect(decode({ channel: 'global', type: 'global.error', data: { error: 'Authentication failed', message: 'Invalid or expired token' } })).toMatchObject({
      event: { type: 'auth', ok: false, reason: 'Authentication failed: Invalid or expired token' },
    });
    expect(decode({ channel: 'global', type: 'global.error', data: { error: 'Unknown channel', message: 'Invalid channel format: undefined' } })).toEqual({
      ok: true,
      event: { type: 'error', message: 'Unknown channel: Invalid channel format: undefined', clientId: null, threadId: null },
      unknownFields: 0,
    });
  });

  it('pong, ping and subscription acks are known; a refused subscription is an error on that channel', () => {
    expect(decode({ channel: 'global', type: 'global.pong', data: { timestamp: 5 } })).toEqual({ ok: true, event: { type: 'pong' }, unknownFields: 0 });
    expect(decode({ channel: 'global', type: 'global.ping', data: { timestamp: 5 } })).toEqual({ ok: true, event: { type: 'known', frameType: 'global.ping' }, unknownFields: 0 });
    expect(decode({ channel: 'global', type: 'global.subscription_success', data: { channel: 'session:1' } })).toEqual({
      ok: true,
      event: { type: 'known', frameType: 'global.subscription_success' },
      unknownFields: 0,
    });
    expect(decode({ channel: 'global', type: 'global.subscription_error', data: { channel: 'session:9', error: 'Access denied to session' } })).toEqual({
      ok: true,
      event: { type: 'error', message: 'Could not follow session:9: Access denied to session', clientId: null, threadId: 'session:9' },
      unknownFields: 0,
    });
  });

  it('broken frames are malformed', () => {
    expect(codec.decode('{')).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(decode({ channel: 'session:1', data: {} })).toMatchObject({ ok: false, reason: 'missing_type' });
    expect(codec.decode('"x"')).toMatchObject({ ok: false, reason: 'not_object' });
  });
});

describe('agentcmd codec: channel events are activity, one line per channel', () => {
  it('session.stream_output: the latest line of output, never a notification level', () => {
    const ev = activity({
      channel: 'session:123',
      type: 'session.stream_output',
      data: { sessionId: '123', timestamp: 1_764_450_000_000, message: { role: 'assistant', content: [{ type: 'text', text: 'Reading files\nRunning tests…\n' }, { type: 'tool_use', name: 'bash', input: {} }] } },
    });
    expect(ev).toEqual({
      type: 'activity',
      source: 'session.stream_output',
      action: null,
      title: 'session:123',
      detail: 'Running tests…',
      state: 'running',
      key: 'session:123',
      level: 'info',
      ts: new Date(1_764_450_000_000).toISOString(),
      collapseRepeats: true,
    });
    expect(profile.notificationRules.some((r) => ruleTypeMatches(r.type, 'session.stream_output'))).toBe(false);
  });

  it('output text is found in the payload shapes agentcmd uses, and clipped', () => {
    expect(lastOutputLine({ message: 'plain line' })).toBe('plain line');
    expect(lastOutputLine({ text: 'a\nb\n\n' })).toBe('b');
    expect(lastOutputLine({ message: { content: 'from content' } })).toBe('from content');
    expect(lastOutputLine({ message: { content: [{ type: 'text', text: 'one' }, { type: 'tool_result', content: [{ type: 'text', text: 'two' }] }] } })).toBe('two');
    expect(lastOutputLine({ message: { content: [{ type: 'tool_use', name: 'bash', input: { cmd: 'ls' } }] } })).toBeNull();
    expect(lastOutputLine({ chunk: 'x'.repeat(1_000) })).toHaveLength(300);
    expect(lastOutputLine(null)).toBeNull();
  });

  it('*.completed and *.failed on any channel; a failure is an error-level line with its reason', () => {
    expect(activity({ channel: 'session:1', type: 'session.completed', data: { sessionId: '1' } })).toMatchObject({
      source: 'session.completed', title: 'session:1', key: 'session:1', state: 'completed', level: 'success', detail: null, collapseRepeats: false,
    });
    expect(activity({ channel: 'session:1', type: 'session.failed', data: { sessionId: '1', error: 'Agent crashed' } })).toMatchObject({
      source: 'session.failed', key: 'session:1', state: 'failed', level: 'error', detail: 'Agent crashed',
    });
    expect(activity({ channel: 'project:7', type: 'build.completed', data: { message: 'All green' } })).toMatchObject({ key: 'project:7', state: 'completed', detail: 'All green' });
  });

  it('the source\'s other session and workflow events', () => {
    expect(activity({ channel: 'session:1', type: 'session.message_complete', data: { sessionId: '1', usage: { totalTokens: 5 } } })).toMatchObject({ state: 'replied', level: 'success', key: 'session:1' });
    expect(activity({ channel: 'session:1', type: 'session.session_updated', data: { sessionId: '1', state: 'error', error_message: 'Out of credits', name: 'Fix bug' } })).toMatchObject({
      state: 'error', detail: 'Out of credits', level: 'error', key: 'session:1',
    });
    expect(activity({ channel: 'session:1', type: 'session.error', data: { error: 'Unknown session action', sessionId: '1' } })).toMatchObject({ state: 'error', level: 'error', detail: 'Unknown session action' });
    expect(activity({ channel: 'project:7', type: 'workflow.run.updated', data: { run_id: 'r1', project_id: '7', changes: { status: 'failed', error_message: 'Step 3 failed' } } })).toMatchObject({
      title: 'Workflow run r1', key: 'run r1', state: 'failed', detail: 'Step 3 failed', level: 'error',
    });
    // A type this profile does not list is activity on its channel's line, not unknown.
    expect(activity({ channel: 'project:7', type: 'webhook.event_received', data: { webhook_id: 'w', event: { id: 'e', status: 'success' } } })).toMatchObject({ source: 'webhook.event_received', key: 'project:7', title: 'project:7' });
  });

  it('fields beside the envelope are counted, the envelope\'s own are not', () => {
    expect(decode({ channel: 'session:1', type: 'session.completed', data: {}, timestamp: 1 })).toMatchObject({ ok: true, unknownFields: 0 });
    expect(decode({ channel: 'session:1', type: 'session.completed', data: {}, extra: true })).toMatchObject({ ok: true, unknownFields: 1 });
  });
});

describe('agentcmd client frames and rules', () => {
  it('ping on the global channel, one-channel subscribe/unsubscribe, nothing else', () => {
    expect(codec.encode({ type: 'ping' })).toBe('{"channel":"global","type":"ping"}');
    expect(codec.encode({ type: 'subscribe', threadId: 'session:123', since: null })).toBe('{"type":"subscribe","channel":"session:123"}');
    expect(codec.encode({ type: 'unsubscribe', threadId: 'session:123' })).toBe('{"type":"unsubscribe","channel":"session:123"}');
    for (const f of [{ type: 'pong' }, { type: 'user_presence', status: 'away' }, { type: 'subscribe_all' }, { type: 'read', threadId: 's', seq: 1 }, { type: 'send', threadId: 's', clientId: 'c', body: 'b' }] as const) {
      expect(codec.encode(f)).toBeNull();
    }
  });

  it('default rules: completions and failures notify, output does not; valid settings data', () => {
    expect(NotificationRulesSchema.safeParse(profile.notificationRules).success).toBe(true);
    const notifies = (type: string) => profile.notificationRules.some((r) => ruleTypeMatches(r.type, type) && r.field === undefined);
    expect(['session.completed', 'session.failed', 'build.completed', 'session.stream_output', 'session.message_complete'].map(notifies)).toEqual([true, true, true, false, false]);
    expect(profile).toMatchObject({ subscribe: 'threads', hasPresence: false, follow: { noun: 'channel', example: 'session:123' }, canSend: { ok: false } });
  });
});

const USER = 'user-7';
let fake: AgentcmdFake | null = null;
let proxy: RewriteProxy | null = null;
afterEach(async () => {
  await stopClients();
  await proxy?.close();
  await fake?.close();
  fake = proxy = null;
});

async function signedIn(follow: string[] = []): Promise<{ c: Client; f: AgentcmdFake; token: string }> {
  const f = (fake = await startAgentcmdFake());
  const token = await mintAgentcmdToken(USER);
  const c = client({ url: f.url, token, profile: 'agentcmd' });
  for (const ch of follow) c.engine.follow(ch);
  c.engine.start();
  await waitFor(() => c.engine.state.state === 'connected', 'connected');
  return { c, f, token };
}

const subs = (f: AgentcmdFake): string[] => (f.subscriptionsOf(USER)[0] ?? []).slice().sort();
const clientFrames = (f: AgentcmdFake): string[] => f.received.map((x) => JSON.stringify(x)).filter((x) => x !== '{"channel":"global","type":"ping"}');

function quiet(c: Client): void {
  const d = c.engine.diagnostics();
  expect({ unknown: d.unknownFrameTypes, malformed: d.malformedFrames }).toEqual({ unknown: 0, malformed: 0 });
}

describe('agentcmd against its fake', () => {
  it('follow and unfollow send the server\'s frames; after a restart only followed channels are subscribed again', async () => {
    const { c, f } = await signedIn(['session:1']);
    await waitFor(() => subs(f).length === 1, 'session:1 at the server');
    c.engine.follow('project:7');
    c.engine.follow('session:2');
    await waitFor(() => subs(f).length === 3, 'three channels');
    c.engine.unfollow('session:2');
    await waitFor(() => subs(f).length === 2, 'session:2 gone');
    expect(clientFrames(f)).toEqual([
      '{"type":"subscribe","channel":"session:1"}',
      '{"type":"subscribe","channel":"project:7"}',
      '{"type":"subscribe","channel":"session:2"}',
      '{"type":"unsubscribe","channel":"session:2"}',
    ]);
    await f.restart();
    await waitFor(() => c.engine.diagnostics().reconnects === 1 && subs(f).length === 2, 'resubscribed');
    expect(subs(f)).toEqual(['project:7', 'session:1']);
    f.publish('session:2', 'session.completed', { sessionId: '2' });
    f.publish('session:1', 'session.completed', { sessionId: '1' });
    await waitFor(() => c.rec.of('activity').length === 1, 'the followed channel\'s completion');
    await sleep(100);
    expect(c.rec.of('activity').map((a) => a.key)).toEqual(['session:1']);
    quiet(c);
  });

  it('a run\'s output collapses to one line per channel: identical lines are not new, the latest line is the last event', async () => {
    const { c, f } = await signedIn(['session:1', 'session:2']);
    await waitFor(() => subs(f).length === 2, 'subscribed');
    for (let i = 1; i <= 50; i++) {
      f.publish('session:1', 'session.stream_output', { sessionId: '1', message: { content: [{ type: 'text', text: `step ${Math.ceil(i / 2)}` }] } });
    }
    f.publish('session:2', 'session.stream_output', { sessionId: '2', message: 'other session' });
    f.publish('session:1', 'session.failed', { sessionId: '1', error: 'Tests failed' });
    await waitFor(() => c.rec.of('activity').some((a) => a.source === 'session.failed'), 'the failure');
    const lines = c.rec.of('activity');
    // 25 distinct lines (each sent twice), the other session's one, the failure.
    expect(lines).toHaveLength(27);
    expect(new Set(lines.map((a) => a.key))).toEqual(new Set(['session:1', 'session:2']));
    const last1 = lines.filter((a) => a.key === 'session:1').at(-1);
    expect(last1).toMatchObject({ source: 'session.failed', state: 'failed', level: 'error', detail: 'Tests failed' });
    expect(lines.filter((a) => a.key === 'session:1' && a.source === 'session.stream_output').at(-1)?.detail).toBe('step 25');
    expect(c.rec.of('notification')).toEqual([]);
    quiet(c);
  });

  it('a channel the server refuses is an error naming it; nothing unknown; no presence ever sent', async () => {
    const { c, f } = await signedIn();
    c.engine.setPresence('away');
    c.engine.follow('bogus:1');
    await waitFor(() => c.rec.of('error').length === 1, 'the subscription error');
    expect(c.rec.of('error')).toEqual([{ kind: 'server', message: 'Could not follow bogus:1: Unknown resource type: bogus', clientId: null, threadId: 'bogus:1' }]);
    await sleep(100);
    expect(clientFrames(f)).toEqual(['{"type":"subscribe","channel":"bogus:1"}']);
    quiet(c);
  });

  it('no token reaching the server (a proxy drops the query): "sign in again" saying where the token goes; never retried', async () => {
    const f = (fake = await startAgentcmdFake());
    proxy = await startRewriteProxy({ target: () => f.url, rewrite: (t) => t });
    const token = await mintAgentcmdToken(USER);
    const c = client({ url: proxy.url, token, profile: 'agentcmd', transport: { kind: 'query', param: 'token' } });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'auth_failed', 'auth_failed');
    expect(c.engine.state).toMatchObject({ forbidden: false, reason: expect.stringMatching(/^AgentCmd received no token: .*Authorization header.*`token` query parameter\. Sign in again\.$/) });
    await sleep(300);
    expect(c.engine.diagnostics().connectAttempts).toBe(1);
    expect(visibleText(c)).not.toContain(token);
  });

  it('the query transport works too and keeps the token out of every log', async () => {
    const f = (fake = await startAgentcmdFake());
    const token = await mintAgentcmdToken(USER);
    const c = client({ url: f.url, token, profile: 'agentcmd', transport: { kind: 'query', param: 'token' } });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected', 'connected');
    expect(c.engine.state).toMatchObject({ userId: USER });
    expect(visibleText(c)).not.toContain(token);
  });

  it('a server whose global.connected names nobody (agentcmd\'s own source): the user is the token\'s userId claim', async () => {
    const f = (fake = await startAgentcmdFake());
    proxy = await startRewriteProxy({ target: () => f.url, rewrite: (t) => t.replace(/,"userId":"[^"]*"/, '') });
    const c = client({ url: proxy.url, token: await mintAgentcmdToken(USER), profile: 'agentcmd' });
    c.engine.start();
    await waitFor(() => c.engine.state.state === 'connected', 'connected');
    expect(c.engine.state).toMatchObject({ userId: USER });
  });

  it('the probe signs in, and words a bad token', async () => {
    const f = (fake = await startAgentcmdFake());
    const token = await mintAgentcmdToken(USER);
    expect(await probeServer({ url: f.url, token, profile: 'agentcmd', allowInsecure: false })).toEqual({ ok: true, userId: USER });
    const bad = await probeServer({ url: f.url, token: await mintAgentcmdToken(USER, { expiresInSec: -5 }), profile: 'agentcmd', allowInsecure: false });
    expect(bad).toMatchObject({ ok: false, reason: 'auth_refused', message: expect.stringMatching(/refused the token: Authentication failed: Invalid or expired token/) });
  });
});

describe('agentcmd detection', () => {
  it('by its global.connected first frame, with the Bearer header or ?token=', async () => {
    const f = (fake = await startAgentcmdFake());
    const token = await mintAgentcmdToken(USER);
    expect(await probeServer({ url: f.url, token, profile: 'detect', allowInsecure: false })).toEqual({ ok: true, userId: USER, profile: 'agentcmd', transport: { kind: 'header' } });
    const query = { kind: 'query', param: 'token' } as const;
    expect(await probeServer({ url: f.url, token, transport: query, profile: 'detect', allowInsecure: false })).toEqual({ ok: true, userId: USER, profile: 'agentcmd', transport: query });
  });

  it('by its refusal when the token went where agentcmd does not read it, then confirmed with its own transport', async () => {
    const f = (fake = await startAgentcmdFake());
    const r = await probeServer({ url: f.url, token: await mintAgentcmdToken(USER), transport: { kind: 'query', param: 'access_token' }, profile: 'detect', allowInsecure: false });
    expect(r).toEqual({ ok: true, userId: USER, profile: 'agentcmd', transport: { kind: 'header' } });
  });
});
