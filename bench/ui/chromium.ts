// Debian's Chromium through Playwright (the same binary and flags as the e2e
// suite's test/e2e/helpers.ts, copied: bench code does not import test/), the
// probe on every page, and what CDP tells about a page's heap.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { PROBE_GLOBAL, type ProbeApi, type ProbeTake, type ProbeWindow } from './probe-api';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A fresh page (own context) with the probe installed before any of its scripts. */
export async function probedPage(browser: Browser, probeScript: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  await context.addInitScript({ content: probeScript });
  const page = await context.newPage();
  // A page that throws would show up only as "fell behind": say why.
  page.on('pageerror', (e) => console.error(`  page error (${page.url().split('#')[0]}): ${e.message}`));
  return page;
}

/** Runs one probe method in the page (the function is sent as source: it may use only its argument). */
function callProbe<M extends keyof ProbeApi>(page: Page, method: M): Promise<ReturnType<ProbeApi[M]>> {
  return page.evaluate(
    ([key, name]) => {
      const api = (globalThis as ProbeWindow)[key];
      if (!api) throw new Error('the bench probe is not installed in this page');
      return api[name]() as ReturnType<ProbeApi[M]>;
    },
    [PROBE_GLOBAL, method] as const,
  );
}

export const takeSamples = (page: Page): Promise<ProbeTake> => callProbe(page, 'take');
export const maxSeen = (page: Page): Promise<number> => callProbe(page, 'maxSeen');
export const domNodes = (page: Page): Promise<number> => callProbe(page, 'domNodes');

/** JS heap in use after a full collection, MB (CDP Performance.getMetrics JSHeapUsedSize). */
export async function jsHeapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
    if (used === undefined) throw new Error('CDP reported no JSHeapUsedSize');
    return used / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

/** Waits (polling, bounded) until the probe has seen stream index k; returns whether it did. */
export async function waitSeen(page: Page, k: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if ((await maxSeen(page)) >= k) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a CDP CPU profile of the page; stop() writes it to `file` (open it in Chrome DevTools). */
export async function profilePage(page: Page, file: string): Promise<{ stop(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      await cdp.detach();
    },
  };
}

export interface PageTimes {
  /** Cumulative main-thread time of the page's tasks, script, layout and style recalculation, ms (CDP Performance.getMetrics). */
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
}

/** A CDP session reading the page's cumulative main-thread times. */
export async function pageTimes(page: Page): Promise<{ read(): Promise<PageTimes>; close(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
      return { taskMs: get('TaskDuration'), scriptMs: get('ScriptDuration'), layoutMs: get('LayoutDuration'), styleMs: get('RecalcStyleDuration') };
    },
    close: () => cdp.detach(),
  };
}
