// The status text the tray and the status bar share: a close is described
// once, with its code, whatever produced it.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionEngine } from '../../src/main/connection';
import { afterEnd } from '../../src/main/connection/close-policy';
import { newCounters } from '../../src/main/connection/diagnostics';
import { startRelay, type Relay } from '../../src/relay';
import { describeConnection, describeReason } from '../../src/shared/ipc/describe';
import type { ConnectionState } from '../../src/shared/types';
import { client } from '../connection/support/setup';
import { pollUntil } from '../support/wait';

/** The reconnecting state the engine enters after a link closed with `code` and `reason`. */
function afterClose(code: number, reason: string, attempt = 2, waitMs = 1_000): ConnectionState {
  const next = afterEnd({ kind: 'closed', code, reason, opened: true }, newCounters(), false);
  if (next.kind !== 'retry') throw new Error(`close ${code} does not lead to a retry`);
  return { state: 'reconnecting', attempt, nextAttemptAt: 10_000 + waitMs, lastCloseCode: next.code, reason: next.reason, since: 10_000 };
}

const occurrences = (text: string, word: string): number => text.split(word).length - 1;

describe('describeConnection while reconnecting', () => {
  it('names the close code once', () => {
    expect(describeConnection(afterClose(1012, 'relay restarting'), 10_000)).toEqual({
      label: 'Reconnecting',
      detail: 'server restarting (1012: relay restarting) · next attempt in 1 s · attempt 2',
      tone: 'warn',
      announce: 'Reconnecting: server restarting (1012: relay restarting)',
      ticking: 'retrying in 1 s · attempt 2',
    });
    expect(describeConnection(afterClose(1006, ''), 10_000).detail).toBe('connection lost (1006) · next attempt in 1 s · attempt 2');
    expect(describeConnection(afterClose(4999, 'custom', 3, 0), 10_000).detail).toBe('connection closed (4999: custom) · trying now · attempt 3');
    for (const code of [1000, 1001, 1006, 1009, 1011, 1012, 1013, 4000]) {
      const detail = describeConnection(afterClose(code, 'why'), 10_000).detail ?? '';
      expect(occurrences(detail, String(code)), detail).toBe(1);
      expect(detail).not.toContain('(close');
    }
  });

  it('shows a reason without a close code as it is', () => {
    const state: ConnectionState = { state: 'reconnecting', attempt: 4, nextAttemptAt: 12_500, lastCloseCode: null, reason: 'nothing received for 700 ms: link presumed dead', since: 10_000 };
    expect(describeConnection(state, 10_000).detail).toBe('nothing received for 700 ms: link presumed dead · next attempt in 3 s · attempt 4');
  });
});

describe('what a live region may announce', () => {
  it('keeps the countdown, the attempt and the round trip out of the announced text', () => {
    const at = (now: number, attempt: number) =>
      describeConnection({ state: 'reconnecting', attempt, nextAttemptAt: 13_000, lastCloseCode: 1006, reason: 'connection lost (1006)', since: 10_000 }, now);
    expect(at(10_000, 2).announce).toBe(at(12_500, 7).announce);
    expect(at(10_000, 2).ticking).toBe('retrying in 3 s · attempt 2');
    expect(at(12_500, 7).ticking).toBe('retrying in 1 s · attempt 7');
    expect(at(13_000, 7).ticking).toBe('retrying now · attempt 7');
    const connected = (rttMs: number | null) => describeConnection({ state: 'connected', userId: 'you', since: 0, rttMs }, 0);
    expect(connected(12).announce).toBe(connected(250).announce);
    expect(connected(12).announce).toBe('Connected as you');
    expect(connected(12).detail).toBe('as you · 12 ms');
  });

  it('says "Sign-in needed" with the reason when the token is refused', () => {
    const text = describeConnection({ state: 'auth_failed', reason: 'the server refused the token (HTTP 401)', code: null, forbidden: false, since: 0 }, 0);
    expect(text.label).toBe('Sign-in needed');
    expect(text.announce).toBe('Sign-in needed: the server refused the token (HTTP 401)');
  });
});

