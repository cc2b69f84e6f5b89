// Who may use the web preview. Three secrets per run, each for one job:
// - the launch key, in the printed launch URL's query: opening it sets the
//   cookie and redirects to the page with the page key in the fragment;
// - the session cookie (HttpOnly, SameSite=Strict): pages, assets, upgrades;
// - the page key, in the page's fragment only: the bridge presents it on the
//   socket as a subprotocol entry, and without it no socket opens.
// The cookie alone is not enough because browsers ignore ports for cookies:
// Chromium sends it to every server on 127.0.0.1. A fragment is never sent to
// any server, and the bridge offers the key only to this host's socket.
// Host and Origin are checked too (DNS rebinding, other local pages).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BRIDGE_PROTOCOL, BRIDGE_SOCKET_PATH, PAGE_KEY_PARAM, PAGE_KEY_PROTOCOL_PREFIX, SESSION_COOKIE } from './wire';

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The entries of a Sec-WebSocket-Protocol header (a comma-separated token list). */
function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export interface Access {
  /** The query the launch URL carries (`key=…`). */
  readonly launchQuery: string;
  /** Where a valid launch goes: the page, with the page key in the fragment. */
  readonly pageLocation: string;
  readonly sessionCookie: string;
  isLaunchKey(given: string | null): boolean;
  hasSession(req: IncomingMessage): boolean;
  /** Why an upgrade to `path` is refused, or null when it may become the bridge socket. */
  upgradeProblem(req: IncomingMessage, path: string): string | null;
}

export function createAccess(origin: string): Access {
  const launchKey = randomBytes(32).toString('base64url');
  const sessionSecret = randomBytes(32).toString('base64url');
  const pageKey = randomBytes(32).toString('base64url');
  const hostHeader = new URL(origin).host;
  const hasSession = (req: IncomingMessage): boolean => sameSecret(cookieValue(req, SESSION_COOKIE), sessionSecret);
  const presentsPageKey = (req: IncomingMessage): boolean => {
    const offered = offeredProtocols(req);
    const keys = offered.filter((p) => p.startsWith(PAGE_KEY_PROTOCOL_PREFIX));
    // Exactly one key, next to the protocol the host answers with (so the key is never the one echoed).
    return offered.includes(BRIDGE_PROTOCOL) && keys.length === 1 && sameSecret(keys[0]?.slice(PAGE_KEY_PROTOCOL_PREFIX.length), pageKey);
  };
  return {
    launchQuery: `key=${launchKey}`,
    pageLocation: `/#${PAGE_KEY_PARAM}=${pageKey}`,
    sessionCookie: `${SESSION_COOKIE}=${sessionSecret}; HttpOnly; SameSite=Strict; Path=/`,
    isLaunchKey: (given) => sameSecret(given ?? undefined, launchKey),
    hasSession,
    upgradeProblem(req, path) {
      if (path !== BRIDGE_SOCKET_PATH) return 'unknown path';
      if (req.headers.host !== hostHeader) return 'wrong Host';
      if (req.headers.origin !== origin) return 'foreign Origin';
      if (!hasSession(req)) return 'no valid session cookie';
      if (!presentsPageKey(req)) return 'no valid page key';
      return null;
    },
  };
}
