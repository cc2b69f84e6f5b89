// One thread's timeline: messages and gap markers in seq order (arrival order
// for messages without a seq), each shown once however often a reconnect
// replays it, bounded to the most recent N.
export type DeliveryState = 'received' | 'pending' | 'delivered' | 'failed';

export interface MessageEntry {
  kind: 'message';
  /** Stable for the renderer: `m:<id>` for received ones, `c:<clientId>` for the user's own sent from here. */
  key: string;
  id: string;
  seq: number | null;
  sender: string;
  body: string | null;
  encrypted: boolean;
  ts: number | null;
  /** The client id of a message sent from here (kept once delivered); null for everyone else's. */
  clientId: string | null;
  /** Sent from this workspace (so it is own whoever the server says we are). */
  local: boolean;
  state: DeliveryState;
  failure: string | null;
  /** False once evicted: a batch never carries an item the timeline no longer holds. */
  held: boolean;
}

export interface GapEntry {
  kind: 'gap';
  key: string;
  from: number;
  to: number;
  held: boolean;
}

export type Entry = MessageEntry | GapEntry;

/** Where an entry sorts: its seq, a gap just before its first missing seq; null = after everything with a position. */
function position(e: Entry): number | null {
  return e.kind === 'gap' ? e.from - 0.5 : e.seq;
}

/** Pending and failed messages of ours stay at the end until the server gives them a seq. */
function unplacedLocal(e: Entry): boolean {
  return e.kind === 'message' && e.seq === null && e.local;
}

export class Timeline {
  private readonly list: Entry[] = [];
  private readonly byId = new Map<string, MessageEntry>();
  private readonly bySeq = new Map<number, MessageEntry>();
  private readonly byClientId = new Map<string, MessageEntry>();
  private readonly gapKeys = new Set<string>();

  constructor(private readonly max: number) {}

  get entries(): readonly Entry[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  findId(id: string): MessageEntry | undefined {
    return this.byId.get(id);
  }

  findSeq(seq: number): MessageEntry | undefined {
    return this.bySeq.get(seq);
  }

  findClientId(clientId: string): MessageEntry | undefined {
    return this.byClientId.get(clientId);
  }

  /** The oldest pending message of ours with this body (a server that does not echo client ids). */
  findPendingBody(body: string): MessageEntry | undefined {
    for (const e of this.byClientId.values()) if (e.state === 'pending' && e.seq === null && e.body === body) return e;
    return undefined;
  }

  /** Whether a message with this id or seq is held already. */
  has(id: string, seq: number | null): boolean {
    return this.byId.has(id) || (seq !== null && this.bySeq.has(seq));
  }

  /** Inserts in order; false for a duplicate, or for one older than a full timeline holds. */
  insert(e: MessageEntry): boolean {
    if (this.has(e.id, e.seq)) return false;
    if (e.clientId !== null && this.byClientId.has(e.clientId)) return false;
    if (!this.place(e)) return false;
    this.index(e);
    return true;
  }

  insertGap(from: number, to: number): GapEntry | null {
    const key = `gap:${from}-${to}`;
    if (this.gapKeys.has(key)) return null;
    const e: GapEntry = { kind: 'gap', key, from, to, held: true };
    if (!this.place(e)) return null;
    this.gapKeys.add(key);
    return e;
  }

  /** A message of ours got its server id and seq: re-index it and move it to its place. */
  settle(e: MessageEntry, id: string, seq: number): void {
    if (e.seq !== null) this.bySeq.delete(e.seq);
    if (this.byId.get(e.id) === e) this.byId.delete(e.id);
    const at = this.list.indexOf(e);
    if (at >= 0) this.list.splice(at, 1);
    e.id = id;
    e.seq = seq;
    this.place(e, true);
    this.index(e);
  }

  /** A failed message sent again under a new client id keeps its place and key. */
  rekey(e: MessageEntry, clientId: string): void {
    if (e.clientId !== null) this.byClientId.delete(e.clientId);
    e.clientId = clientId;
    e.id = clientId;
    this.byClientId.set(clientId, e);
  }

  /** Drops an entry (a duplicate found late). */
  remove(e: Entry): void {
    const at = this.list.indexOf(e);
    if (at >= 0) this.list.splice(at, 1);
    this.unindex(e);
  }

  /** Evicts the oldest entries past the bound; returns them. */
  trim(): Entry[] {
    const excess = this.list.length - this.max;
    if (excess <= 0) return [];
    const evicted = this.list.splice(0, excess);
    for (const e of evicted) this.unindex(e);
    return evicted;
  }

  /** Highest seq held with nothing missing below it (gaps count as held), or null. */
  cursor(): number | null {
    let c: number | null = null;
    for (const e of this.list) {
      if (e.kind === 'gap') {
        if (c === null || e.from <= c + 1) c = Math.max(c ?? e.to, e.to);
        else break;
      } else if (e.seq !== null) {
        if (c === null || e.seq === c + 1) c = e.seq;
        else if (e.seq > c) break;
      }
    }
    return c;
  }

  /** Highest seq held, or null. */
  maxSeq(): number | null {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const e = this.list[i] as Entry;
      if (e.kind === 'message' && e.seq !== null) return e.seq;
      if (e.kind === 'gap') return e.to;
    }
    return null;
  }