describe('describeReason: socket errors in the words sign-in uses', () => {
  it('turns Node\'s error text into "Cannot reach HOST (CODE)"', () => {
    expect(describeReason('connect ECONNREFUSED 127.0.0.1:8787')).toBe('Cannot reach 127.0.0.1:8787 (ECONNREFUSED)');
    expect(describeReason('getaddrinfo ENOTFOUND relay.example.com')).toBe('Cannot reach relay.example.com (ENOTFOUND)');
    expect(describeReason('connect ECONNREFUSED ::1:8787')).toBe('Cannot reach ::1:8787 (ECONNREFUSED)');
    expect(describeReason('read ECONNRESET')).toBe('Cannot reach the server (ECONNRESET)');
  });

  it('leaves reasons already written for a person alone', () => {
    for (const reason of ['server restarting (1012: relay restarting)', 'nothing received for 700 ms: link presumed dead', 'connect EWHATEVER 1.2.3.4:5', '']) {
      expect(describeReason(reason)).toBe(reason);
    }
  });

  it('is what the status bar shows while a stopped relay refuses connections', () => {
    const state: ConnectionState = { state: 'reconnecting', attempt: 3, nextAttemptAt: 11_000, lastCloseCode: null, reason: 'connect ECONNREFUSED 127.0.0.1:8787', since: 10_000 };
    const text = describeConnection(state, 10_000);
    expect(text.announce).toBe('Reconnecting: Cannot reach 127.0.0.1:8787 (ECONNREFUSED)');
    expect(text.detail).toBe('Cannot reach 127.0.0.1:8787 (ECONNREFUSED) · next attempt in 1 s · attempt 3');
    expect(text.detail).not.toContain('connect ECONNREFUSED');
  });
});

describe('describeConnection on a real engine', () => {
  let relay: Relay | null = null;
  let engine: ConnectionEngine | null = null;
  afterEach(async () => {
    await engine?.stop();
    await relay?.close();
  });

  it('says "server restarting (1012: relay restarting)" once when the relay shuts down', async () => {
    relay = await startRelay({ port: 0 });
    // A one-second backoff, so the wait reads "next attempt in 1 s" (or "trying now").
    const c = client({ url: relay.url, token: await relay.mintToken('u1'), backoff: { baseMs: 1_000, capMs: 1_000 } });
    engine = c.engine;
    engine.start();
    const poll = { timeoutMs: 10_000, everyMs: 10 };
    await pollUntil('the engine to connect', () => c.engine.state.state, (s) => s === 'connected', poll);
    expect(engine.state.state).toBe('connected');
    await relay.close();
    const reconnecting = await pollUntil('the engine to report reconnecting', () => c.rec.states.find((s) => s.state === 'reconnecting'), Boolean, poll);
    if (!reconnecting) throw new Error('the engine never reported reconnecting');
    const detail = describeConnection(reconnecting, reconnecting.since).detail ?? '';
    expect(detail).toMatch(/^server restarting \(1012: relay restarting\) · (next attempt in 1 s|trying now) · attempt 2$/);
    expect(occurrences(detail, '1012')).toBe(1);
  });

  it('says "Cannot reach" like sign-in when nothing listens on the port', async () => {
    relay = await startRelay({ port: 0 });
    const url = relay.url;
    const host = new URL(url).host;
    const token = await relay.mintToken('u1');
    await relay.close();
    relay = null;
    const c = client({ url, token, backoff: { baseMs: 1_000, capMs: 1_000 } });
    engine = c.engine;
    engine.start();
    const reconnecting = await pollUntil('the engine to report reconnecting', () => c.rec.states.find((s) => s.state === 'reconnecting'), Boolean, { timeoutMs: 10_000, everyMs: 10 });
    if (!reconnecting) throw new Error('the engine never reported reconnecting');
    expect(describeConnection(reconnecting, reconnecting.since).announce).toBe(`Reconnecting: Cannot reach ${host} (ECONNREFUSED)`);
  });
});
