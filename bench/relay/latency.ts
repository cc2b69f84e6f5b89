// A latency histogram: fixed 0.1 ms buckets up to 10 s (bounded memory, O(1)
// per sample), so a million deliveries cost no sorting and no allocation.

const BUCKET_MS = 0.1;
const BUCKETS = 100_000;

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  count = 0;
  maxMs = 0;

  add(ms: number): void {
    const b = ms <= 0 ? 0 : Math.min(BUCKETS, Math.floor(ms / BUCKET_MS));
    this.counts[b] = (this.counts[b] ?? 0) + 1;
    this.count++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /** The latency at quantile q (0…1), to the bucket's upper edge; samples past 10 s count as 10 s. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let b = 0; b <= BUCKETS; b++) {
      seen += this.counts[b] ?? 0;
      if (seen >= rank) return (b + 1) * BUCKET_MS;
    }
    return BUCKETS * BUCKET_MS;
  }
}
