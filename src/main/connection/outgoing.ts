// What the client tells the server: messages (through the outbox), read marks
// and presence. Each is sent at once when a link is up, and the latest state
// (not a history) is re-sent after every reconnect.
import { encodeClientFrame, MAX_FRAME_BYTES } from '../../shared/protocol';
import { PresenceStatusSchema } from '../../shared/types';
import type { PresenceStatus } from '../../shared/types';
import type { Clock } from './clock';
import type { Link } from './link';
import { newClientId, type Outbox } from './outbox';
import type { ConnectionEvents } from './types';

export interface OutgoingDeps {
  outbox: Outbox;
  clock: Clock;
  emit: <K extends keyof ConnectionEvents>(event: K, payload: ConnectionEvents[K]) => void;
  /** The authenticated link, if any. */
  link: () => Link | null;
}

export class Outgoing {
  private readonly reads = new Map<string, number>();
  private presence: PresenceStatus | null = null;

  constructor(private readonly d: OutgoingDeps) {}

  send(threadId: string, body: string): string {
    if (typeof threadId !== 'string' || threadId.length === 0) throw new TypeError('send: threadId must be a non-empty string.');
    if (typeof body !== 'string' || body.trim().length === 0) throw new TypeError('send: the message is empty.');
    const frame = { type: 'send', threadId, clientId: newClientId(), body } as const;
    // Measured on the frame itself: a server closes 1009 on anything bigger, and the
    // outbox would resend it after every reconnect, so it must never be queued.
    const bytes = Buffer.byteLength(encodeClientFrame(frame));
    if (bytes > MAX_FRAME_BYTES) {
      throw new RangeError(`send: the message is too large: it would be a ${bytes}-byte frame, and the protocol allows at most ${MAX_FRAME_BYTES} bytes (1 MiB).`);
    }
    this.d.outbox.add(threadId, body, this.d.clock.now(), frame.clientId);
    this.d.emit('delivery', { clientId: frame.clientId, threadId, status: 'pending' });
    this.d.link()?.send(frame);
    return frame.clientId;
  }

  markRead(threadId: string, seq: number): void {
    if (typeof threadId !== 'string' || threadId.length === 0) throw new TypeError('markRead: threadId must be a non-empty string.');
    if (!Number.isSafeInteger(seq) || seq < 0) throw new TypeError('markRead: seq must be a non-negative integer.');
    const prev = this.reads.get(threadId);
    if (prev !== undefined && prev >= seq) return;
    this.reads.set(threadId, seq);
    this.d.link()?.send({ type: 'read', threadId, seq });
  }

  setPresence(status: PresenceStatus): void {
    const parsed = PresenceStatusSchema.safeParse(status);
    if (!parsed.success) throw new TypeError('setPresence: status must be online, away, busy or offline.');
    this.presence = parsed.data;
    this.d.link()?.send({ type: 'user_presence', status: parsed.data });
  }

  /** After (re)authentication: presence, read marks, then every unacknowledged message in order. */
  replay(link: Link): void {
    if (this.presence) link.send({ type: 'user_presence', status: this.presence });
    for (const [threadId, seq] of this.reads) link.send({ type: 'read', threadId, seq });
    for (const e of this.d.outbox.pending()) link.send({ type: 'send', threadId: e.threadId, clientId: e.clientId, body: e.body });
  }
}
