// The unread count against the rule written plainly, over random histories:
// messages from others and from the user, reads here and on other devices,
// disconnects with replays, restarts from the store, eviction. The simulated
// server behaves like the reference relay (its list's unread is lastSeq minus
// its read mark, own messages included).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { FakeEngine, Lines, ManualSchedule, msg, mutes } from '../../../test/workspace/support/fakes';
import { openWorkspace } from './index';
import type { Workspace } from './index';

type Op =
  | { kind: 'post'; own: boolean }
  | { kind: 'send' }
  | { kind: 'evict' }
  | { kind: 'disconnect' }
  | { kind: 'reconnect'; replayFrom: number }
  | { kind: 'listOnly' }
  | { kind: 'replay' }
  | { kind: 'readElsewhere'; back: number }
  | { kind: 'open' }
  | { kind: 'restart' }
  | { kind: 'flush' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.boolean().map((own) => ({ kind: 'post', own }) as Op) },
  { weight: 2, arbitrary: fc.constant({ kind: 'send' } as Op) },
  { weight: 1, arbitrary: fc.constant({ kind: 'evict' } as Op) },
  { weight: 1, arbitrary: fc.constant({ kind: 'disconnect' } as Op) },
  { weight: 2, arbitrary: fc.nat(6).map((replayFrom) => ({ kind: 'reconnect', replayFrom }) as Op) },
  { weight: 2, arbitrary: fc.nat(5).map((back) => ({ kind: 'readElsewhere', back }) as Op) },
  { weight: 1, arbitrary: fc.constant({ kind: 'listOnly' } as Op) },
  { weight: 1, arbitrary: fc.constant({ kind: 'replay' } as Op) },
  { weight: 1, arbitrary: fc.constant({ kind: 'open' } as Op) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' } as Op) },
  { weight: 2, arbitrary: fc.constant({ kind: 'flush' } as Op) },
);

const root = mkdtempSync(join(tmpdir(), 'beacon-unread-prop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

it('the count always equals the rule, whatever happens', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), fc.integer({ min: 3, max: 8 }), async (ops, max) => {
      const dir = join(root, String(++runs));
      const server = { senders: [] as string[], read: 0 };
      let sched = new ManualSchedule();
      const open = (): Workspace => openWorkspace({ dir, log: new Lines().log, ...mutes(), schedule: sched.schedule, maxPerThread: max });
      let ws = open();
      let engine = new FakeEngine();
      ws.attach(engine, 'me');
      let connected = false;
      let delivered = 0; // the client holds (or held) 1..delivered, like the engine's in-order delivery
      let heard = 0; // the highest read mark the client has heard of (its own, echoes, the list)
      let listedTop = 0;
      let readsSeen = 0;
      const expected = (): number => {
        const top = Math.max(delivered, listedTop);
        let n = 0;
        for (let s = heard + 1; s <= top; s++) if (!gapped.has(s) && (s > delivered || server.senders[s - 1] !== 'me')) n++;
        return n;
      };
      // Seqs the server no longer has (evicted while the client was away), and those the client was told are gone.
      const lost = new Set<number>();
      const gapped = new Set<number>();
      const deliverUpTo = (to: number, from = delivered): void => {
        for (let s = from + 1; s <= to; s++) {
          if (!lost.has(s)) {
            engine.emit('message', msg('t1', s, server.senders[s - 1] ?? 'ann'));
            continue;
          }
          let end = s;
          while (lost.has(end + 1) && end + 1 <= to) end++;
          engine.emit('gap', { threadId: 't1', from: s, to: end, source: 'server' });
          for (let g = s; g <= end; g++) gapped.add(g);
          s = end;
        }
        delivered = Math.max(delivered, to);
      };
      // Read marks the workspace sent reach the server while connected (the engine re-sends the latest after a reconnect).
      const syncReads = (): void => {
        if (!connected) return;
        for (const r of engine.reads.slice(readsSeen)) server.read = Math.max(server.read, Math.min(r.seq, server.senders.length));
        readsSeen = engine.reads.length;
      };
      // Connected, with the replay still to come (listOnly), or delivered at once.
      let replayDue = false;
      const list = (): void => {
        connected = true;
        listedTop = server.senders.length;
        heard = Math.max(heard, server.read);
        engine.emit('threads', [{ id: 't1', title: 'T', unread: server.senders.length - server.read, lastSeq: server.senders.length }]);
        syncReads();
        // Whatever the user read here, the server has heard of once connected (other devices agree).
        expect(server.read).toBeGreaterThanOrEqual(Math.min(heard, server.senders.length));
        replayDue = true;
      };
      const connect = (replayFrom: number): void => {
        list();
        // The replay starts at the engine's cursor; a server may also repeat a few already held.
        deliverUpTo(server.senders.length, Math.max(0, delivered - replayFrom));
        replayDue = false;
      };
      connect(0);
      for (const o of ops) {
        switch (o.kind) {
          case 'post':
            server.senders.push(o.own ? 'me' : 'ann');
            if (connected && !replayDue) deliverUpTo(server.senders.length);
            break;
          case 'send':
            if (connected && !replayDue) {
              const { clientId } = ws.send('t1', 'mine');
              server.senders.push('me');
              const seq = server.senders.length;
              engine.deliver(clientId, `t1-${seq}`, seq);
              deliverUpTo(seq);
            }
            break;
          case 'evict':
            if (!connected) for (let s = delivered + 1; s <= server.senders.length; s++) lost.add(s);
            break;
          case 'listOnly':
            list();
            break;
          case 'replay':
            if (connected && replayDue) deliverUpTo(server.senders.length);
            replayDue = false;
            break;
          case 'disconnect':
            connected = false;
            replayDue = false;
            break;
          case 'reconnect':
            connect(o.replayFrom);
            break;
          case 'readElsewhere': {
            const s = Math.max(0, server.senders.length - o.back);
            if (s > server.read) {
              server.read = s;
              if (connected) {
                engine.emit('read', { threadId: 't1', seq: s });
                heard = Math.max(heard, s);
              }
            }
            break;
          }
          case 'open':
            if (ws.snapshot().threads.some((t) => t.id === 't1')) {
              ws.openThread('t1');
              heard = Math.max(heard, delivered, listedTop);
              syncReads();
            }
            break;
          case 'restart': {
            sched.run();
            await ws.close();
            sched = new ManualSchedule();
            ws = open();
            // A new engine knows no read marks: what the server missed, the workspace must tell it.
            engine = new FakeEngine();
            readsSeen = 0;
            ws.attach(engine, 'me');
            connected = false;
            replayDue = false;
            break;
          }
          case 'flush':
            sched.run();
            break;
        }
        const actual = ws.snapshot().threads.find((t) => t.id === 't1')?.unread ?? 0;
        expect({ after: o, unread: actual }).toEqual({ after: o, unread: expected() });
      }
      sched.run();
      await ws.close();
    }),
    {
      numRuns: 300,
      // Read here while offline, then a restart: only the workspace can tell the new engine's server.
      examples: [
        [[{ kind: 'post', own: false }, { kind: 'disconnect' }, { kind: 'open' }, { kind: 'restart' }, { kind: 'reconnect', replayFrom: 0 }], 5],
        // A restart loads a file past the bound and evicts the same own message again: counted once.
        [
          [
            { kind: 'post', own: true },
            { kind: 'post', own: false },
            { kind: 'restart' },
            { kind: 'post', own: false },
            { kind: 'reconnect', replayFrom: 0 },
            { kind: 'post', own: false },
            { kind: 'restart' },
          ],
          3,
        ],
      ],
    },
  );
}, 120_000);
