// What the relay does with each valid client frame.
import type { RelayCore } from './core';
import { serverFrames, type ClientFrame, type ErrorContext } from './frames';
import type { Conn } from './hub';
import { limitPresence } from './presence-limit';

/** True if the user may use the thread; otherwise answers with an error naming the request (not counted toward 1008). */
function memberOrRefuse(core: RelayCore, conn: Conn, threadId: string, context: ErrorContext = { thread_id: threadId }): boolean {
  if (core.store.isMember(conn.userId, threadId)) return true;
  core.answer(conn, serverFrames.error(`unknown thread or not a member: ${threadId}`, context));
  return false;
}

/**
 * Replays asked for while the connection is far behind wait here, one per
 * thread (asking again replaces the wait, it does not add a replay), until
 * it has caught up: replays are paced by the client's own reading.
 */
const waitingReplays = new WeakMap<Conn, Map<string, number | undefined>>();

function subscribe(core: RelayCore, conn: Conn, threadId: string, since: number | undefined): void {
  const { store, hub, journal } = core;
  if (!memberOrRefuse(core, conn, threadId)) return;
  if (hub.isBehind(conn)) {
    const waiting = waitingReplays.get(conn) ?? new Map<string, number | undefined>();
    waitingReplays.set(conn, waiting);
    waiting.delete(threadId); // the latest request goes last
    waiting.set(threadId, since);
    return;
  }
  // Messages stored before this frame are replayed, later ones come live: their
  // broadcasts queue behind this subscription. Replaying up to the seq at flush
  // time instead would send those twice, and could reach a member removed since.
  const upTo = store.threads.get(threadId)?.lastSeq ?? 0;
  journal.afterCommit((ok) => {
    if (!ok || conn.closed) return;
    if (!memberOrRefuse(core, conn, threadId)) return; // removed while the write was pending
    hub.subscribe(conn, threadId);
    core.replay(conn, threadId, since, upTo);
  });
}

/** The connection has caught up: the replays it asked for meanwhile go, in order, until it is behind again. */
export function resumeReplays(core: RelayCore, conn: Conn): void {
  const waiting = waitingReplays.get(conn);
  if (!waiting) return;
  for (const [threadId, since] of waiting) {
    if (core.hub.isBehind(conn) || conn.closed) return;
    waiting.delete(threadId);
    subscribe(core, conn, threadId, since);
  }
}

export function handleClientFrame(core: RelayCore, conn: Conn, frame: ClientFrame): void {
  const { store, hub, journal } = core;
  switch (frame.type) {
    case 'ping':
      core.answer(conn, serverFrames.pong());
      return;
    case 'pong':
      return; // activity was already recorded
    case 'subscribe':
      return subscribe(core, conn, frame.thread_id, frame.since);
    case 'unsubscribe':
      waitingReplays.get(conn)?.delete(frame.thread_id);
      journal.afterCommit(() => hub.unsubscribe(conn, frame.thread_id));
      return;
    case 'send': {
      const context = { thread_id: frame.thread_id, client_id: frame.client_id };
      const prior = store.findSent(conn.userId, frame.client_id);
      if (prior) {
        // A resend (e.g. after a reconnect): same ack, no second message.
        journal.afterCommit(() => hub.send(conn, serverFrames.ack(frame.client_id, prior.id, prior.seq)));
        return;
      }
      if (!memberOrRefuse(core, conn, frame.thread_id, context)) return;
      const entry = store.appendMessage(frame.thread_id, conn.userId, frame.body, { userId: conn.userId, clientId: frame.client_id });
      journal.afterCommit((ok) => {
        if (!ok) return; // the log write failed: the relay has closed every connection and is stopping
        hub.send(conn, serverFrames.ack(frame.client_id, entry.message.id, entry.message.seq));
        core.broadcastEntry(entry);
      });
      return;
    }
    case 'read': {
      if (!memberOrRefuse(core, conn, frame.thread_id)) return;
      const stored = store.setRead(conn.userId, frame.thread_id, frame.seq);
      if (stored === null) return; // not newer than what the relay holds: nothing to tell
      journal.afterCommit(() => hub.toUser(conn.userId, Buffer.from(serverFrames.read(frame.thread_id, stored)), conn));
      return;
    }
    case 'user_presence':
      limitPresence(conn, frame.data, (status) => core.choosePresence(conn.userId, status));
      return;
  }
}
