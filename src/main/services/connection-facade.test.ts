import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/types';
import { ConnectionFacade, type EngineHandle } from './connection-facade';

class FakeEngine implements EngineHandle {
  state: ConnectionState = { state: 'connecting', attempt: 1, since: 5 };
  calls: string[] = [];
  listeners = new Set<(s: ConnectionState) => void>();
  on(_event: 'state', l: (s: ConnectionState) => void) {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
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
});
