// What the client tells the server: messages (through the outbox), read marks
// and presence. Each is sent at once when a link is up, and the latest state
// (not a history) is re-sent after every reconnect.
import { PresenceStatusSchema } from '../../shared/types';
import type { PresenceStatus } from '../../shared/types';
import type { Clock } from './clock';
import type { Link } from './link';
import { newClientId, type Outbox, type RejectedEntry } from './outbox';
import { describeUnsendable, encodeSend } from './send-limits';
import type { ConnectionEvents } from './types';
import type { ServerProfile } from '../../shared/protocol/profiles';

const REASSERT_EVERY_MS = 1_000;

export interface OutgoingDeps {
  /** The server's profile: whether it has presence, whether it takes messages, how it writes them. */
  profile: ServerProfile;
  outbox: Outbox;
  clock: Clock;
  emit: <K extends keyof ConnectionEvents>(event: K, payload: ConnectionEvents[K]) => void;
  /** The authenticated link, if any. */
  link: () => Link | null;
  /** Entries the outbox refused when it loaded (they can never be sent). */
  rejectedOnLoad: RejectedEntry[];
}

export class Outgoing {
  private readonly reads = new Map<string, number>();
  private presence: PresenceStatus | null = null;
  private lastReassert: number | null = null;
  private rejectedOnLoad: RejectedEntry[];

  constructor(private readonly d: OutgoingDeps) {
    this.rejectedOnLoad = d.rejectedOnLoad;
  }

  /** On the first start: settles the entries refused on load as failed, so the UI hears of them once. */
  started(): void {
    const rejected = this.rejectedOnLoad;
    this.rejectedOnLoad = [];
    for (const r of rejected) this.d.emit('delivery', { clientId: r.clientId, threadId: r.threadId, status: 'failed', reason: r.reason });
  }

  send(threadId: string, body: string): string {
    if (typeof threadId !== 'string' || threadId.length === 0) throw new TypeError('send: threadId must be a non-empty string.');
    if (typeof body !== 'string') throw new TypeError('send: the message must be a string.');
    const { canSend } = this.d.profile;
    if (!canSend.ok) throw new SendNotSupportedError(canSend.reason);
    const clientId = newClientId();
    // Never queued when it cannot go out: the outbox would resend it after every reconnect.
    // Encoded in the server's own shape, measured, and written as is below.
    const { frame, problem } = encodeSend(threadId, clientId, body, (f) => this.d.profile.codec.encode(f));
    if (problem?.kind === 'empty') throw new TypeError(`send: ${describeUnsendable(problem)}.`);
    if (problem?.kind === 'no_frame') throw new SendNotSupportedError(describeUnsendable(problem));
    if (problem) throw new RangeError(`send: ${describeUnsendable(problem)}.`);
    this.d.outbox.add(threadId, body, this.d.clock.now(), clientId);
    this.d.emit('delivery', { clientId, threadId, status: 'pending' });
    this.d.link()?.sendEncoded(frame.text, frame.bytes);
    return clientId;
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
    // Kept either way (the app shows it), but never sent to a server without presence.
    if (this.d.profile.hasPresence) this.d.link()?.send({ type: 'user_presence', status: parsed.data });
  }

  /**
   * The server said this user is offline while this link is up: tells it the chosen status
   * again (online when none was chosen). At most once a second, so a server that answers each
   * presence with another "offline" cannot start a loop.
   */
  reassertPresence(): void {
    const status = this.presence ?? 'online';
    if (status === 'offline' || !this.d.profile.hasPresence) return; // appear offline: the report is right
    const now = this.d.clock.now();
    if (this.lastReassert !== null && now - this.lastReassert < REASSERT_EVERY_MS) return;
    if (this.d.link()?.send({ type: 'user_presence', status })) this.lastReassert = now;
  }

  /** After (re)authentication: presence, read marks, then every unacknowledged message in order. */
  replay(link: Link): void {
    if (this.presence && this.d.profile.hasPresence) link.send({ type: 'user_presence', status: this.presence });
    for (const [threadId, seq] of this.reads) link.send({ type: 'read', threadId, seq });
    for (const e of this.d.outbox.pending()) link.send({ type: 'send', threadId: e.threadId, clientId: e.clientId, body: e.body });
  }
}

/** send() on a server whose profile takes no messages from Beacon (the composer is read-only there). */
export class SendNotSupportedError extends Error {
  constructor(reason: string) {
    super(`send: ${reason}`);
    this.name = 'SendNotSupportedError';
  }
}
