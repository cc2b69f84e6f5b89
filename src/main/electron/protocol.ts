// Serves the built renderer on app://beacon/ instead of file://: a real
// origin for the IPC trust check, and real response headers (the CSP).
import { protocol } from 'electron';
import { readStatic, resolveStaticPath } from '../serve';
import { APP_HOST, APP_SCHEME } from '../serve';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveStaticPath(rendererDir, url.pathname) : null;
    const body = file ? await readStatic(file) : null;
    if (!file || !body) return new Response('Not found', { status: 404, headers: { 'Content-Security-Policy': csp } });
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': file.contentType,
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
