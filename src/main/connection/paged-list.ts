// Collects a list the server sent in pages (`threads`, `presence_snapshot`)
// until its last page, so the rest of the engine only ever sees whole lists: a
// page taken for the whole list would drop everything on the pages before it.
import type { ListPage } from '../../shared/protocol';

export type PageOutcome<T> =
  /** The list is whole: this frame was all of it, or its last page. */
  | { kind: 'complete'; items: T[] }
  /** A page was kept; more are to come. */
  | { kind: 'partial' }
  /** The page does not follow what was collected: what was collected is dropped (and so is this page, unless it starts a new list). */
  | { kind: 'dropped'; why: string }
  /** A bound was hit: the link must end with this reason. */
  | { kind: 'over'; reason: string };

export interface PagedListLimits {
  /** Items in the whole list. */
  maxItems: number;
  /** Pages a list may be announced in. */
  maxPages: number;
  /** What the items are, for the reason given when a bound is hit ("threads", "people"). */
  noun: string;
}

export class PagedList<T> {
  private items: T[] = [];
  /** The sequence being collected: its length and the page expected next; null when none is. */
  private expect: { pages: number; next: number } | null = null;

  constructor(private readonly limits: PagedListLimits) {}

  /** Whether pages of an unfinished list are held. */
  get collecting(): boolean {
    return this.expect !== null;
  }

  /** Takes one frame's items; `page` is null for a frame that is the whole list. */
  offer(items: T[], page: ListPage | null): PageOutcome<T> {
    const { maxItems, maxPages, noun } = this.limits;
    const over = (n: number): PageOutcome<T> | null => (n > maxItems ? { kind: 'over', reason: `the server named more than ${maxItems} ${noun}` } : null);
    if (page === null) {
      // A whole list replaces whatever sequence was under way: it is newer.
      this.reset();
      return over(items.length) ?? { kind: 'complete', items };
    }
    if (page.pages > maxPages) {
      this.reset();
      return { kind: 'over', reason: `the server announced a list of ${noun} in more than ${maxPages} pages` };
    }
    const e = this.expect;
    if (page.page === 1) this.reset();
    else if (!e || page.page !== e.next || page.pages !== e.pages) {
      const why = e ? `page ${page.page} of ${page.pages} came after page ${e.next - 1} of ${e.pages}` : `page ${page.page} of ${page.pages} came without the pages before it`;
      this.reset();
      return { kind: 'dropped', why };
    }
    const tooMany = over(this.items.length + items.length);
    if (tooMany) {
      this.reset();
      return tooMany;
    }
    for (const it of items) this.items.push(it);
    if (page.page === page.pages) {
      const whole = this.items;
      this.reset();
      return { kind: 'complete', items: whole };
    }
    this.expect = { pages: page.pages, next: page.page + 1 };
    return { kind: 'partial' };
  }

  /** Drops an unfinished list (the link it came on ended). */
  reset(): void {
    this.items = [];
    this.expect = null;
  }
}
