// Each profile's codec: every frame the issue lists for its server decodes to
// the right event, and none of them is counted unknown or malformed.
import { describe, expect, it } from 'vitest';
import {
  availableProfiles,
  getProfile,
  NotificationRulesSchema,
  PROFILE_IDS,
  PROFILE_LABELS,
  requireProfile,
  ruleTypeMatches,
  transportAllowed,
} from '../../src/shared/protocol/profiles';
import type { DecodeResult, ServerEvent } from '../../src/shared/protocol';

const ccaCodec = requireProfile('code-cloud-agents').codec;
const v1Codec = requireProfile('beacon-v1').codec;
const TS = '2026-11-29T21:00:00.000Z';

function ok(r: DecodeResult): ServerEvent {
  if (!r.ok) throw new Error(`not decoded: ${r.reason} ${r.detail}`);
  expect(r.unknownFields).toBe(0);
  return r.event;
}
const cca = (frame: object): ServerEvent => ok(ccaCodec.decode(JSON.stringify(frame)));

describe('the registry', () => {
  it('lists the eventual five ids with their labels, and has beacon-v1 and code-cloud-agents', () => {
    expect(PROFILE_IDS).toEqual(['beacon-v1', 'code-cloud-agents', 'hush', 'mozaiks-notifications', 'agentcmd']);
    expect(PROFILE_IDS.map((id) => PROFILE_LABELS[id])).toEqual(['Beacon relay', 'Code Cloud Agents', 'Hush', 'Mozaiks', 'AgentCmd']);
    expect(availableProfiles().map((p) => p.id).slice(0, 2)).toEqual(['beacon-v1', 'code-cloud-agents']);
    for (const p of availableProfiles()) {
      expect(p.label).toBe(PROFILE_LABELS[p.id]);
      expect(transportAllowed(p, p.token.default)).toBe(true);
      expect(NotificationRulesSchema.safeParse(p.notificationRules).success).toBe(true);
    }
    expect(getProfile('beacon-v1')?.token.default).toEqual({ kind: 'header' });
    // An id with no profile file yet is named in the error (agentcmd arrives in a later change).
    if (!getProfile('agentcmd')) expect(() => requireProfile('agentcmd')).toThrow(/cannot talk to AgentCmd servers yet/);
  });

  it('transports: v1 takes the header, any query name and the subprotocol; code-cloud-agents only ?token=', () => {
    const v1 = requireProfile('beacon-v1');
    const c = requireProfile('code-cloud-agents');
    expect(transportAllowed(v1, { kind: 'query', param: 'access_token' })).toBe(true);
    expect(transportAllowed(v1, { kind: 'cookie', name: 'access_token' })).toBe(false);
    expect(transportAllowed(c, { kind: 'query', param: 'token' })).toBe(true);
    expect(transportAllowed(c, { kind: 'query', param: 'access_token' })).toBe(false);
    expect(transportAllowed(c, { kind: 'header' })).toBe(false);
  });

  it('notification rules are data: a schema, type globs, the code-cloud-agents default', () => {
    expect(requireProfile('code-cloud-agents').notificationRules).toEqual([{ type: 'agent_status', field: 'state', becomes: 'stopped' }]);
    expect(NotificationRulesSchema.safeParse([{ type: '*.completed' }, { type: 'task_update', action: 'created', level: 'warning' }]).success).toBe(true);
    expect(NotificationRulesSchema.safeParse([{ type: 'agent_status', becomes: 'stopped' }]).success).toBe(false);
    expect(NotificationRulesSchema.safeParse([{ type: 'x', field: 'state', becomes: 'a', equals: 'b' }]).success).toBe(false);
    expect(NotificationRulesSchema.safeParse([{ type: 'x', extra: 1 }]).success).toBe(false);
    expect(ruleTypeMatches('*.completed', 'session.completed')).toBe(true);
    expect(ruleTypeMatches('*.completed', 'session.completed.not')).toBe(false);
    expect(ruleTypeMatches('agent_status', 'agent_status')).toBe(true);
    expect(ruleTypeMatches('a.b', 'aXb')).toBe(false);
  });
});

