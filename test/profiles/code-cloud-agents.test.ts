// What code-cloud-agents needs beyond the conformance suite, against its fake:
// the welcome once per sign-in, chat without subscribe, activity repeats and
// "stopped", presence that names nobody, our own status re-sent after the
// server reports us offline, the server's own heartbeat, read-only sending,
// and detection.
import { afterEach, describe, expect, it } from 'vitest';
import { probeServer, SendNotSupportedError } from '../../src/main/connection';
import type { Relay } from '../../src/relay';
import type { Client } from '../connection/support/setup';
import { client, startConnRelay, stopClients } from '../connection/support/setup';
import { startRewriteProxy, type RewriteProxy } from '../connection/support/ws-rewrite-proxy';
import { sleep, waitFor } from '../connection/support/wait';
import { CCA_WELCOME, startCodeCloudAgentsFake, userIdForToken, type CodeCloudAgentsFake, type CodeCloudAgentsFakeOptions } from './fakes/code-cloud-agents';

const TOKEN = 'cca-token-0123456789';
let fake: CodeCloudAgentsFake | null = null;
let relay: Relay | null = null;
let proxy: RewriteProxy | null = null;
afterEach(async () => {
  await stopClients();
  await proxy?.close();
  await fake?.close();
  await relay?.close();
  fake = relay = proxy = null;
});

async function signedIn(opts: CodeCloudAgentsFakeOptions = {}, token = TOKEN): Promise<{ c: Client; f: CodeCloudAgentsFake }> {
  const f = (fake = await startCodeCloudAgentsFake({ agentStatusIntervalMs: 600_000, ...opts }));
  const c = client({ url: f.url, token, profile: 'code-cloud-agents' });
  c.engine.start();
  await waitFor(() => c.engine.state.state === 'connected', 'connected');
  return { c, f };
}
const framesOfType = (f: CodeCloudAgentsFake, type: string) => f.received.filter((x) => (x as { type?: unknown }).type === type);

