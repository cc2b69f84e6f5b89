// The last N message ids of one thread, so a message the server re-sends under a
// new seq is dropped. It is asked once per message, so it is built for that:
//
// - Two generations of at most N ids each, so nothing is ever deleted from a
//   hash table: when the newer one is full, the older is cleared and becomes
//   the newer. A match in the older generation counts only if it is still among
//   the last N ids overall, so the rule stays exactly "the last N".
// - Open addressing over typed arrays, each slot holding its id's hash beside
//   the id's position: a probe that passes other ids compares numbers and never
//   reads their strings. A Set<string> compares the strings it passes, and those
//   are scattered over the heap: on a burst of messages the cache misses made
//   the id check the engine's biggest cost per message (docs/connection.md, Benchmark).

/** 32-bit FNV-1a over UTF-16 code units; ids are at most 512 of them. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h;
}

/** Ids in the order recorded, found by hash. */
class Generation {
  readonly ids: string[] = [];
  /** Per slot: the position in `ids` plus one; 0 is an empty slot. */
  private slots = new Int32Array(16);
  /** Per slot: the hash of the id it holds. */
  private hashes = new Int32Array(16);

  get size(): number {
    return this.ids.length;
  }

  /** The id's position in recording order, or -1. */
  indexOf(id: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i]!;
      if (s === 0) return -1;
      if (this.hashes[i] === hash && this.ids[s - 1] === id) return s - 1;
    }
  }

  /** Records an id not already here. */
  add(id: string, hash: number): void {
    // At most half the slots in use keeps probe runs short (and always ends them).
    if ((this.ids.length + 1) * 2 > this.slots.length) this.grow();
    this.ids.push(id);
    this.place(this.ids.length, hash);
  }

  clear(): void {
    this.ids.length = 0;
    this.slots.fill(0);
  }

  private place(position: number, hash: number): void {
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = position;
    this.hashes[i] = hash;
  }

  /** Doubles the table (a quiet thread stays small), re-placing entries by their stored hashes. */
  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) this.place(slots[i]!, hashes[i]!);
  }
}

export class IdMemory {
  private newer: Generation;
  private older: Generation;

  constructor(private readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('IdMemory: limit must be a positive integer.');
    this.newer = new Generation();
    this.older = new Generation();
  }

  /** Records an id; false when it is among the last `limit` ids recorded. */
  addIfNew(id: string): boolean {
    const hash = hashId(id);
    if (this.newer.indexOf(id, hash) !== -1) return false;
    // The last `limit` ids are all of the newer generation plus the older one's last
    // (limit - newer.size); its first newer.size entries have already been forgotten.
    if (this.older.indexOf(id, hash) >= this.newer.size) return false;
    this.newer.add(id, hash);
    if (this.newer.size === this.limit) {
      const emptied = this.older;
      emptied.clear();
      this.older = this.newer;
      this.newer = emptied;
    }
    return true;
  }
}