describe('code-cloud-agents codec: every frame of issue 11 §2', () => {
  it('auth success (sent before the welcome) and the tokenless refusal', () => {
    expect(cca({ type: 'auth', data: { success: true, userId: 'user_tok-A1b2' }, timestamp: TS })).toEqual({
      type: 'auth', ok: true, userId: 'user_tok-A1b2', compat: false, historyId: null,
    });
    expect(cca({ type: 'auth', data: { success: false, error: 'No token provided' }, timestamp: TS })).toEqual({ type: 'auth', ok: false, reason: 'No token provided' });
  });

  it('the welcome notification is marked as the welcome; any other notification is not', () => {
    expect(cca({ type: 'notification', data: { message: 'Connected to Code Cloud Agents WebSocket', level: 'info' }, timestamp: TS })).toEqual({
      type: 'notification', id: null, level: 'info', title: null, message: 'Connected to Code Cloud Agents WebSocket', welcome: true,
    });
    expect(cca({ type: 'notification', data: { level: 'error', message: 'Build failed' }, timestamp: TS })).toEqual({
      type: 'notification', id: null, level: 'error', title: null, message: 'Build failed', welcome: false,
    });
    // The same text from a Beacon relay is an ordinary notification: the welcome is code-cloud-agents' data.
    expect(ok(v1Codec.decode(JSON.stringify({ type: 'notification', data: { message: 'Connected to Code Cloud Agents WebSocket', level: 'info' } })))).toMatchObject({ welcome: false });
  });

  it('ping with a timestamp, pong', () => {
    expect(cca({ type: 'ping', timestamp: TS })).toEqual({ type: 'ping' });
    expect(cca({ type: 'pong', timestamp: TS })).toEqual({ type: 'pong' });
  });

  it('agent_status → activity: title, state, detail with progress, key, level; stopped is a warning', () => {
    expect(cca({ type: 'agent_status', data: { agentName: 'CLOUD_ASSISTANT', state: 'working', currentTask: 'Refactor auth', progress: 45 }, timestamp: TS })).toEqual({
      type: 'activity', source: 'agent_status', action: null, title: 'CLOUD_ASSISTANT', detail: 'Refactor auth (45%)', state: 'working',
      key: 'CLOUD_ASSISTANT', level: 'info', ts: TS, collapseRepeats: true,
    });
    expect(cca({ type: 'agent_status', data: { agentName: 'CLOUD_ASSISTANT', state: 'idle' }, timestamp: TS })).toMatchObject({ detail: null, state: 'idle', level: 'info' });
    expect(cca({ type: 'agent_status', data: { agentName: 'A', state: 'stopped', progress: 100 } })).toMatchObject({ detail: '100%', state: 'stopped', level: 'warning', ts: null });
    // No agent name: still an activity, keyed by its type.
    expect(cca({ type: 'agent_status', data: { state: 'idle' } })).toMatchObject({ title: 'Agent', key: 'agent_status' });
  });

  it('chat_message (compat) → a message without seq', () => {
    expect(cca({ type: 'chat_message', data: { conversationId: 'general', messageId: 'msg_1', content: 'hi', sender: 'user_x', timestamp: TS }, timestamp: TS })).toEqual({
      type: 'message', threadId: 'general', id: 'msg_1', seq: null, sender: 'user_x', body: 'hi', encrypted: false, ciphertext: null, iv: null, ts: TS, clientId: null, compat: true,
    });
  });

  it('presence: named users decode; the frame naming nobody is refused (never taken as our own status)', () => {
    expect(cca({ type: 'user_presence', data: { userId: 'user_x', status: 'away' }, timestamp: TS })).toEqual({ type: 'presence', userId: 'user_x', status: 'away' });
    expect(cca({ type: 'user_presence', data: { userId: 'user_x', status: 'offline' }, timestamp: TS })).toEqual({ type: 'presence', userId: 'user_x', status: 'offline' });
    // Known (the server sends it whenever a tokenless client sets a status) and naming nobody: no presence event.
    expect(cca({ type: 'user_presence', data: { status: 'busy' }, timestamp: TS })).toEqual({ type: 'known', frameType: 'user_presence' });
    // A presence frame broken some other way is still malformed.
    expect(ccaCodec.decode(JSON.stringify({ type: 'user_presence', data: { userId: 'user_x', status: 'sleeping' } }))).toMatchObject({ ok: false, reason: 'invalid_frame' });
    // Beacon's own decoder keeps refusing it (it names nobody).
    expect(v1Codec.decode(JSON.stringify({ type: 'user_presence', data: { status: 'busy' } }))).toMatchObject({ ok: false, reason: 'invalid_frame' });
  });

  it('error frames, and a type the server never sends is unknown', () => {
    expect(cca({ type: 'error', data: { error: 'Invalid message format' }, timestamp: TS })).toEqual({ type: 'error', message: 'Invalid message format', clientId: null, threadId: null });
    expect(ccaCodec.decode('{"type":"typing"}')).toMatchObject({ ok: false, reason: 'unknown_type' });
    expect(ccaCodec.decode('not json')).toMatchObject({ ok: false, reason: 'invalid_json' });
  });

  it('encodes what the server reads, and nothing it only logs', () => {
    expect(ccaCodec.encode({ type: 'ping' })).toBe('{"type":"ping"}');
    expect(ccaCodec.encode({ type: 'pong' })).toBe('{"type":"pong"}');
    expect(ccaCodec.encode({ type: 'user_presence', status: 'away' })).toBe('{"type":"user_presence","data":"away"}');
    expect(ccaCodec.encode({ type: 'subscribe', threadId: 'general', since: 3 })).toBeNull();
    expect(ccaCodec.encode({ type: 'send', threadId: 'general', clientId: 'c1', body: 'hi' })).toBeNull();
    expect(ccaCodec.encode({ type: 'read', threadId: 'general', seq: 1 })).toBeNull();
    expect(ccaCodec.encode({ type: 'subscribe_all' })).toBeNull();
  });
});

describe('beacon-v1 codec', () => {
  it('is the v1 decoder: every PROTOCOL.md type is known to the profile', () => {
    const v1 = requireProfile('beacon-v1');
    for (const type of Object.keys(v1.events)) {
      const r = v1.codec.decode(JSON.stringify({ type }));
      if (!r.ok) expect(r.reason).not.toBe('unknown_type');
    }
    expect(v1.codec.decode('{"type":"agent_status","data":{}}')).toMatchObject({ ok: false, reason: 'unknown_type' });
    expect(v1.codec.encode({ type: 'subscribe', threadId: 't1', since: 118 })).toBe('{"type":"subscribe","thread_id":"t1","since":118}');
    expect(v1.codec.encode({ type: 'subscribe_all' })).toBeNull();
  });
});
