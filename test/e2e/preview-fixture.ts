// What every window suite starts with, in one place: the Chromium gate, the
// servers it talks to, the web preview over fresh services in a temp data dir,
// a Chromium page watched for problems, and the teardown in reverse.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
import type { NotifyDecision } from '../../src/main/notify';
import type { Preview, PreviewOptions } from '../../src/web/preview';
import { closed, OPEN } from '../support/system-gate';
import { CHROMIUM, ensureBuilt, FAST_ENGINE } from './helpers';
import { openPreviewWindow, startTestPreview, type workspacePage } from './workspace-page';

export const chromiumGate = existsSync(CHROMIUM) ? OPEN : closed(`${CHROMIUM} is not installed (apt-get install chromium)`);

/** Building out/, starting servers and Chromium on a busy 2-core machine. */
export const SETUP_TIMEOUT_MS = 90_000;

export interface Closable {
  close(): unknown;
}

export interface PreviewWindowOptions {
  /** Names the temp data dir: beacon-<name>-XXXXXX. */
  readonly name: string;
  /** The engine's waits; FAST_ENGINE unless the suite needs others. */
  readonly engineTiming?: PreviewOptions['engineTiming'];
  /** The page's size; 1100×700 unless given. */
  readonly viewport?: { width: number; height: number };
  /**
   * Starts what the window talks to (relays, fakes) before the window opens.
   * Whatever is passed to `closeLater` is closed after the window, last first
   * (also when a later start fails).
   */
  readonly servers?: (closeLater: <T extends Closable>(thing: T) => T) => Promise<void>;
  /** Go to the preview's address once open (default); false where the first test's navigation is what it checks. */
  readonly navigate?: boolean;
  /** Record the notification policy's decisions (what was skipped and why) into `decided`. */
  readonly recordDecisions?: boolean;
}

export interface PreviewWindow {
  readonly preview: Preview;
  readonly page: Page;
  readonly ui: ReturnType<typeof workspacePage>;
  readonly dataDir: string;
  /** Console errors, warnings and page errors: each suite's last case expects none. */
  readonly problems: string[];
  readonly decided: NotifyDecision[];
  /** Closes the preview and starts a new one over the same data dir (what a restart of the app keeps); the page stays. */
  restartPreview(): Promise<void>;
}

/** Registers the suite's beforeAll/afterAll; the getters are valid inside its cases and later hooks. */
export function usePreviewWindow(options: PreviewWindowOptions): PreviewWindow {
  const problems: string[] = [];
  const decided: NotifyDecision[] = [];
  const toClose: Closable[] = [];
  let opened: { preview: Preview; browser: Browser; page: Page; ui: ReturnType<typeof workspacePage> } | undefined;
  let dataDir: string | undefined;

  const engineTiming = options.engineTiming ?? FAST_ENGINE;
  const recordDecisions = (preview: Preview) => {
    if (options.recordDecisions) preview.services.notifications.onDecision((d) => decided.push(d));
  };
  const dir = () => {
    if (!dataDir) throw new Error('the preview window has no data dir yet');
    return dataDir;
  };
  const get = () => {
    if (!opened) throw new Error('the preview window is not open (used outside the suite, or its set-up failed)');
    return opened;
  };

  beforeAll(async () => {
    await ensureBuilt();
    await options.servers?.((thing) => {
      toClose.push(thing);
      return thing;
    });
    dataDir = mkdtempSync(join(tmpdir(), `beacon-${options.name}-`));
    opened = await openPreviewWindow(dataDir, engineTiming, problems, options.viewport);
    recordDecisions(opened.preview);
    if (options.navigate ?? true) await opened.page.goto(opened.preview.host.launchUrl);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await opened?.browser.close();
    await opened?.preview.close();
    for (const thing of toClose.reverse()) await thing.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    get preview() {
      return get().preview;
    },
    get page() {
      return get().page;
    },
    get ui() {
      return get().ui;
    },
    get dataDir() {
      return dir();
    },
    problems,
    decided,
    async restartPreview() {
      const now = get();
      await now.preview.close();
      now.preview = await startTestPreview(dir(), engineTiming);
      recordDecisions(now.preview);
    },
  };
}
