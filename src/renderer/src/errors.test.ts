// IPC errors as people read them: the texts main and the bridges really
// produce (built here by the same code), turned into sentences without channel
// names or developer framing, keeping the detail that helps.
import { describe, expect, it } from 'vitest';
import { createDispatcher, decodeIpcError, IpcError } from '../../shared/ipc';
import { BRIDGE_LOST_TEXT } from '../../shared/web-bridge';
import { formatCount, humanize, messageOf } from './errors';

/** What the renderer's call rejects with, as the client builds it from what crossed the transport. */
function asReceived(wire: string, channel: string): Error {
  return new Error(decodeIpcError(new Error(wire), channel).message);
}

describe('messageOf', () => {
  it("turns main's refusal of an over-long message into the composer's words", async () => {
    const handlers = new Proxy({}, { get: () => () => null }) as Parameters<typeof createDispatcher>[0];
    const dispatch = createDispatcher(handlers, { isTrustedSender: () => true });
    const error = await dispatch('message:send', [{ threadId: 'general', body: 'z'.repeat(300_000) }], 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    const shown = messageOf(asReceived((error as IpcError).toWire(), 'message:send'));
    expect(shown).toBe(`The message is longer than ${formatCount(65536)} characters.`);
    expect(shown).not.toMatch(/message:send|invalid argument|body:/);
  });

  it('drops the channel from failures, keeping the reason as a sentence', () => {
    expect(messageOf(asReceived(new IpcError('failed', 'presence:set failed: not signed in').toWire(), 'presence:set'))).toBe('Not signed in.');
    // A transport that dropped (not an IPC error): the client says which call failed; people get the reason.
    expect(messageOf(asReceived(BRIDGE_LOST_TEXT, 'settings:get'))).toBe('Lost contact with Beacon — reload the page.');
    expect(messageOf(asReceived(new IpcError('failed', 'settings:get failed').toWire(), 'settings:get'))).toBe('Something went wrong. Please try again.');
    expect(messageOf(new Error('settings:update: quiet hours cannot start when they end'))).toBe('Quiet hours cannot start when they end.');
    expect(messageOf(new Error("thread:open: refused: the call did not come from Beacon's own page"))).toBe(
      "Beacon refused this: The call did not come from Beacon's own page.",
    );
    expect(messageOf(new Error('message:send: Beacon produced an invalid result (a bug; see the log)'))).toBe('Beacon produced an invalid result (a bug; see the log).');
  });

  it('keeps several issues as sentences, without field paths', () => {
    expect(humanize('session:signIn: invalid argument — serverUrl: server URL is longer than 2048 characters; token: token is required')).toBe(
      'The server URL is longer than 2048 characters. The token is required.',
    );
  });

  it('passes other errors through as sentences, and never shows nothing', () => {
    expect(messageOf(new Error('the server refused the token'))).toBe('The server refused the token.');
    expect(messageOf(new Error('Already a sentence!'))).toBe('Already a sentence!');
    expect(messageOf('')).toBe('Something went wrong. Please try again.');
    expect(messageOf(null)).toBe('Something went wrong. Please try again.');
    expect(messageOf(new Error('unknown call "x:y"; known: a:b, c:d'))).toBe('Beacon does not know this request (a bug; see the log).');
  });

  it('groups long numbers for reading', () => {
    expect(formatCount(65536)).toBe('65\u202f536');
    expect(formatCount(2048)).toBe('2048');
    expect(formatCount(1048576)).toBe('1\u202f048\u202f576');
  });
});
