import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createBeaconClient,
  createDispatcher,
  createEventEmitter,
  decodeIpcError,
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  eventContract,
  invokeContract,
  IpcError,
  registerHandlers,
  SignInInput,
  type CallContext,
  type GapItem,
  type Handlers,
  type InvokeChannel,
  type MessageItem,
  type Notice,
  type Person,
  type WorkspaceBatch,
} from '../../src/shared/ipc';
import { ipcRendererTransport } from '../../src/preload/transport';
import { MAX_BODY_CHARS } from '../../src/shared/protocol';
import { MESSAGE_LIMITS } from '../../src/shared/protocol/schemas';
import type { SessionStatus } from '../../src/shared/types';
import { APP_URL, FakeIpcMain, FakeIpcRenderer, fakeHandlers, fakeThread } from './fake-electron';

type JsonNode = { [key: string]: unknown };

/** Every object node in a JSON Schema, with the path it sits at. */
function objectNodes(node: unknown, path = '$', out: Array<{ path: string; node: JsonNode }> = []) {
  if (Array.isArray(node)) node.forEach((n, i) => objectNodes(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const obj = node as JsonNode;
    if (obj['type'] === 'object') out.push({ path, node: obj });
    for (const [k, v] of Object.entries(obj)) objectNodes(v, `${path}.${k}`, out);
  }
  return out;
}

describe('IPC contract', () => {
  it('declares schemas for exactly the channel names the clients use', () => {
    expect(Object.keys(invokeContract).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.keys(eventContract).sort()).toEqual([...EVENT_CHANNELS].sort());
  });

  it('names every channel namespace:method so the client can nest it', () => {
    for (const name of [...INVOKE_CHANNELS, ...EVENT_CHANNELS]) expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });

  it('closes every result and event object to undeclared fields', () => {
    const schemas = [
      ...Object.entries(invokeContract).map(([n, s]) => [`${n} result`, s.result] as const),
      ...Object.entries(eventContract).map(([n, s]) => [`${n} payload`, s.payload] as const),
    ];
    let objects = 0;
    for (const [name, schema] of schemas) {
      for (const { path, node } of objectNodes(z.toJSONSchema(schema))) {
        objects += 1;
        expect(node['additionalProperties'], `${name} at ${path}`).toBe(false);
      }
    }
    expect(objects).toBeGreaterThan(10);
  });

  it('rejects a token riding along on a status result', () => {
    const status = { signedIn: true, serverUrl: 'ws://127.0.0.1:1', lastServerUrl: 'ws://127.0.0.1:1', userId: 'you', keychain: 'os', keychainProblem: null };
    expect(invokeContract['session:getStatus'].result.safeParse(status).success).toBe(true);
    // lastServerUrl is part of every status (null when there never was a sign-in), not optional.
    const { lastServerUrl: _dropped, ...withoutLast } = status;
    expect(invokeContract['session:getStatus'].result.safeParse(withoutLast).success).toBe(false);
    expect(eventContract['session:status'].payload.safeParse({ ...status, signedIn: false, serverUrl: null }).success).toBe(true);
    const leaky = invokeContract['session:getStatus'].result.safeParse({ ...status, token: 'abc' });
    expect(leaky.success).toBe(false);
    expect(eventContract['connection:state'].payload.safeParse({ state: 'stopped', since: 1, token: 'x' }).success).toBe(false);
  });

  it('parses a sign-in request, trimming a pasted token and rejecting a mangled one', () => {
    const ok = SignInInput.parse({ serverUrl: ' ws://127.0.0.1:9 ', token: 'abc.def\n', transport: { kind: 'header' } });
    expect(ok).toEqual({ serverUrl: 'ws://127.0.0.1:9', token: 'abc.def', transport: { kind: 'header' } });
    expect(SignInInput.safeParse({ serverUrl: 'x', token: 'a b', transport: { kind: 'header' } }).success).toBe(false);
    expect(
      SignInInput.safeParse({ serverUrl: 'x', token: 't', transport: { kind: 'query', param: 'access_token' } }).success,
    ).toBe(true);
  });

  it('carries the server type signed in to on a successful sign-in (chosen or detected), and only a known one', () => {
    const result = invokeContract['session:signIn'].result;
    const status = { signedIn: true, serverUrl: 'ws://127.0.0.1:9/', lastServerUrl: 'ws://127.0.0.1:9/', userId: 'you', keychain: 'os', keychainProblem: null };
    expect(result.parse({ ok: true, status, profile: 'code-cloud-agents' })).toMatchObject({ profile: 'code-cloud-agents' });
    expect(result.safeParse({ ok: true, status }).success).toBe(true);
    expect(result.safeParse({ ok: true, status, profile: 'detect' }).success).toBe(false);
    expect(result.safeParse({ ok: true, status, profile: 'irc' }).success).toBe(false);
    expect(result.safeParse({ ok: false, reason: 'auth_refused', message: 'no', profile: 'hush' }).success).toBe(false);
  });
});

// The workspace calls (issue 7 §2): each one refuses a malformed argument at
// the boundary, with a typed error, before its handler can see it.
type Case = readonly [what: string, args: readonly unknown[]];
const LONG_THREAD_ID = 't'.repeat(MESSAGE_LIMITS.id + 1);
const LONG_CLIENT_ID = 'c'.repeat(MESSAGE_LIMITS.clientId + 1);
const WORKSPACE_CALLS: Record<
  | 'workspace:snapshot' | 'thread:open' | 'thread:messages' | 'thread:markRead' | 'thread:setMuted' | 'thread:follow' | 'message:send' | 'message:retry' | 'demo:start'
  | 'settings:get' | 'settings:update' | 'notifications:pause' | 'notification:activate' | 'notification:dismiss' | 'window:focus',
  { good: readonly Case[]; bad: readonly Case[] }
> = {
  'workspace:snapshot': {
    good: [['no argument', []]],
    bad: [['an object', [{}]], ['a thread id', ['t1']], ['two arguments', [undefined, 1]]],
  },
  'thread:open': {
    good: [['a thread', [{ threadId: 't1' }]], ['none (close)', [{ threadId: null }]]],
    bad: [
      ['no argument', []], ['a bare id', ['t1']], ['no threadId', [{}]], ['a numeric id', [{ threadId: 7 }]],
      ['an empty id', [{ threadId: '' }]], ['an overlong id', [{ threadId: LONG_THREAD_ID }]],
      ['an undeclared field', [{ threadId: 't1', markRead: false }]],
    ],
  },
  'thread:messages': {
    good: [['the newest page', [{ threadId: 't1' }]], ['an older page', [{ threadId: 't1', beforeSeq: 10, limit: 1000 }]]],
    bad: [
      ['no threadId', [{ beforeSeq: 3 }]], ['a negative seq', [{ threadId: 't1', beforeSeq: -1 }]],
      ['a fractional seq', [{ threadId: 't1', beforeSeq: 1.5 }]], ['a zero limit', [{ threadId: 't1', limit: 0 }]],
      ['a limit over 1000', [{ threadId: 't1', limit: 1001 }]], ['a limit as text', [{ threadId: 't1', limit: '50' }]],
      ['an undeclared field', [{ threadId: 't1', afterSeq: 3 }]],
    ],
  },
  'thread:markRead': {
    good: [['a thread', [{ threadId: 't1' }]]],
    bad: [
      ['no argument', []], ['a null id', [{ threadId: null }]], ['an overlong id', [{ threadId: LONG_THREAD_ID }]],
      ['an undeclared field', [{ threadId: 't1', upToSeq: 5 }]],
    ],
  },
  'thread:setMuted': {
    good: [['mute', [{ threadId: 't1', muted: true }]], ['unmute', [{ threadId: 't1', muted: false }]]],
    bad: [
      ['no muted flag', [{ threadId: 't1' }]], ['muted as text', [{ threadId: 't1', muted: 'yes' }]],
      ['no threadId', [{ muted: true }]], ['an undeclared field', [{ threadId: 't1', muted: true, untilMs: 1 }]],
    ],
  },
  'thread:follow': {
    good: [['follow a channel', [{ threadId: 'session:123', follow: true }]], ['unfollow', [{ threadId: 'session:123', follow: false }]]],
    bad: [
      ['no argument', []], ['a bare channel', ['session:123']], ['no follow flag', [{ threadId: 'session:123' }]],
      ['follow as text', [{ threadId: 'session:123', follow: 'yes' }]], ['an empty channel', [{ threadId: '', follow: true }]],
      ['an overlong channel', [{ threadId: LONG_THREAD_ID, follow: true }]], ['an undeclared field', [{ threadId: 'session:123', follow: true, since: 5 }]],
    ],
  },
  'message:send': {
    good: [['a message', [{ threadId: 't1', body: 'hello' }]], ['the longest message', [{ threadId: 't1', body: 'b'.repeat(MAX_BODY_CHARS) }]]],
    bad: [
      ['an empty body', [{ threadId: 't1', body: '' }]], ['a blank body', [{ threadId: 't1', body: '  \n\t ' }]],
      ['an overlong body', [{ threadId: 't1', body: 'b'.repeat(MAX_BODY_CHARS + 1) }]], ['a numeric body', [{ threadId: 't1', body: 42 }]],
      ['no threadId', [{ body: 'hello there' }]], ['a spoofed sender', [{ threadId: 't1', body: 'hello there', sender: 'someone-else' }]],
      ['a chosen client id', [{ threadId: 't1', body: 'hello there', clientId: 'c-chosen' }]],
    ],
  },
  'message:retry': {
    good: [['a client id', [{ clientId: 'c-1' }]]],
    bad: [
      ['no argument', []], ['no clientId', [{}]], ['an empty client id', [{ clientId: '' }]],
      ['an overlong client id', [{ clientId: LONG_CLIENT_ID }]], ['a numeric client id', [{ clientId: 5 }]],
      ['an edited body', [{ clientId: 'c-1', body: 'edited text' }]],
    ],
  },
  'demo:start': {
    good: [['no argument', []]],
    bad: [['an object', [{}]], ['a port', [{ port: 8787 }]], ['text', ['now please']]],
  },
  'settings:get': {
    good: [['no argument', []]],
    bad: [['an object', [{}]], ['a key', ['notifications']]],
  },
  'settings:update': {
    good: [
      ['one flag', [{ launchAtLogin: true }]],
      ['part of a group', [{ notifications: { quietHours: { start: '23:30' } } }]],
      ['several groups', [{ presence: { autoAwayMinutes: 0, awayOnScreenLock: false }, allowInsecureHosts: true }]],
    ],
    bad: [
      ['no argument', []], ['a bad time', [{ notifications: { quietHours: { start: '25:00' } } }]],
      ['negative minutes', [{ presence: { autoAwayMinutes: -1 } }]], ['fractional minutes', [{ presence: { autoAwayMinutes: 1.5 } }]],
      ['a flag as text', [{ launchAtLogin: 'yes' }]], ['a setting only main writes', [{ serverUrl: 'ws://127.0.0.1:1/' }]],
      ['the chosen presence', [{ presence: { chosen: 'busy' } }]], ['an undeclared field', [{ theme: 'dark' }]],
    ],
  },
  'notifications:pause': {
    good: [['30 minutes', ['30m']], ['resume', ['resume']]],
    bad: [['no argument', []], ['a duration in ms', [1_800_000]], ['an unknown choice', ['forever']]],
  },
  'notification:activate': {
    good: [['a key', [{ key: 'thread:t1' }]]],
    bad: [['no argument', []], ['a bare key', ['thread:t1']], ['an empty key', [{ key: '' }]], ['an undeclared field', [{ key: 'server', threadId: 't1' }]]],
  },
  'notification:dismiss': {
    good: [['a key', [{ key: 'server' }]]],
    bad: [['no argument', []], ['an overlong key', [{ key: 'k'.repeat(301) }]]],
  },
  'window:focus': {
    good: [['focused', [{ focused: true }]], ['not focused', [{ focused: false }]]],
    bad: [['no argument', []], ['a bare flag', [true]], ['as text', [{ focused: 'true' }]]],
  },
};

/** Every string value of an argument long enough to tell apart from ordinary words of an error message. */
function longStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 6 ? [value] : [];
  if (value && typeof value === 'object') return Object.values(value).flatMap(longStrings);
  return [];
}

