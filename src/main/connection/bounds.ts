// What the client holds on a server's behalf, bounded: a hostile or broken
// server could otherwise make it hold gigabytes (frames before auth, messages
// behind holes, invented threads). Hitting a bound ends the link with a reason.

const MiB = 1024 * 1024;

export const BOUNDS = {
  /** Frames a server may send ahead of its auth frame (they are held until it arrives). */
  preAuthFrames: 200,
  /** Their bytes. */
  preAuthBytes: 8 * MiB,
  /** Messages held behind one thread's hole before it is declared a client-side gap (not an error). */
  heldPerThread: 5_000,
  /** Bytes held behind one thread's holes. */
  heldBytesPerThread: 16 * MiB,
  /** Messages held behind holes across threads. */
  heldTotal: 20_000,
  /** Bytes held behind holes across threads. */
  heldBytesTotal: 64 * MiB,
  /** Threads known (from lists and from messages); each is resubscribed after every reconnect. */
  threads: 5_000,
  /** People in one presence_snapshot, all its pages together. */
  snapshotPeople: 200_000,
  /** Pages a long list may be announced in (each up to 1 MiB): what one collected list can cost. */
  listPages: 32,
} as const;
