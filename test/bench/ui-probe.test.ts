// The UI bench's instrument in real Chromium: the probe counts a marked
// message when its text enters a log/feed region (mounted, re-rendered as
// text, or in a whole region mounted at once), once, and never the sidebar;
// it stamps frame arrivals and records long tasks.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { bundleProbe } from '../../bench/ui/bundle';
import { CHROMIUM, domNodes, launchChromium, probedPage, takeSamples, waitSeen } from '../../bench/ui/chromium';
import { markerBody } from '../../bench/ui/marker';
import { closed, describeWhen, OPEN } from '../support/system-gate';

const gate = existsSync(CHROMIUM) ? OPEN : closed(`${CHROMIUM} is not installed (apt-get install chromium)`);

describeWhen(gate, 'UI bench probe in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await probedPage(browser, await bundleProbe());
    await page.setContent('<nav aria-label="Threads"><p id="preview"></p></nav><div id="host"></div><ul role="log" id="log"><li id="row"></li></ul>');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('stamps the newest marker of each WebSocket frame on arrival, and records long tasks', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    server.on('connection', (ws) => {
      ws.send(JSON.stringify({ items: [markerBody(10, 1010), markerBody(11, 1011)] }));
      ws.send('no marker here');
      ws.send(markerBody(12, 1012));
    });
    try {
      const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await page.evaluate(`new Promise((resolve) => {
        let n = 0;
        const ws = new WebSocket(${JSON.stringify(url)});
        ws.onmessage = () => { if (++n === 3) { ws.close(); resolve(); } };
      })`);
      // A page task (not one CDP runs): busy for 120 ms; observers report a little later.
      await page.evaluate('new Promise((r) => setTimeout(() => { const end = performance.now() + 120; while (performance.now() < end); setTimeout(r, 300); }, 0))');
      const t = await takeSamples(page);
      expect(t.arrivals.k).toEqual([11, 12]);
      expect(t.arrivals.sent).toEqual([1011, 1012]);
      expect(Math.max(...t.longTasks)).toBeGreaterThanOrEqual(100);
    } finally {
      server.close();
    }
  });

  it('records rows entering the log, text changes inside it and whole regions, each message once, but not the sidebar', async () => {
    const before = Date.now();
    // Page-side code as source text: this project compiles without DOM types.
    const [a, b, c, d] = [1, 2, 3, 4].map((k) => JSON.stringify(markerBody(k, k * 111)));
    await page.evaluate(`
      document.getElementById('preview').textContent = ${a}; // sidebar: not the timeline
      const li = document.createElement('li');
      li.innerHTML = '<strong>bot</strong> <span>' + ${b} + '</span>';
      document.getElementById('log').append(li); // a new row
      document.getElementById('row').textContent = ${c}; // a recycled row's text
      document.getElementById('row').firstChild.nodeValue = ${c} + ' (edited)'; // the same message again
      document.getElementById('host').innerHTML = '<section role="feed"><article>' + ${d} + '</article></section>'; // a region mounted at once
    `);
    expect(await waitSeen(page, 4, 5_000)).toBe(true);
    const s = (await takeSamples(page)).dom;
    expect(s.k.sort()).toEqual([2, 3, 4]);
    expect(s.sent.sort()).toEqual([222, 333, 444]);
    for (const seen of s.seen) expect(seen).toBeGreaterThanOrEqual(before);
    expect((await takeSamples(page)).dom).toEqual({ k: [], sent: [], seen: [] });
    expect(await domNodes(page)).toBe(await page.locator('*').count());
  });
});