function recordingDispatch() {
  const ran: string[] = [];
  const base = fakeHandlers(SIGNED_OUT);
  const handlers = Object.fromEntries(
    Object.entries(base).map(([channel, handler]) => [
      channel,
      (input: unknown, ctx: CallContext) => (ran.push(channel), (handler as (i: unknown, c: CallContext) => unknown)(input, ctx)),
    ]),
  ) as unknown as Handlers;
  return { ran, dispatch: createDispatcher(handlers, { isTrustedSender: (u) => u === APP_URL }) };
}

const SIGNED_OUT: SessionStatus = { signedIn: false, serverUrl: null, lastServerUrl: null, userId: null, keychain: 'os', keychainProblem: null };

describe('the workspace calls', () => {
  it('are the new calls of the contract, none left without a case here', () => {
    const old = ['session:getStatus', 'session:signIn', 'session:signOut', 'connection:getState', 'connection:reconnectNow', 'presence:get', 'presence:set'];
    expect(INVOKE_CHANNELS.filter((c) => !old.includes(c)).sort()).toEqual(Object.keys(WORKSPACE_CALLS).sort());
  });

  for (const [channel, { good, bad }] of Object.entries(WORKSPACE_CALLS)) {
    it(`${channel} accepts a well-formed argument and rejects each bad one with IpcError('bad_argument') before its handler runs`, async () => {
      for (const [what, args] of good) {
        const { ran, dispatch } = recordingDispatch();
        await expect(dispatch(channel, args, APP_URL), `${channel}: ${what}`).resolves.toBeDefined();
        expect(ran, `${channel}: ${what}`).toEqual([channel]);
      }
      for (const [what, args] of bad) {
        const { ran, dispatch } = recordingDispatch();
        const error = await dispatch(channel, args, APP_URL).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, `${channel}: ${what}`).toBeInstanceOf(IpcError);
        expect((error as IpcError).code, `${channel}: ${what}`).toBe('bad_argument');
        expect((error as IpcError).message, `${channel}: ${what}`).toMatch(new RegExp(`^${channel}: invalid argument — .+`));
        // The message names fields and rules, never the values sent (a body, say).
        for (const value of longStrings(args)) expect((error as IpcError).message, `${channel}: ${what}`).not.toContain(value);
        expect(ran, `${channel}: ${what}`).toEqual([]);
      }
    });
  }

  it('reach the renderer over Electron IPC as a typed IpcError with code bad_argument', async () => {
    const ipcMain = new FakeIpcMain();
    registerHandlers(ipcMain, fakeHandlers(SIGNED_OUT), { isTrustedSender: (u) => u === APP_URL });
    const transport = ipcRendererTransport(new FakeIpcRenderer(ipcMain, APP_URL));
    for (const [channel, { bad }] of Object.entries(WORKSPACE_CALLS)) {
      const [what, args] = bad[0] ?? ['', []];
      const error = await transport.invoke(channel as InvokeChannel, args[0]).then(
        () => null,
        (e: unknown) => decodeIpcError(e, channel),
      );
      // "no argument" cases send undefined, which a call that needs one refuses the same way.
      expect(error, `${channel}: ${what}`).toBeInstanceOf(IpcError);
      expect(error?.code, `${channel}: ${what}`).toBe('bad_argument');
    }
    const api = createBeaconClient(transport);
    await expect(api.message.send({ threadId: 't1', body: ' ' })).rejects.toMatchObject({
      name: 'BeaconIpcError',
      code: 'bad_argument',
      message: 'message:send: invalid argument — body: message is empty',
    });
  });
});

