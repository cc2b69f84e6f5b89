import { describe, expect, it } from 'vitest';
import {
  createDispatcher,
  createEventEmitter,
  decodeIpcError,
  IpcError,
  registerHandlers,
  toWireError,
  type Handlers,
} from '../../src/shared/ipc';
import type { SessionStatus } from '../../src/shared/types';
import { APP_URL, FakeIpcMain, fakeHandlers } from './fake-electron';

const trusted = (url: string) => url === APP_URL;
const status: SessionStatus = { signedIn: false, serverUrl: null, lastServerUrl: null, userId: null, keychain: 'os', keychainProblem: null };
const handlers = (overrides: Partial<Handlers> = {}): Handlers => fakeHandlers(status, overrides);

async function rejection(p: Promise<unknown>): Promise<IpcError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(IpcError);
    return error as IpcError;
  }
  throw new Error('expected a rejection');
}

describe('createDispatcher', () => {
  it('passes a parsed argument to the handler and returns the validated result', async () => {
    const seen: unknown[] = [];
    const dispatch = createDispatcher(
      handlers({ 'presence:set': (s, ctx) => (seen.push(s, ctx.senderUrl), { status: s }) }),
      { isTrustedSender: trusted },
    );
    await expect(dispatch('presence:set', ['busy'], APP_URL)).resolves.toEqual({ status: 'busy' });
    expect(seen).toEqual(['busy', APP_URL]);
  });

  it('rejects a bad argument with a clear message before the handler runs', async () => {
    let ran = false;
    const dispatch = createDispatcher(handlers({ 'presence:set': () => ((ran = true), { status: 'online' }) }), {
      isTrustedSender: trusted,
    });
    const err = await rejection(dispatch('presence:set', ['asleep'], APP_URL));
    expect(err.code).toBe('bad_argument');
    expect(err.message).toBe('presence:set: invalid argument — Invalid option: expected one of "online"|"away"|"busy"|"offline"');
    expect(ran).toBe(false);
    const extra = await rejection(dispatch('session:getStatus', [{ please: true }], APP_URL));
    expect(extra.message).toMatch(/^session:getStatus: invalid argument — this call takes no argument/);
    const two = await rejection(dispatch('presence:set', ['away', 'busy'], APP_URL));
    expect(two.message).toContain('at most one argument, got 2');
  });

  it('names each bad field of a sign-in and never echoes the token', async () => {
    const dispatch = createDispatcher(handlers(), { isTrustedSender: trusted });
    const token = 'eyJhbGciOi.SECRET-TOKEN-VALUE with space';
    const err = await rejection(
      dispatch('session:signIn', [{ serverUrl: 42, token, transport: { kind: 'pigeon' }, [token]: 1 }], APP_URL),
    );
    expect(err.message).toContain('serverUrl: server URL must be text');
    expect(err.message).toContain('token: token must be printable ASCII without spaces');
    expect(err.message).toContain("transport.kind: Invalid discriminator value. Expected 'header' | 'query' | 'subprotocol' | 'cookie'");
    expect(err.message).toContain('Unrecognized key: "[redacted]"');
    expect(err.message).not.toContain('SECRET-TOKEN');
  });

  it('rejects an unknown channel and an untrusted sender', async () => {
    const dispatch = createDispatcher(handlers(), { isTrustedSender: trusted });
    const unknown = await rejection(dispatch('vault:getToken', [], APP_URL));
    expect(unknown.code).toBe('unknown_channel');
    expect(unknown.message).toMatch(/^unknown call "vault:getToken"; known: session:getStatus, /);
    const lines: string[] = [];
    const guarded = createDispatcher(handlers(), { isTrustedSender: trusted, log: (l) => lines.push(l) });
    const foreign = await rejection(guarded('session:getStatus', [], 'https://evil.example/'));
    expect(foreign.code).toBe('untrusted_sender');
    expect((await rejection(guarded('session:getStatus', [], null))).code).toBe('untrusted_sender');
    expect(lines).toEqual(['ipc: refused session:getStatus from an untrusted page', 'ipc: refused session:getStatus from an untrusted page']);
  });

  it('refuses a result outside the contract, such as a status carrying a token', async () => {
    const lines: string[] = [];
    const leaky = { ...status, token: 'leaked' } as SessionStatus;
    const dispatch = createDispatcher(handlers({ 'session:getStatus': () => leaky }), {
      isTrustedSender: trusted,
      log: (l) => lines.push(l),
    });
    const err = await rejection(dispatch('session:getStatus', [], APP_URL));
    expect(err.code).toBe('bad_result');
    expect(err.message).not.toContain('leaked');
    expect(lines.join('\n')).toContain('Unrecognized key: "token"');
    expect(lines.join('\n')).not.toContain('leaked');
  });

  it('refuses a result that echoes the secret input even in a declared field', async () => {
    const token = 'tok-1234567890';
    const dispatch = createDispatcher(
      handlers({ 'session:signIn': () => ({ ok: false, reason: 'auth_refused', message: `bad token ${token}` }) }),
      { isTrustedSender: trusted },
    );
    const err = await rejection(dispatch('session:signIn', [{ serverUrl: 'ws://x', token, transport: { kind: 'header' } }], APP_URL));
    expect(err.code).toBe('bad_result');
    expect(err.message).not.toContain(token);
  });

  it('reports a failing handler with its message, redacting the secret', async () => {
    const token = 'tok-abcdefghij';
    const lines: string[] = [];
    const dispatch = createDispatcher(
      handlers({
        'session:signIn': () => {
          throw new Error(`keychain refused to store ${token}`);
        },
      }),
      { isTrustedSender: trusted, log: (l) => lines.push(l) },
    );
    const err = await rejection(dispatch('session:signIn', [{ serverUrl: 'ws://x', token, transport: { kind: 'header' } }], APP_URL));
    expect(err.code).toBe('failed');
    expect(err.message).toBe('session:signIn failed: keychain refused to store [redacted]');
    expect(lines).toEqual(['ipc: session:signIn failed: keychain refused to store [redacted]']);
  });
});