  lastMessage(): MessageEntry | null {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const e = this.list[i] as Entry;
      if (e.kind === 'message') return e;
    }
    return null;
  }

  /** Up to `limit` entries before the first one at or after `beforeSeq` (the newest when omitted), oldest first. */
  page(beforeSeq: number | undefined, limit: number): { entries: Entry[]; hasMore: boolean } {
    let end = this.list.length;
    if (beforeSeq !== undefined) {
      end = 0;
      while (end < this.list.length) {
        const p = position(this.list[end] as Entry);
        if (p !== null && p >= beforeSeq) break;
        end++;
      }
    }
    const start = Math.max(0, end - limit);
    return { entries: this.list.slice(start, end), hasMore: start > 0 };
  }

  private index(e: MessageEntry): void {
    e.held = true;
    if (e.seq !== null) this.bySeq.set(e.seq, e);
    if (!(e.local && e.seq === null)) this.byId.set(e.id, e);
    // Kept after delivery too: the engine may still hold it (matched by its broadcast, ack not yet in).
    if (e.clientId !== null) this.byClientId.set(e.clientId, e);
  }

  private unindex(e: Entry): void {
    e.held = false;
    if (e.kind === 'gap') {
      this.gapKeys.delete(e.key);
      return;
    }
    if (e.seq !== null && this.bySeq.get(e.seq) === e) this.bySeq.delete(e.seq);
    if (this.byId.get(e.id) === e) this.byId.delete(e.id);
    if (e.clientId !== null && this.byClientId.get(e.clientId) === e) this.byClientId.delete(e.clientId);
  }

  /**
   * Puts `e` after everything that sorts before it. Nearly every message arrives in order, so the
   * scan from the end stops at once. `force`: place even when older than a full timeline holds.
   */
  private place(e: Entry, force = false): boolean {
    const p = position(e);
    let i = this.list.length;
    if (p === null) {
      if (!unplacedLocal(e)) while (i > 0 && unplacedLocal(this.list[i - 1] as Entry)) i--;
      this.list.splice(i, 0, e);
      return true;
    }
    while (i > 0) {
      const prev = this.list[i - 1] as Entry;
      const q = position(prev);
      if (q === null ? !unplacedLocal(prev) : q < p) break;
      i--;
    }
    if (i === 0 && !force && this.list.length >= this.max) return false;
    if (i === this.list.length) this.list.push(e);
    else this.list.splice(i, 0, e);
    return true;
  }
}
