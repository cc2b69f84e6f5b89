// Which developer switches a launch may use. A packaged build ignores them:
// ELECTRON_RENDERER_URL would load (and trust as an IPC sender) whatever page
// it names, BEACON_USER_DATA_DIR would point the app at another profile, and
// DevTools would hand the page's contents to anyone at the keyboard.
import { isAbsolute } from 'node:path';
import { z } from 'zod';

export const DEV_SERVER_ENV = 'ELECTRON_RENDERER_URL';
export const USER_DATA_ENV = 'BEACON_USER_DATA_DIR';

export interface LaunchInput {
  readonly isPackaged: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface LaunchOptions {
  /** The electron-vite dev server to load instead of app://beacon; trusted as an IPC sender. */
  readonly devServerUrl: string | undefined;
  /** Replaces Electron's userData path (tests, side-by-side profiles). */
  readonly userDataDir: string | undefined;
  /** Whether DevTools may open at all. */
  readonly devTools: boolean;
  /** One line per switch that was set but not honoured, for the log (values left out). */
  readonly refused: readonly string[];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// The dev server is trusted with the whole IPC surface, so only a loopback
// http(s) origin qualifies, even in development.
const DevServerUrl = z.string().transform((value, ctx) => {
  const problem = devServerProblem(value);
  if (problem === null) return new URL(value).href;
  ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

function devServerProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not http(s)';
  if (!LOOPBACK_HOSTS.has(url.hostname)) return 'not a loopback host';
  if (url.username || url.password) return 'carries credentials';
  return null;
}

// Electron's app.setPath throws on a relative path.
const UserDataDir = z.string().refine(isAbsolute, 'not an absolute path');

export function launchOptions(input: LaunchInput): LaunchOptions {
  const refused: string[] = [];
  const devServer = input.env[DEV_SERVER_ENV] || undefined;
  const userData = input.env[USER_DATA_ENV] || undefined;
  if (input.isPackaged) {
    for (const [name, value] of [
      [DEV_SERVER_ENV, devServer],
      [USER_DATA_ENV, userData],
    ] as const) {
      if (value !== undefined) refused.push(`${name} is ignored in a packaged build`);
    }
    return { devServerUrl: undefined, userDataDir: undefined, devTools: false, refused };
  }
  return {
    devServerUrl: pick(DEV_SERVER_ENV, DevServerUrl, devServer, refused),
    userDataDir: pick(USER_DATA_ENV, UserDataDir, userData, refused),
    devTools: true,
    refused,
  };
}

function pick(name: string, schema: z.ZodType<string, string>, value: string | undefined, refused: string[]): string | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  refused.push(`${name} is ignored: ${parsed.error.issues.map((issue) => issue.message).join(', ')}`);
  return undefined;
}