describe('code-cloud-agents', () => {
  it('shows the welcome once per sign-in, not after a reconnect; a new token may show it again', async () => {
    const { c, f } = await signedIn();
    await waitFor(() => c.rec.of('notification').length === 1, 'the welcome');
    expect(c.rec.of('notification')).toEqual([{ id: 'welcome:code-cloud-agents', level: 'info', title: null, message: CCA_WELCOME, welcome: true }]);
    await f.restart();
    await waitFor(() => c.engine.diagnostics().reconnects === 1 && c.engine.state.state === 'connected', 'reconnected');
    f.notify('warning', 'Quota at 90%');
    await waitFor(() => c.rec.of('notification').length === 2, 'the next notification');
    expect(c.rec.of('notification')[1]).toEqual({ id: null, level: 'warning', title: null, message: 'Quota at 90%' });
    // A new token keeps the link that is up; the sign-in with it happens at the next connection.
    c.engine.setToken('cca-token-9876543210');
    f.dropAll(1012);
    await waitFor(() => c.rec.of('notification').length === 3, 'the welcome of the new sign-in');
    expect(c.rec.of('notification')[2]).toMatchObject({ welcome: true, message: CCA_WELCOME });
  });

  it('chat messages arrive once each, with no subscribe, read or threads frames in either direction', async () => {
    const { c, f } = await signedIn();
    f.postChat('user_other01', 'hello', { messageId: 'msg_a' });
    f.postChat('user_other01', 'hello', { messageId: 'msg_a' }); // the same message again
    f.postChat('user_other01', 'second', { conversationId: 'ops', messageId: 'msg_b' });
    await waitFor(() => c.rec.messages.length === 2, 'two messages');
    await sleep(100);
    expect(c.rec.messages.map((m) => [m.threadId, m.id, m.body, m.seq, m.compat])).toEqual([
      ['general', 'msg_a', 'hello', null, true],
      ['ops', 'msg_b', 'second', null, true],
    ]);
    c.engine.markRead('general', 1);
    expect(() => c.engine.send('general', 'hi')).toThrow(SendNotSupportedError);
    expect(() => c.engine.send('general', 'hi')).toThrow(/does not take messages from Beacon/);
    expect(c.engine.canSend.ok).toBe(false);
    await sleep(100);
    expect(f.received.filter((x) => (x as { type?: unknown }).type !== 'ping')).toEqual([]);
    expect(c.rec.of('threads')).toEqual([]);
  });

  it('agent status: the periodic broadcast of the same status is not new; progress is; stopped is a warning', async () => {
    const { c, f } = await signedIn({ agentStatusIntervalMs: 50 });
    await waitFor(() => c.rec.of('activity').length === 1, 'the first status');
    await sleep(300); // six more broadcasts of the same status
    expect(c.rec.of('activity')).toHaveLength(1);
    expect(c.rec.of('activity')[0]).toMatchObject({ source: 'agent_status', title: 'CLOUD_ASSISTANT', state: 'idle', level: 'info', detail: null });
    f.setAgentStatus({ state: 'working', currentTask: 'Build', progress: 10 });
    f.setAgentStatus({ progress: 20 });
    f.setAgentStatus({ state: 'stopped' });
    await waitFor(() => c.rec.of('activity').length === 4, 'three changes');
    await sleep(200);
    expect(c.rec.of('activity').map((a) => [a.state, a.detail, a.level])).toEqual([
      ['idle', null, 'info'],
      ['working', 'Build (10%)', 'info'],
      ['working', 'Build (20%)', 'info'],
      ['stopped', 'Build (20%)', 'warning'],
    ]);
    // The server's ISO timestamp becomes the activity's time.
    const ts = c.rec.of('activity')[3]?.ts ?? 0;
    expect(Math.abs(ts - Date.now())).toBeLessThan(5_000);
    const d = c.engine.diagnostics();
    expect([d.unknownFrameTypes, d.malformedFrames]).toEqual([0, 0]);
  });

  it('presence naming nobody is dropped quietly; our own "offline" (another connection closed) makes us re-send our status', async () => {
    const { c, f } = await signedIn();
    c.engine.setPresence('away');
    await waitFor(() => framesOfType(f, 'user_presence').length === 1, 'our status at the server');
    f.broadcastAnonymousPresence('busy');
    f.broadcastPresence('user_other01', 'busy');
    await waitFor(() => c.rec.of('presence').some((p) => p.userId === 'user_other01'), 'the other user');
    expect(c.rec.of('presence').filter((p) => p.status === 'busy')).toEqual([{ userId: 'user_other01', status: 'busy' }]);
    expect(c.engine.diagnostics().malformedFrames).toBe(0);

    // A second connection of the same user closes: the server says this user is offline.
    const second = client({ url: f.url, token: TOKEN, profile: 'code-cloud-agents' });
    second.engine.start();
    await waitFor(() => second.engine.state.state === 'connected', 'second connected');
    await second.engine.stop();
    await waitFor(() => c.rec.of('presence').some((p) => p.userId === userIdForToken(TOKEN) && p.status === 'offline'), 'offline reported');
    await waitFor(() => framesOfType(f, 'user_presence').length === 2, 'our status sent again');
    expect(framesOfType(f, 'user_presence')).toEqual([{ type: 'user_presence', data: 'away' }, { type: 'user_presence', data: 'away' }]);
  });

  it("answers the server's pings, so a server that drops silent clients keeps us", async () => {
    const { c, f } = await signedIn({ pingIntervalMs: 100, silenceTimeoutMs: 250 });
    await sleep(1_200);
    expect(c.rec.stateNames()).toEqual(['connecting', 'connected']);
    expect(framesOfType(f, 'pong').length).toBeGreaterThanOrEqual(8);
    expect(f.upgrades).toBe(1);
  });

  it('the probe signs in as user_ + 8 characters, and says where the token goes when none arrived', async () => {
    const f = (fake = await startCodeCloudAgentsFake());
    expect(await probeServer({ url: f.url, token: TOKEN, profile: 'code-cloud-agents', allowInsecure: false })).toEqual({ ok: true, userId: 'user_cca-toke' });
    proxy = await startRewriteProxy({ target: () => f.url, rewrite: (t) => t });
    const r = await probeServer({ url: proxy.url, token: TOKEN, profile: 'code-cloud-agents', allowInsecure: false });
    expect(r).toEqual({
      ok: false,
      reason: 'token_not_received',
      message: `${new URL(proxy.url).host}: This server expects the token in the \`token\` query parameter; it did not receive one.`,
    });
  });
});

describe('detection', () => {
  it('a token in the header reaches no Code Cloud Agents server: detected by its refusal, confirmed with ?token=', async () => {
    const f = (fake = await startCodeCloudAgentsFake());
    const r = await probeServer({ url: f.url, token: TOKEN, transport: { kind: 'header' }, profile: 'detect', allowInsecure: false });
    expect(r).toEqual({ ok: true, userId: 'user_cca-toke', profile: 'code-cloud-agents', transport: { kind: 'query', param: 'token' } });
  });

  it('with ?token= already: detected by its welcome', async () => {
    const f = (fake = await startCodeCloudAgentsFake());
    const r = await probeServer({ url: f.url, token: TOKEN, transport: { kind: 'query', param: 'token' }, profile: 'detect', allowInsecure: false });
    expect(r).toEqual({ ok: true, userId: 'user_cca-toke', profile: 'code-cloud-agents', transport: { kind: 'query', param: 'token' } });
  });

  it('a Beacon relay is detected by its historyId; a bad token there is refused as before', async () => {
    relay = await startConnRelay();
    const r = await probeServer({ url: relay.url, token: await relay.mintToken('u1'), profile: 'detect', allowInsecure: false });
    expect(r).toEqual({ ok: true, userId: 'u1', profile: 'beacon-v1', transport: { kind: 'header' } });
    const bad = await probeServer({ url: relay.url, token: 'not-minted-here', profile: 'detect', allowInsecure: false });
    expect(bad).toMatchObject({ ok: false, reason: 'auth_refused' });
  });
});
