// Request targets arrive from anyone, before authentication: parsing one must
// never throw. `new URL()` does on `//` or `http://[`, and an uncaught throw in
// the HTTP handler stops the process.

export interface Target {
  /** The path as sent (not %-decoded, dot segments kept): routes match it literally. */
  path: string;
  query: URLSearchParams;
}

const ABSOLUTE_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);

/** The origin-form (`/path?query`) or absolute-form target of a request, or null when it is neither. */
export function parseTarget(raw: string | undefined): Target | null {
  const target = raw ?? '/';
  if (target.startsWith('/')) {
    const q = target.indexOf('?');
    const beforeHash = (s: string): string => (s.includes('#') ? s.slice(0, s.indexOf('#')) : s);
    if (q < 0) return { path: beforeHash(target), query: new URLSearchParams() };
    // URLSearchParams decodes a bad %-escape literally instead of throwing.
    return { path: target.slice(0, q), query: new URLSearchParams(beforeHash(target.slice(q + 1))) };
  }
  try {
    const url = new URL(target);
    if (!ABSOLUTE_SCHEMES.has(url.protocol)) return null;
    return { path: url.pathname, query: url.searchParams };
  } catch {
    return null;
  }
}

/** decodeURIComponent without the URIError on a malformed %-escape. */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
