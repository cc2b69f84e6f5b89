// Small fakes for the workspace's unit tests: an engine that emits what the
// test tells it to, a manual schedule, and a logger that records lines.
import { afterEach, expect } from 'vitest';
import type { ConnectionEvents, OutboxEntry } from '../../../src/main/connection';
import { OutboxFullError } from '../../../src/main/connection';
import type { WireMessage } from '../../../src/shared/protocol';
import { WorkspaceBatchSchema } from '../../../src/shared/ipc/workspace-schemas';
import type { MessageItem, WorkspaceBatch } from '../../../src/shared/ipc/workspace-schemas';
import { openWorkspace } from '../../../src/main/workspace';
import type { Schedule, Workspace, WorkspaceEngine } from '../../../src/main/workspace';

type Listener = (payload: never) => void;

/** Client ids are unique across engines, as the real engine's UUIDs are (a restart makes a new engine). */
let clientIds = 0;

export class FakeEngine implements WorkspaceEngine {
  private readonly listeners = new Map<string, Set<Listener>>();
  readonly outbox: OutboxEntry[] = [];
  readonly reads: { threadId: string; seq: number }[] = [];
  readonly sent: { threadId: string; body: string; clientId: string }[] = [];
  full = false;
  historyId: string | null = null;

  on<K extends keyof ConnectionEvents>(event: K, listener: (payload: ConnectionEvents[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  emit<K extends keyof ConnectionEvents>(event: K, payload: ConnectionEvents[K]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (p: ConnectionEvents[K]) => void)(payload);
  }

  listenerCount(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  /** Like the engine: queues, emits `pending` synchronously, returns the client id. */
  send(threadId: string, body: string): string {
    if (this.full) throw new OutboxFullError(1000);
    const clientId = `c-${++clientIds}`;
    this.outbox.push({ clientId, threadId, body, createdAt: 1 });
    this.sent.push({ threadId, body, clientId });
    this.emit('delivery', { clientId, threadId, status: 'pending' });
    return clientId;
  }

  markRead(threadId: string, seq: number): void {
    this.reads.push({ threadId, seq });
  }

  pendingMessages(): OutboxEntry[] {
    return this.outbox.slice();
  }

  deliver(clientId: string, id: string, seq: number): void {
    const at = this.outbox.findIndex((e) => e.clientId === clientId);
    const [entry] = this.outbox.splice(at, 1);
    if (!entry) throw new Error(`no pending ${clientId}`);
    this.emit('delivery', { clientId, threadId: entry.threadId, status: 'delivered', id, seq });
  }

  fail(clientId: string, reason: string): void {
    const at = this.outbox.findIndex((e) => e.clientId === clientId);
    const [entry] = this.outbox.splice(at, 1);
    if (!entry) throw new Error(`no pending ${clientId}`);
    this.emit('delivery', { clientId, threadId: entry.threadId, status: 'failed', reason });
  }

  connected(userId: string, historyId: string | null = this.historyId): void {
    this.historyId = historyId;
    this.emit('state', { state: 'connected', userId, since: 0, rttMs: null });
  }
}

/** A message as the engine emits it; `seq` doubles as the id unless given. */
export function msg(threadId: string, seq: number | null, sender: string, body: string | null = `m${seq ?? ''}`, extra: Partial<WireMessage> = {}): WireMessage {
  return {
    threadId,
    id: seq === null ? `x-${body ?? 'enc'}` : `${threadId}-${seq}`,
    seq,
    sender,
    body,
    encrypted: false,
    ciphertext: null,
    iv: null,
    ts: new Date(1_700_000_000_000 + (seq ?? 0) * 1000).toISOString(),
    clientId: null,
    compat: seq === null,
    ...extra,
  };
}

/** Timers that run only when the test says so. */
export class ManualSchedule {
  readonly timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  readonly schedule: Schedule = (fn, ms) => {
    const t = { fn, ms, cancelled: false };
    this.timers.push(t);
    return { cancel: () => (t.cancelled = true) };
  };

  get armed(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Fires every armed timer (and ones they arm), as time passing would. */
  run(): number {
    let fired = 0;
    for (let guard = 0; guard < 100; guard++) {
      const due = this.timers.splice(0).filter((t) => !t.cancelled);
      if (due.length === 0) return fired;
      for (const t of due) t.fn();
      fired += due.length;
    }
    throw new Error('timers keep arming timers');
  }
}

export class Lines {
  readonly lines: string[] = [];
  readonly log = {
    info: (m: string) => this.lines.push(`info ${m}`),
    warn: (m: string) => this.lines.push(`warn ${m}`),
  };
}

/** Batches that failed the IPC schema: the workspace logs a throwing listener, so the failure is kept here. */
const invalidBatches: string[] = [];
afterEach(() => {
  const found = invalidBatches.splice(0);
  expect(found, 'batches that fail WorkspaceBatchSchema').toEqual([]);
});

/** Records every batch, each checked against the IPC schema (a test importing this fails on an invalid one). */
export function recordBatches(ws: Workspace): WorkspaceBatch[] {
  const batches: WorkspaceBatch[] = [];
  ws.onBatch((b) => {
    const parsed = WorkspaceBatchSchema.safeParse(b);
    if (parsed.success) batches.push(parsed.data);
    else invalidBatches.push(parsed.error.message);
  });
  return batches;
}

/** Settings stand-in for mutes. */
export function mutes(): { isMuted: (id: string) => boolean; setMuted: (id: string, m: boolean) => void; set: Set<string> } {
  const set = new Set<string>();
  return { set, isMuted: (id) => set.has(id), setMuted: (id, m) => void (m ? set.add(id) : set.delete(id)) };
}

/** A memory-only workspace attached to a fake engine, with a manual schedule and its batches recorded. */
export function memoryWorkspace(opts: { max?: number; self?: string | null } = {}) {
  const sched = new ManualSchedule();
  const lines = new Lines();
  const m = mutes();
  const ws = openWorkspace({ dir: null, log: lines.log, ...m, schedule: sched.schedule, maxPerThread: opts.max, now: () => 5_000 });
  const engine = new FakeEngine();
  const batches = recordBatches(ws);
  ws.attach(engine, opts.self === undefined ? 'me' : opts.self);
  const unread = (id: string): number | undefined => ws.snapshot().threads.find((t) => t.id === id)?.unread;
  const items = (id: string): MessageItem[] => ws.messages({ threadId: id, limit: 1000 }).items.filter((i): i is MessageItem => i.kind === 'message');
  return { ws, engine, sched, batches, lines, m, unread, items };
}