describe('registerHandlers', () => {
  it('binds every contract call on ipcMain and unbinds them all', () => {
    const ipcMain = new FakeIpcMain();
    const unbind = registerHandlers(ipcMain, handlers(), { isTrustedSender: trusted });
    expect([...ipcMain.handlers.keys()].sort()).toEqual([
      'connection:getState', 'connection:reconnectNow', 'demo:start', 'message:retry', 'message:send', 'notification:activate',
      'notification:dismiss', 'notifications:pause', 'presence:get', 'presence:set', 'session:getStatus', 'session:signIn', 'session:signOut',
      'settings:get', 'settings:update', 'thread:follow', 'thread:markRead', 'thread:messages', 'thread:open', 'thread:setMuted', 'window:focus',
      'workspace:snapshot',
    ]);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('checks the sender frame URL Electron reports', async () => {
    const ipcMain = new FakeIpcMain();
    registerHandlers(ipcMain, handlers(), { isTrustedSender: trusted });
    const listener = ipcMain.handlers.get('presence:get')!;
    await expect(listener({ senderFrame: { url: APP_URL } })).resolves.toEqual({ status: 'online' });
    await expect(listener({ senderFrame: { url: 'https://evil.example/' } })).rejects.toThrow(
      "beacon-ipc[untrusted_sender] presence:get: refused: the call did not come from Beacon's own page",
    );
    await expect(listener({ senderFrame: null })).rejects.toThrow(/untrusted_sender/);
  });
});

describe('createEventEmitter', () => {
  it('sends valid payloads and drops ones outside the contract', () => {
    const sent: Array<[string, unknown]> = [];
    const lines: string[] = [];
    const emit = createEventEmitter((c, p) => sent.push([c, p]), (l) => lines.push(l));
    expect(emit('presence:changed', { status: 'away' })).toBe(true);
    expect(emit('session:status', { ...status, token: 'x' } as SessionStatus)).toBe(false);
    expect(emit('nope' as 'presence:changed', { status: 'away' })).toBe(false);
    expect(sent).toEqual([['presence:changed', { status: 'away' }]]);
    expect(lines[0]).toContain('dropped session:status: payload outside the contract: Unrecognized key: "token"');
    expect(lines[1]).toContain('refused to emit unknown event nope');
  });
});

describe('toWireError', () => {
  it("keeps an IpcError's code and message, and reduces anything else to a bare failure of the call", () => {
    const kept = decodeIpcError(toWireError(new IpcError('bad_argument', 'presence:set: invalid argument'), 'presence:set'), 'presence:set');
    expect([kept.code, kept.message]).toEqual(['bad_argument', 'presence:set: invalid argument']);
    expect(toWireError(new Error('internal detail'), 'presence:get')).toBe('beacon-ipc[failed] presence:get failed');
  });
});
