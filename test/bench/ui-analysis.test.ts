// The UI bench's verdicts (bench/ui/analysis.ts) and pacing (bench/ui/sender.ts):
// the figures it prints are only as good as these rules.
import { describe, expect, it } from 'vitest';
import { analyzeStep, highestSustained, percentileSorted, samplesOf, type StepFigures } from '../../bench/ui/analysis';
import { MARKER_SOURCE } from '../../bench/ui/marker';
import type { ProbeSamples } from '../../bench/ui/probe-api';
import { streamAtRate, type StreamResult } from '../../bench/ui/sender';

/** A step of `count` messages sent evenly at `rate` from t=1000, each seen `latency(i)` ms later. */
function step(rate: number, count: number, latency: (i: number) => number, keep: (i: number) => boolean = () => true) {
  const stream: StreamResult = { firstK: 50, count, firstSentAt: 1000, lastSentAt: 1000 + ((count - 1) / rate) * 1000, achievedRate: rate, posts: count };
  const s: ProbeSamples = { k: [], sent: [], seen: [] };
  for (let i = 0; i < count; i++) {
    if (!keep(i)) continue;
    const sent = 1000 + (i / rate) * 1000;
    s.k.push(50 + i);
    s.sent.push(sent);
    s.seen.push(sent + latency(i));
  }
  return { stream, s };
}

describe('analyzeStep', () => {
  it('a renderer with steady latency keeps up', () => {
    const { stream, s } = step(1000, 3000, (i) => 10 + (i % 7));
    const f = analyzeStep(stream, 1000, { dom: s });
    expect(f.verdict).toBe('kept up');
    expect(f.rendered).toBe(3000);
    expect(f.p50).toBe(13);
    expect(f.p99).toBe(16);
    expect(f.lastLatency).toBe(10 + (2999 % 7));
    expect(f.deliveredRate).toBeCloseTo(1000, -1);
    expect(Math.abs(f.climb!)).toBeLessThan(2);
  });

  it('a renderer at half the rate falls behind, and its DOM advance rate is its capacity', () => {
    // Message i is rendered at capacity 500/s: at i / 500 s after the first send.
    const { stream, s } = step(1000, 3000, (i) => i / 500 * 1000 - i / 1000 * 1000 + 5);
    const f = analyzeStep(stream, 1000, { dom: s });
    expect(f.verdict).toBe('fell behind');
    expect(f.deliveredRate).toBeCloseTo(500, 0);
    expect(f.climb).toBeGreaterThan(1000);
    expect(f.why).toMatch(/DOM advanced at 500 msg\/s of 1000 offered; latency climbed/);
  });

  it('samples only the rows a virtualized list mounts, and still keeps up', () => {
    const { stream, s } = step(20_000, 60_000, () => 30, (i) => i % 300 === 0 || i === 59_999);
    const f = analyzeStep(stream, 20_000, { dom: s });
    expect(f.rendered).toBe(201);
    expect(f.verdict).toBe('kept up');
    expect(f.p99).toBe(30);
  });

  it('a newest message that never arrives is falling behind even with good latencies', () => {
    const { stream, s } = step(1000, 3000, () => 10, (i) => i < 2990);
    const f = analyzeStep(stream, 1000, { dom: s });
    expect(f.newestReached).toBe(false);
    expect(f.verdict).toBe('fell behind');
  });

  it('a sender short of the planned rate is reported as source-limited, not as the renderer keeping up with it', () => {
    const { stream, s } = step(12_000, 36_000, () => 20);
    const f = analyzeStep(stream, 20_000, { dom: s });
    expect(f.verdict).toBe('source-limited');
    expect(f.why).toBe('sender and relay delivered only 12000 msg/s');
  });
});

