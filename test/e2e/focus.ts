// What has the keyboard focus in the page: its name attribute and text (the
// suites compile without the DOM library, so the page's globals are typed here).
import type { Page } from 'playwright';

interface Focused {
  readonly name: string | null;
  readonly text: string | null;
  readonly isBody: boolean;
}

export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    type El = { getAttribute(n: string): string | null; textContent: string | null; tagName: string };
    const el = (globalThis as unknown as { document: { activeElement: El | null } }).document.activeElement;
    return { name: el?.getAttribute('name') ?? null, text: el?.textContent ?? null, isBody: !el || el.tagName === 'BODY' };
  });
}