describe('the workspace:batch event', () => {
  const message: MessageItem = {
    kind: 'message', key: 'm:1', threadId: 't1', id: '1', seq: 1, sender: 'alice', body: 'hi', encrypted: false, ts: 1,
    own: false, delivery: 'received', failure: null,
  };
  const gap: GapItem = { kind: 'gap', key: 'g:2', threadId: 't1', from: 2, to: 4 };
  const person: Person = { id: 'alice', status: 'online', self: false };
  const notice: Notice = { id: 'n:1', kind: 'notification', level: 'info', title: null, message: 'Deploy at 5', at: 1 };
  const batch: WorkspaceBatch = { reset: false, threads: [fakeThread('t1')], items: [message, gap], people: [person], notices: [notice], selfId: 'you' };
  const schema = eventContract['workspace:batch'].payload;

  const withExtra: ReadonlyArray<[where: string, payload: unknown]> = [
    ['the batch', { ...batch, token: 'x' }],
    ['a thread', { ...batch, threads: [{ ...fakeThread('t1'), token: 'x' }] }],
    ['a message', { ...batch, items: [{ ...message, token: 'x' }, gap] }],
    ['a gap', { ...batch, items: [message, { ...gap, reason: 'x' }] }],
    ['a person', { ...batch, people: [{ ...person, email: 'alice@example.com' }] }],
    ['a notice', { ...batch, notices: [{ ...notice, html: '<b>x</b>' }] }],
  ];

  it('accepts a batch of declared fields (selfId optional)', () => {
    expect(schema.safeParse(batch).success).toBe(true);
    const { selfId: _s, ...withoutSelf } = batch;
    expect(schema.safeParse(withoutSelf).success).toBe(true);
  });

  it.each(withExtra)('refuses an undeclared field on %s', (_where, payload) => {
    const r = schema.safeParse(payload);
    expect(r.success).toBe(false);
    expect(r.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });

  it('is dropped with a log line, never sent, when a field nobody declared rides along', () => {
    const sent: unknown[] = [];
    const lines: string[] = [];
    const emit = createEventEmitter((c, p) => sent.push([c, p]), (l) => lines.push(l));
    for (const [, payload] of withExtra) expect(emit('workspace:batch', payload as WorkspaceBatch)).toBe(false);
    expect(sent).toEqual([]);
    expect(lines).toHaveLength(withExtra.length);
    for (const line of lines) expect(line).toMatch(/^ipc: dropped workspace:batch: payload outside the contract: .*Unrecognized key/);
    expect(emit('workspace:batch', batch)).toBe(true);
    expect(sent).toEqual([['workspace:batch', batch]]);
  });
});
