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

export interface PolicyOptions {
  /** Sources added to connect-src (the web host's loopback socket). */
  readonly connectSrc?: readonly string[];
  /**
   * The electron-vite dev server, only when launch/ honoured it (an unpackaged
   * run with a loopback ELECTRON_RENDERER_URL; a packaged build never has
   * one). Vite's dev page needs an inline React-refresh preamble, the <style>
   * tags it injects for CSS, and its HMR socket on its own origin.
   */
  readonly devServerUrl?: string | undefined;
  /** For index.html's meta tag: without frame-ancestors, which browsers ignore there. */
  readonly meta?: boolean;
}

/** The policy text. */
export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  const directives: Record<string, readonly string[]> = { ...BASE_CSP, 'connect-src': [...(BASE_CSP['connect-src'] ?? []), ...(options.connectSrc ?? [])] };
  if (options.devServerUrl !== undefined) {
    const dev = new URL(options.devServerUrl);
    directives['script-src'] = [...(directives['script-src'] ?? []), "'unsafe-inline'"];
    directives['style-src'] = [...(directives['style-src'] ?? []), "'unsafe-inline'"];
    directives['connect-src'] = [...(directives['connect-src'] ?? []), `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`];
  }
  if (options.meta) delete directives['frame-ancestors'];
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
