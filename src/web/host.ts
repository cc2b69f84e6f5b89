// The web preview's host: serves the built renderer and the bridge script on
// 127.0.0.1, and the IPC contract over a loopback WebSocket, through the same
// dispatcher and event emitter the Electron shell uses. Who may use it:
// access.ts. Every request target is parsed defensively (request-target.ts):
// whatever arrives, a request gets a 4xx and an upgrade a refusal, never an
// exception that stops the process.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDispatcher, toWireError } from '../shared/ipc';
import { createIpcHandlers, forwardEvents } from '../main/ipc';
import type { Log } from '../main/log';
import { contentSecurityPolicy, readStatic, resolveStaticPath, type StaticFile } from '../main/serve';
import type { AppServices } from '../main/services';
import { createAccess } from './access';
import { MAX_BRIDGE_FRAME_BYTES } from './bridge/frame-limit';
import { parsePageFrame } from './page-frame';
import { parseRequestTarget } from './request-target';
import { BRIDGE_PROTOCOL, BRIDGE_SCRIPT_PATH, LAUNCH_PATH, type HostFrame } from './wire';

export interface WebHostOptions {
  readonly services: AppServices;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly bridgeScript: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly log: Log;
  /** The command the person ran, named when a page is opened without the run's key ("npm start"). */
  readonly launchedBy?: string;
}

export interface WebHost {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** Open this: it carries the run's launch key, sets the session cookie and redirects to the page with its page key. */
  readonly launchUrl: string;
  close(): Promise<void>;
}

/** The bridge refuses a bigger call before sending it (bridge/frame-limit.ts): the same constant. */
const MAX_FRAME = MAX_BRIDGE_FRAME_BYTES;

/** The file's bytes; null when the path names no file (missing, a directory, through a file, too long). */
async function readRequested(file: StaticFile): Promise<Buffer | null> {
  try {
    return await readStatic(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'ENAMETOOLONG' || code === 'ELOOP') return null;
    throw error;
  }
}

/** Ends a refused upgrade; the socket may already be gone. */
function refuseUpgrade(socket: Duplex, status: '400 Bad Request' | '403 Forbidden'): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The bridge must run before the renderer's module script; CSP allows it (same origin). */
function injectBridge(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  return html.includes('</head>') ? html.replace('</head>', `    ${tag}\n  </head>`) : `${tag}\n${html}`;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { services, log } = options;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostHeader = `127.0.0.1:${port}`;
  const origin = `http://${hostHeader}`;
  const access = createAccess(origin);
  const csp = contentSecurityPolicy({ connectSrc: [`ws://${hostHeader}`] });
  const securityHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };

  const dispatch = createDispatcher(createIpcHandlers(services), {
    isTrustedSender: (url) => {
      try {
        return new URL(url).origin === origin;
      } catch {
        return false;
      }
    },
    log,
  });
  const sockets = new Set<WebSocket>();
  const send = (socket: WebSocket, frame: HostFrame): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const stopForwarding = forwardEvents(
    services,
    (channel, payload) => {
      for (const socket of sockets) send(socket, { t: 'event', channel, payload });
    },
    log,
    { toasts: true },
  );

  const respond = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...securityHeaders, 'Content-Type': type, ...extra });
    res.end(body);
  };
  const refuse = (res: ServerResponse, status: number, text: string): void =>
    respond(res, status, 'text/plain; charset=utf-8', `${text}\n`);

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== hostHeader) return refuse(res, 421, 'Beacon web preview: wrong Host header.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const url = parseRequestTarget(req.url, origin);
    if (!url) return refuse(res, 400, 'Bad request target.');
    if (url.pathname === LAUNCH_PATH) {
      if (!access.isLaunchKey(url.searchParams.get('key'))) {
        log('web: refused a launch with a wrong key');
        return refuse(res, 403, 'This launch link is not valid for the running Beacon web preview.');
      }
      // The page key rides in the fragment: the browser keeps it, no server is ever sent it.
      res.writeHead(303, { ...securityHeaders, Location: access.pageLocation, 'Set-Cookie': access.sessionCookie });
      res.end();
      return;
    }
    if (!access.hasSession(req)) {
      const command = options.launchedBy ?? 'npm start';
      return refuse(res, 403, `Beacon's web preview needs this run's key: open the address that \`${command}\` printed in its terminal (it starts with ${origin}${LAUNCH_PATH}?key=).`);
    }
    if (url.pathname === BRIDGE_SCRIPT_PATH) return respond(res, 200, 'text/javascript; charset=utf-8', options.bridgeScript);
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    const body = file ? await readRequested(file) : null;
    if (!file || !body) return refuse(res, 404, 'Not found.');
    const isIndex = file.path.endsWith('index.html');
    respond(res, 200, file.contentType, isIndex ? injectBridge(body.toString('utf8')) : body);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res).catch((error: unknown) => {
      log(`web: request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) refuse(res, 500, 'Internal error.');
      else res.destroy();
    });
  });

  // The bridge offers [BRIDGE_PROTOCOL, page key]: answer with the first, never the key.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME,
    handleProtocols: (offered) => (offered.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgrade's socket over with no error listener: a peer's reset would throw.
    socket.on('error', () => socket.destroy());
    const url = parseRequestTarget(req.url, origin);
    if (!url) {
      log('web: refused a socket: bad request target');
      refuseUpgrade(socket, '400 Bad Request');
      return;
    }
    const problem = access.upgradeProblem(req, url.pathname);
    if (problem) {
      log(`web: refused a socket: ${problem}`);
      refuseUpgrade(socket, '403 Forbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      // ws reports a bad frame (too large, broken UTF-8) as 'error' and closes; unheard, it would throw.
      ws.on('error', (error) => log(`web: page socket error: ${error.message}`));
      log(`web: page connected (${sockets.size} open)`);
      ws.on('close', () => {
        sockets.delete(ws);
        log(`web: page disconnected (${sockets.size} open)`);
      });
      ws.on('message', (data, isBinary) => {
        const frame = isBinary ? null : parsePageFrame(data.toString());
        if (!frame) {
          log('web: ignored a malformed frame from the page');
          return;
        }
        dispatch(frame.channel, 'arg' in frame ? [frame.arg] : [], `${origin}/`).then(
          (value) => send(ws, { t: 'result', id: frame.id, ok: true, value }),
          (error: unknown) => send(ws, { t: 'result', id: frame.id, ok: false, error: toWireError(error, frame.channel) }),
        );
      });
    });
  });

  log(`web: serving Beacon on ${origin}`);
  return {
    origin,
    launchUrl: `${origin}${LAUNCH_PATH}?${access.launchQuery}`,
    async close() {
      stopForwarding();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
