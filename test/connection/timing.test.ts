// Backoff and heartbeat timing, with a fake clock (no real waits).
import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay, ConnectionEngine, DEFAULT_BACKOFF } from '../../src/main/connection';
import { ReconnectPolicy } from '../../src/main/connection/backoff';
import { Heartbeat } from '../../src/main/connection/heartbeat';
import { FakeClock } from './support/fake-clock';
import { waitFor } from './support/wait';

describe('backoff schedule', () => {
  it('doubles from 1 s and caps at 30 s, forever', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 50, 10_000].map((n) => backoffCeiling(n, DEFAULT_BACKOFF));
    expect(ceilings).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000]);
  });

  it('is full jitter: uniform over [0, ceiling)', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(0);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.5)).toBe(2000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.9999999)).toBe(3999);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 1)).toBeLessThan(4000); // a broken source cannot exceed the bound
    const samples = Array.from({ length: 4000 }, () => backoffDelay(4, DEFAULT_BACKOFF, Math.random));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(8000);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(mean).toBeGreaterThan(3600);
    expect(mean).toBeLessThan(4400);
    // Spread over the whole range, not clustered (each quarter gets a fair share).
    for (let q = 0; q < 4; q++) expect(samples.filter((s) => Math.floor(s / 2000) === q).length).toBeGreaterThan(800);
  });

  it('resets only after a connection stayed up for stableAfterMs', () => {
    const clock = new FakeClock();
    const p = new ReconnectPolicy(DEFAULT_BACKOFF, 10_000, clock, () => 0.999);
    expect([p.nextRetry(), p.nextRetry(), p.nextRetry()].map((r) => r.attempt)).toEqual([1, 2, 3]);
    p.connected();
    clock.advance(9_999);
    expect(p.nextRetry()).toEqual({ attempt: 4, delayMs: 7992 }); // dropped before it was stable: keeps growing
    p.connected();
    clock.advance(10_000);
    expect(p.attempts).toBe(0);
    expect(p.nextRetry()).toEqual({ attempt: 1, delayMs: 999 });
  });

  it('drives the engine: reconnecting carries each delay within its bound, against a port nobody listens on', async () => {
    const clock = new FakeClock();
    const engine = new ConnectionEngine({
      url: 'ws://127.0.0.1:1',
      token: 't',
      transport: { kind: 'header' },
      clock,
      random: () => 0.999,
    });
    const delays: number[] = [];
    engine.on('state', (s) => {
      if (s.state === 'reconnecting') delays.push(s.nextAttemptAt - s.since);
    });
    engine.start();
    for (let i = 1; i <= 8; i++) {
      await waitFor(() => delays.length === i, `reconnecting #${i}`);
      expect(engine.state).toMatchObject({ state: 'reconnecting', attempt: i + 1, lastCloseCode: null });
      clock.advance(delays[i - 1]!);
      expect(engine.state).toMatchObject({ state: 'connecting', attempt: i + 1 });
    }
    expect(delays).toEqual([999, 1998, 3996, 7992, 15984, 29970, 29970, 29970]);
    // Reconnect now skips the wait.
    await waitFor(() => delays.length === 9, 'reconnecting #9');
    engine.reconnectNow();
    expect(engine.state.state).toBe('connecting');
    await engine.stop();
    expect(engine.diagnostics().connectAttempts).toBe(10);
  });
});

describe('heartbeat', () => {
  function make() {
    const clock = new FakeClock();
    const t0 = clock.now();
    const log: string[] = [];
    const hb = new Heartbeat({
      intervalMs: 25_000,
      timeoutMs: 10_000,
      clock,
      sendPing: () => log.push(`ping@${clock.now()}`),
      onDead: (silent) => log.push(`dead@${clock.now()} silent ${silent}`),
    });
    return { clock, t0, hb, log };
  }

  it('pings every interval and measures RTT from the pong', () => {
    const { clock, t0, hb, log } = make();
    hb.start();
    clock.advance(25_000);
    expect(log).toEqual([`ping@${t0 + 25_000}`]);
    clock.advance(42);
    expect(hb.notePong()).toBe(42);
    clock.advance(24_958);
    expect(log).toEqual([`ping@${t0 + 25_000}`, `ping@${t0 + 50_000}`]);
    hb.stop();
    expect(clock.pending).toBe(0);
  });

  it('declares the link dead after interval + timeout of silence, not before', () => {
    const { clock, t0, hb, log } = make();
    hb.start();
    clock.advance(34_999);
    expect(log.some((l) => l.startsWith('dead'))).toBe(false);
    clock.advance(1);
    expect(log).toEqual([`ping@${t0 + 25_000}`, `dead@${t0 + 35_000} silent 35000`]);
    expect(clock.pending).toBe(0);
  });

  it('any arriving frame keeps it alive', () => {
    const { clock, hb, log } = make();
    hb.start();
    for (let i = 0; i < 20; i++) {
      clock.advance(20_000);
      hb.noteActivity();
    }
    expect(log.filter((l) => l.startsWith('dead'))).toEqual([]);
    expect(log.filter((l) => l.startsWith('ping')).length).toBe(16);
    hb.stop();
  });
});
