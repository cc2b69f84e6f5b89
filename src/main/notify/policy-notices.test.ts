// Bursts of server notices, fed as the workspace batches them (several per
// batch, newest first): warnings and errors go at once and the latest is what
// the one live notification shows; info and success wait their turn; nothing
// is left waiting when the burst is over.
import { describe, expect, it } from 'vitest';
import type { NotificationLevel } from '../../shared/protocol';
import { Harness } from '../../../test/notify/policy-harness';
import { RATE_MS } from './policy';

/** The window's batching interval: frames of one burst land in one batch or a few. */
const BATCH_MS = 16;

const said = (h: Harness) => h.shown().map((d) => [d.kind, d.body, d.level]);

describe('notification policy: bursts of server notices', () => {
  it('a burst of errors in one batch is one notification showing the latest error, at once', () => {
    const h = new Harness();
    h.notices(Array.from({ length: 10 }, (_, i) => ({ level: 'error' as const, message: `burst error ${i}` })));
    expect(said(h)).toEqual([['show', 'burst error 9', 'error']]);
    h.clock.advance(60_000);
    expect(said(h)).toHaveLength(1);
    expect(h.clock.pending).toBe(0);
  });

  it('errors arriving batch after batch each go at once, replacing the live one; the last error is on screen', () => {
    const h = new Harness();
    h.notice({ id: 'n:welcome:code-cloud-agents', message: 'Connected' });
    h.clock.advance(1000);
    const start = h.decisions.length;
    for (let i = 0; i < 10; i++) {
      h.notices([{ level: 'error', message: `burst error ${2 * i}` }, { level: 'error', message: `burst error ${2 * i + 1}` }]);
      // Not rate-limited: this batch's latest error is on screen now.
      expect(h.shown().at(-1)).toMatchObject({ kind: 'replace', key: 'server', body: `burst error ${2 * i + 1}`, level: 'error' });
      h.clock.advance(BATCH_MS);
    }
    expect(h.decisions.length - start).toBe(10);
    h.clock.advance(60_000);
    expect(h.shown().at(-1)?.body).toBe('burst error 19');
    expect(h.clock.pending).toBe(0);
  });

  it('a burst of info coalesces like messages: the latest at once, then the latest of what came at most every 5 s', () => {
    const h = new Harness();
    h.notices(Array.from({ length: 10 }, (_, i) => ({ message: `info ${i}` })));
    h.clock.advance(0);
    expect(said(h)).toEqual([['show', 'info 9', 'info']]);
    const shownAt = h.clock.now();
    for (let i = 10; i < 20; i++) {
      h.clock.advance(100);
      h.notices([{ level: i % 2 ? 'success' : 'info', message: `info ${i}` }]);
    }
    h.clock.advance(shownAt + RATE_MS - 1 - h.clock.now());
    expect(said(h)).toHaveLength(1);
    h.clock.advance(1);
    expect(said(h)).toEqual([
      ['show', 'info 9', 'info'],
      ['replace', 'info 19', 'success'],
    ]);
    h.clock.advance(60_000);
    expect(said(h)).toHaveLength(2);
    expect(h.clock.pending).toBe(0);
  });

  it('a mixed burst in one batch: its latest error at once, the info after it within the rate', () => {
    const h = new Harness();
    h.notices(Array.from({ length: 30 }, (_, i) => ({ level: i % 2 ? ('info' as const) : ('error' as const), message: `burst notice ${i}` })));
    expect(said(h)).toEqual([['show', 'burst notice 28', 'error']]);
    h.clock.advance(RATE_MS);
    expect(said(h)).toEqual([
      ['show', 'burst notice 28', 'error'],
      ['replace', 'burst notice 29', 'info'],
    ]);
    h.clock.advance(60_000);
    expect(said(h)).toHaveLength(2);
    expect(h.clock.pending).toBe(0);
  });

  it('loses nothing and leaves nothing waiting: over a long mixed run the screen ends at the latest notice', () => {
    const h = new Harness();
    const levels: NotificationLevel[] = ['info', 'error', 'success', 'warning', 'info', 'info'];
    let n = 0;
    let lastDecisionAt = -Infinity;
    for (let batch = 0; batch < 60; batch++) {
      const size = 1 + (batch % 4);
      const list = Array.from({ length: size }, () => ({ level: levels[n % levels.length] ?? 'info', message: `notice ${n++}` }));
      const before = h.shown().length;
      h.notices(list);
      const urgent = list.filter((x) => x.level === 'warning' || x.level === 'error').at(-1);
      // An urgent notice is on screen as soon as its batch came, whatever the rate.
      if (urgent) expect(h.shown().at(-1)?.body).toBe(urgent.message);
      else expect(h.shown().length).toBe(before);
      if (h.shown().length > before) lastDecisionAt = h.clock.now();
      const next = h.clock.now() + (batch % 5 === 0 ? 3000 : 300);
      while (h.clock.now() < next) {
        const count = h.shown().length;
        h.clock.advance(50);
        // Info and success never replace sooner than RATE_MS after the last decision.
        if (h.shown().length > count) {
          expect(h.clock.now() - lastDecisionAt).toBeGreaterThanOrEqual(RATE_MS);
          lastDecisionAt = h.clock.now();
        }
      }
    }
    h.clock.advance(RATE_MS);
    expect(h.shown().at(-1)?.body).toBe(`notice ${n - 1}`);
    expect(h.clock.pending).toBe(0);
    expect(h.skips()).toEqual([]);
  });

  it('an info waiting its turn is still silenced by a pause that began meanwhile, and said so', () => {
    const h = new Harness();
    h.notices([{ level: 'error', message: 'Disk full' }, { message: 'Cleanup started' }]);
    h.ctx.paused = true;
    h.clock.advance(RATE_MS);
    expect(said(h)).toEqual([['show', 'Disk full', 'error']]);
    expect(h.skips()).toEqual(['paused']);
    expect(h.clock.pending).toBe(0);
  });
});
