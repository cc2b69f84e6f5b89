// Collects everything a ConnectionEngine emits, for assertions.
import type { ConnectionEngine, ConnectionEvents, DeliveryUpdate } from '../../../src/main/connection';
import type { WireMessage } from '../../../src/shared/protocol';
import type { ConnectionState } from '../../../src/shared/types';

export class Recorder {
  states: ConnectionState[] = [];
  messages: WireMessage[] = [];
  deliveries: DeliveryUpdate[] = [];
  events: { [K in keyof ConnectionEvents]?: ConnectionEvents[K][] } = {};

  constructor(engine: ConnectionEngine) {
    const keys: (keyof ConnectionEvents)[] = ['threads', 'gap', 'presence', 'presenceSnapshot', 'notification', 'announcement', 'read', 'error', 'activity'];
    engine.on('state', (s) => this.states.push(s));
    engine.on('message', (m) => this.messages.push(m));
    engine.on('delivery', (d) => this.deliveries.push(d));
    for (const k of keys) this.listen(engine, k);
  }

  private listen<K extends keyof ConnectionEvents>(engine: ConnectionEngine, k: K): void {
    engine.on(k, (p) => {
      const list = (this.events[k] ??= []) as ConnectionEvents[K][];
      list.push(p);
    });
  }

  of<K extends keyof ConnectionEvents>(k: K): ConnectionEvents[K][] {
    return (this.events[k] ?? []) as ConnectionEvents[K][];
  }

  inThread(threadId: string): WireMessage[] {
    return this.messages.filter((m) => m.threadId === threadId);
  }

  delivered(): Extract<DeliveryUpdate, { status: 'delivered' }>[] {
    return this.deliveries.filter((d): d is Extract<DeliveryUpdate, { status: 'delivered' }> => d.status === 'delivered');
  }

  /** The states entered, in order (a new RTT is the `rtt` event, not a state). */
  stateNames(): string[] {
    return this.states.map((s) => s.state);
  }
}

/** Asserts a thread's delivered seqs are exactly from..to, each once, in order. */
export function seqProblem(msgs: WireMessage[], from: number, to: number): string | null {
  const seqs = msgs.map((m) => m.seq);
  if (seqs.length !== to - from + 1) return `expected ${to - from + 1} messages, got ${seqs.length}`;
  for (let i = 0; i < seqs.length; i++) {
    if (seqs[i] !== from + i) return `at index ${i}: expected seq ${from + i}, got ${String(seqs[i])}`;
  }
  return null;
}
