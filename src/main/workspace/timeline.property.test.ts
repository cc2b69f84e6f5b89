// Every message is shown once, in seq order, whatever order acks, broadcasts,
// replays and restarts come in; the user's own messages keep their key from
// pending to delivered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { MessagesPage, HeldWorkspaceSnapshotSchema } from '../../shared/ipc/workspace-schemas';
import type { MessageItem } from '../../shared/ipc/workspace-schemas';
import { FakeEngine, Lines, ManualSchedule, msg, mutes, recordBatches } from '../../../test/workspace/support/fakes';
import { openWorkspace } from './index';
import type { Workspace } from './index';

type Op =
  | { kind: 'post' }
  | { kind: 'send'; body: string; how: 'ack-first' | 'broadcast-first' | 'ack-only' | 'lost' }
  | { kind: 'replay'; back: number }
  | { kind: 'restart' }
  | { kind: 'flush' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'post' } as Op) },
  {
    weight: 4,
    arbitrary: fc
      .record({ body: fc.constantFrom('hi', 'same', 'other'), how: fc.constantFrom('ack-first', 'broadcast-first', 'ack-only', 'lost') })
      .map((r) => ({ kind: 'send', ...r }) as Op),
  },
  { weight: 2, arbitrary: fc.nat(8).map((back) => ({ kind: 'replay', back }) as Op) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' } as Op) },
  { weight: 2, arbitrary: fc.constant({ kind: 'flush' } as Op) },
);

const root = mkdtempSync(join(tmpdir(), 'beacon-timeline-prop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

interface ServerMessage {
  seq: number;
  id: string;
  sender: string;
  body: string;
}

it('shows each message once, in seq order, own ones under a stable key', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), fc.integer({ min: 4, max: 12 }), async (ops, max) => {
      const dir = join(root, String(++runs));
      const server: ServerMessage[] = [];
      let sched = new ManualSchedule();
      // Every batch is checked against the IPC schema as it is emitted (recordBatches parses it).
      const open = (): Workspace => {
        const w = openWorkspace({ dir, log: new Lines().log, ...mutes(), schedule: sched.schedule, maxPerThread: max });
        recordBatches(w);
        return w;
      };
      let ws = open();
      let engine = new FakeEngine();
      ws.attach(engine, 'me');
      engine.emit('threads', [{ id: 't1', title: 'T', unread: 0, lastSeq: 0 }]);
      let cursor = 0; // what the engine delivered in order
      const keyOf = new Map<string, string>(); // server id -> the key it must keep (own ones)
      const deliver = (m: ServerMessage): void => engine.emit('message', msg('t1', m.seq, m.sender, m.body, { id: m.id }));
      const catchUp = (): void => {
        for (const m of server.slice(cursor)) deliver(m);
        cursor = server.length;
      };
      const check = (flushed: boolean): void => {
        HeldWorkspaceSnapshotSchema.parse(ws.snapshot());
        const items = MessagesPage.parse(ws.messages({ threadId: 't1', limit: 1000 })).items.filter((i): i is MessageItem => i.kind === 'message');
        const keys = items.map((i) => i.key);
        expect(new Set(keys).size).toBe(keys.length);
        const placed = items.filter((i) => i.seq !== null).map((i) => i.seq as number);
        expect(placed).toEqual([...placed].sort((a, b) => a - b));
        expect(new Set(placed).size).toBe(placed.length);
        expect(items.slice(placed.length).every((i) => i.seq === null && i.own && i.delivery === 'pending')).toBe(true);
        for (const i of items) {
          if (i.seq === null) continue;
          const m = server[i.seq - 1];
          expect(m && { id: i.id, body: i.body }).toEqual({ id: m?.id, body: m?.body });
          if (keyOf.has(i.id)) expect(i.key).toBe(keyOf.get(i.id));
        }
        if (flushed) {
          // After a batch: exactly the newest `max` of what the client has been given, nothing missing.
          const known = new Set(server.slice(0, cursor).map((m) => m.seq));
          for (const i of items) if (i.seq !== null) known.add(i.seq);
          const expected = [...known].sort((a, b) => a - b).slice(-Math.max(0, max - (items.length - placed.length)));
          expect(placed).toEqual(expected.filter((s) => s >= (expected[0] ?? 0)));
          expect(placed.length).toBeLessThanOrEqual(max);
        }
      };
      for (const o of ops) {
        switch (o.kind) {
          case 'post': {
            const seq = server.length + 1;
            server.push({ seq, id: `s${seq}`, sender: 'ann', body: `from ann ${seq}` });
            catchUp();
            break;
          }
          case 'send': {
            const { clientId } = ws.send('t1', o.body);
            const seq = server.length + 1;
            const m = { seq, id: `s${seq}`, sender: 'me', body: o.body };
            server.push(m);
            keyOf.set(m.id, `c:${clientId}`);
            if (o.how === 'ack-first') {
              engine.deliver(clientId, m.id, seq);
              catchUp();
            } else if (o.how === 'broadcast-first') {
              catchUp();
              engine.deliver(clientId, m.id, seq);
            } else if (o.how === 'ack-only') engine.deliver(clientId, m.id, seq);
            break;
          }
          case 'replay': {
            // A resubscribe from a lower cursor: old ones again, then what was missed; then the outbox is re-sent.
            for (const m of server.slice(Math.max(0, cursor - o.back), cursor)) deliver(m);
            catchUp();
            for (const p of engine.pendingMessages()) {
              const m = server.find((s) => keyOf.get(s.id) === `c:${p.clientId}`);
              if (m) engine.deliver(p.clientId, m.id, m.seq);
            }
            break;
          }
          case 'restart': {
            sched.run();
            await ws.close();
            const outbox = engine.pendingMessages();
            sched = new ManualSchedule();
            ws = open();
            engine = new FakeEngine();
            engine.outbox.push(...outbox);
            ws.attach(engine, 'me');
            // The new engine resumes from the stored cursor.
            cursor = Math.min(cursor, ws.storedCursors().t1 ?? 0);
            break;
          }
          case 'flush':
            sched.run();
            break;
        }
        check(o.kind === 'flush');
      }
      sched.run();
      await ws.close();
    }),
    {
      numRuns: 200,
      examples: [[[{ kind: 'send', body: 'hi', how: 'lost' }, { kind: 'send', body: 'hi', how: 'ack-first' }, { kind: 'restart' }, { kind: 'post' }], 4]],
    },
  );
}, 120_000);
