// The web preview's host: serves the built renderer and the bridge script on
// 127.0.0.1, and the IPC contract over a loopback WebSocket, through the same
// dispatcher and event emitter the Electron shell uses. A random per-run key
// (in the launch URL, swapped for an HttpOnly SameSite=Strict cookie) plus
// Host and Origin checks keep other local pages and DNS-rebinding sites from
// driving it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDispatcher, toWireError } from '../shared/ipc';
import { createIpcHandlers, forwardEvents } from '../main/ipc';
import type { Log } from '../main/log';
import { contentSecurityPolicy, readStatic, resolveStaticPath } from '../main/serve';
import type { AppServices } from '../main/services';
import { parsePageFrame } from './page-frame';
import { BRIDGE_SCRIPT_PATH, BRIDGE_SOCKET_PATH, LAUNCH_PATH, SESSION_COOKIE, type HostFrame } from './wire';

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
  /** Open this: it carries the run's key and sets the session cookie. */
  readonly launchUrl: string;
  close(): Promise<void>;
}

const MAX_FRAME = 1024 * 1024;

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

/** The bridge must run before the renderer's module script; CSP allows it (same origin). */
function injectBridge(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  return html.includes('</head>') ? html.replace('</head>', `    ${tag}\n  </head>`) : `${tag}\n${html}`;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { services, log } = options;
  const launchKey = randomBytes(32).toString('base64url');
  const sessionSecret = randomBytes(32).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostHeader = `127.0.0.1:${port}`;
  const origin = `http://${hostHeader}`;
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
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === LAUNCH_PATH) {
      if (!sameSecret(url.searchParams.get('key') ?? undefined, launchKey)) {
        log('web: refused a launch with a wrong key');
        return refuse(res, 403, 'This launch link is not valid for the running Beacon web preview.');
      }
      res.writeHead(303, {
        ...securityHeaders,
        Location: '/',
        'Set-Cookie': `${SESSION_COOKIE}=${sessionSecret}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end();
      return;
    }
    if (!sameSecret(cookieValue(req, SESSION_COOKIE), sessionSecret)) {
      const command = options.launchedBy ?? 'npm start';
      return refuse(res, 403, `Beacon's web preview needs this run's key: open the address that \`${command}\` printed in its terminal (it starts with ${origin}${LAUNCH_PATH}?key=).`);
    }
    if (url.pathname === BRIDGE_SCRIPT_PATH) return respond(res, 200, 'text/javascript; charset=utf-8', options.bridgeScript);
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    const body = file ? await readStatic(file) : null;
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    const problem =
      path !== BRIDGE_SOCKET_PATH
        ? 'unknown path'
        : req.headers.host !== hostHeader
          ? 'wrong Host'
          : req.headers.origin !== origin
            ? 'foreign Origin'
            : !sameSecret(cookieValue(req, SESSION_COOKIE), sessionSecret)
              ? 'no valid session cookie'
              : null;
    if (problem) {
      log(`web: refused a socket: ${problem}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
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
    launchUrl: `${origin}${LAUNCH_PATH}?key=${launchKey}`,
    async close() {
      stopForwarding();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