describe('analyzeStep with the control client', () => {
  it('judges the renderer on what the relay delivered: when the relay itself lagged, the step is source-limited', () => {
    // Sent at 20 000/s, but the relay delivered at 12 000/s (its own backlog grows); the renderer keeps pace with the relay.
    const relayLag = (i: number) => (i / 12_000 - i / 20_000) * 1000 + 5;
    const { stream, s: tap } = step(20_000, 60_000, relayLag);
    const { s: dom } = step(20_000, 60_000, (i) => relayLag(i) + 30, (i) => i % 200 === 0 || i === 59_999);
    const f = analyzeStep(stream, 20_000, { dom, tap });
    expect(f.verdict).toBe('source-limited');
    expect(f.sendRate).toBeCloseTo(12_000, -2);
    expect(f.climb).toBeLessThan(10);
  });

  it('still finds a renderer that lags behind a relay that kept up', () => {
    const { stream, s: tap } = step(1000, 3000, () => 5);
    const { s: dom } = step(1000, 3000, (i) => (i / 500 - i / 1000) * 1000 + 5);
    const f = analyzeStep(stream, 1000, { dom, tap });
    expect(f.verdict).toBe('fell behind');
    expect(f.tapP50).toBe(5);
  });
});

describe('highestSustained', () => {
  const fig = (plannedRate: number, verdict: StepFigures['verdict'], sendRate = plannedRate) => ({ plannedRate, sendRate, verdict }) as StepFigures;

  it('is the highest rate kept up with, at its planned rate', () => {
    expect(highestSustained([fig(100, 'kept up'), fig(1000, 'kept up', 985), fig(5000, 'fell behind')], 20_000)).toEqual({ rate: 1000, atLeast: false, fellBehindBelow: [] });
  });
  it('is a lower bound when the top of the ladder was kept up with', () => {
    expect(highestSustained([fig(100, 'kept up'), fig(1000, 'kept up')], 1000)).toEqual({ rate: 1000, atLeast: true, fellBehindBelow: [] });
  });
  it('counts a source-limited step at the rate the renderer was offered, as a lower bound', () => {
    expect(highestSustained([fig(100, 'kept up'), fig(20_000, 'source-limited', 12_000)], 20_000)).toEqual({ rate: 12_000, atLeast: true, fellBehindBelow: [] });
  });
  it('is not pulled down by a lower step lost to noise, which it reports', () => {
    expect(highestSustained([fig(100, 'kept up'), fig(1000, 'fell behind'), fig(2000, 'kept up'), fig(5000, 'fell behind')], 20_000)).toEqual({
      rate: 2000,
      atLeast: false,
      fellBehindBelow: [1000],
    });
  });
  it('is 0 when every rate fell behind', () => {
    expect(highestSustained([fig(100, 'fell behind')], 20_000)).toEqual({ rate: 0, atLeast: false, fellBehindBelow: [] });
  });
});

describe('helpers', () => {
  it('percentileSorted is nearest-rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileSorted(xs, 0.5)).toBe(50);
    expect(percentileSorted(xs, 0.99)).toBe(99);
    expect(percentileSorted([7], 0.99)).toBe(7);
    expect(percentileSorted([], 0.5)).toBeNull();
  });
  it('samplesOf keeps one step range, in order', () => {
    const all: ProbeSamples = { k: [1, 5, 6, 9, 7], sent: [10, 50, 60, 90, 70], seen: [11, 51, 61, 91, 71] };
    expect(samplesOf(all, 5, 3)).toEqual({ k: [5, 6, 7], sent: [50, 60, 70], seen: [51, 61, 71] });
  });
});

describe('streamAtRate', () => {
  it('paces marked messages on schedule and numbers them from firstK', async () => {
    const posts: { at: number; bodies: string[] }[] = [];
    const t0 = performance.now();
    const r = await streamAtRate(async (bodies) => void posts.push({ at: performance.now() - t0, bodies }), { rate: 2000, seconds: 0.5, firstK: 7 });
    const bodies = posts.flatMap((p) => p.bodies);
    expect(r.count).toBe(1000);
    expect(bodies).toHaveLength(1000);
    const marker = new RegExp(MARKER_SOURCE);
    const ks = bodies.map((b) => Number(marker.exec(b)![1]));
    expect(ks).toEqual(Array.from({ length: 1000 }, (_, i) => 7 + i));
    // On schedule: the last post goes out near 0.5 s, not at once.
    expect(posts[posts.length - 1]!.at).toBeGreaterThan(400);
    expect(r.achievedRate).toBeGreaterThan(1500);
    expect(r.achievedRate).toBeLessThan(2600);
    // The send time stamped in each body is the post's Date.now().
    for (const p of posts) expect(new Set(p.bodies.map((b) => marker.exec(b)![2])).size).toBe(1);
  });
});
