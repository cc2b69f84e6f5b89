// The renderer's Content-Security-Policy. index.html carries the same policy
// in a meta tag (less frame-ancestors, which browsers ignore there); the
// Electron shell and the web host send the whole policy as a response header.
const BASE_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The policy text; `connectSrc` adds sources (the web host's loopback socket). */
export function contentSecurityPolicy(extra: { connectSrc?: readonly string[] } = {}): string {
  const directives = { ...BASE_CSP, 'connect-src': [...(BASE_CSP['connect-src'] ?? []), ...(extra.connectSrc ?? [])] };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
