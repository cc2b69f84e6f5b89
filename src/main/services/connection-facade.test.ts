import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/types';
import { ConnectionFacade, type EngineHandle } from './connection-facade';

class FakeEngine implements EngineHandle {
  state: ConnectionState = { state: 'connecting', attempt: 1, since: 5 };
  calls: string[] = [];
  listeners = new Set<(s: ConnectionState) => void>();
  rttListeners = new Set<(p: { rttMs: number }) => void>();
  on(event: 'state', l: (s: ConnectionState) => void): () => void;
  on(event: 'rtt', l: (p: { rttMs: number }) => void): () => void;
  on(event: 'state' | 'rtt', l: ((s: ConnectionState) => void) | ((p: { rttMs: number }) => void)) {
    const set = (event === 'state' ? this.listeners : this.rttListeners) as Set<typeof l>;
    set.add(l);
    return () => void set.delete(l);
  }
  /** As ConnectionEngine does: the state's rttMs follows, and only the rtt event says so. */
  rtt(rttMs: number) {
    if (this.state.state === 'connected') this.state = { ...this.state, rttMs };
    for (const l of this.rttListeners) l({ rttMs });
  }
  set(s: ConnectionState) {
    this.state = s;
    for (const l of this.listeners) l(s);
  }
  reconnectNow() { this.calls.push('reconnectNow'); }
  networkChanged(online: boolean) { this.calls.push(`network:${online}`); }
  systemSuspended() { this.calls.push('suspended'); }
  systemResumed() { this.calls.push('resumed'); }
}

function source() {
  let engine: FakeEngine | null = null;
  const ls = new Set<(e: FakeEngine | null) => void>();
  return {
    engine: () => engine,
    onEngine: (l: (e: FakeEngine | null) => void) => (ls.add(l), () => void ls.delete(l)),
    swap(e: FakeEngine | null) {
      engine = e;
      for (const l of ls) l(e);
    },
  };
}

describe('ConnectionFacade', () => {
  it('is stopped without an engine and follows each engine the session creates', () => {
    const src = source();
    let t = 100;
    const facade = new ConnectionFacade(src, () => t);
    const seen: ConnectionState[] = [];
    facade.subscribe((s) => seen.push(s));
    expect(facade.state()).toEqual({ state: 'stopped', since: 100 });
    facade.reconnectNow();

    const first = new FakeEngine();
    src.swap(first);
    first.set({ state: 'connected', userId: 'you', since: 6, rttMs: null });
    facade.reconnectNow();
    t = 200;
    src.swap(null);
    first.set({ state: 'reconnecting', attempt: 1, nextAttemptAt: 0, lastCloseCode: null, reason: 'x', since: 7 }); // a dropped engine is not heard
    // An engine that reports its own stop is not followed by a second "stopped".
    const second = new FakeEngine();
    src.swap(second);
    second.set({ state: 'stopped', since: 300 });
    src.swap(null);
    expect(seen).toEqual([
      { state: 'connecting', attempt: 1, since: 5 },
      { state: 'connected', userId: 'you', since: 6, rttMs: null },
      { state: 'stopped', since: 200 },
      { state: 'connecting', attempt: 1, since: 5 },
      { state: 'stopped', since: 300 },
    ]);
    expect(facade.state()).toEqual({ state: 'stopped', since: 300 });
    expect(first.calls).toEqual(['reconnectNow']);
  });

  it('hands offline and asleep inputs received between engines to the next engine', () => {
    const src = source();
    const facade = new ConnectionFacade(src);
    facade.networkChanged(false);
    facade.systemSuspended();
    const engine = new FakeEngine();
    src.swap(engine);
    expect(engine.calls).toEqual(['network:false', 'suspended']);
    facade.networkChanged(true);
    facade.systemResumed();
    const next = new FakeEngine();
    src.swap(next);
    expect(engine.calls).toEqual(['network:false', 'suspended', 'network:true', 'resumed']);
    expect(next.calls).toEqual([]);
  });

  it('shows each rtt event as the connected state with its rttMs (the engine no longer sends it as a state)', () => {
    const src = source();
    const facade = new ConnectionFacade(src);
    const seen: ConnectionState[] = [];
    facade.subscribe((s) => seen.push(s));
    const engine = new FakeEngine();
    src.swap(engine);
    engine.set({ state: 'connected', userId: 'you', since: 6, rttMs: null });
    engine.rtt(42);
    engine.rtt(17);
    expect(facade.state()).toEqual({ state: 'connected', userId: 'you', since: 6, rttMs: 17 });
    expect(seen.slice(1)).toEqual([
      { state: 'connected', userId: 'you', since: 6, rttMs: null },
      { state: 'connected', userId: 'you', since: 6, rttMs: 42 },
      { state: 'connected', userId: 'you', since: 6, rttMs: 17 },
    ]);
    // A dropped engine's rtt is not heard.
    src.swap(null);
    const before = seen.length;
    engine.rtt(5);
    expect(seen.length).toBe(before);
  });
});
