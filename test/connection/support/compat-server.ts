// A small WebSocket server for tests that speaks what older deployed servers
// speak (compat shapes only), or misbehaves on purpose. Not the reference relay.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export interface CompatServer {
  url: string;
  /** TCP-level upgrade requests seen (accepted or refused). */
  upgrades: number;
  /** Text frames received from clients, parsed when JSON. */
  received: unknown[];
  sockets: Set<WebSocket>;
  close(): Promise<void>;
}

/**
 * `onConnection` runs for each accepted client; `acceptToken` decides the upgrade
 * (the token is read from the `access_token` query parameter, compat style).
 */
export async function startCompatServer(opts: {
  acceptToken: (token: string | null) => boolean;
  /** The HTTP status for a refused upgrade (default 401). */
  rejectStatus?: 401 | 403;
  onConnection: (ws: WebSocket, server: CompatServer) => void;
}): Promise<CompatServer> {
  const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const server: CompatServer = {
    url: '',
    upgrades: 0,
    received: [],
    sockets: new Set(),
    close: async () => {
      for (const s of server.sockets) s.terminate();
      wss.close();
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
  httpServer.on('upgrade', (req, socket, head) => {
    server.upgrades++;
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('access_token');
    if (!opts.acceptToken(token)) {
      const status = opts.rejectStatus ?? 401;
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      server.sockets.add(ws);
      ws.on('close', () => server.sockets.delete(ws));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const text = data.toString();
        try {
          server.received.push(JSON.parse(text));
        } catch {
          server.received.push(text);
        }
      });
      opts.onConnection(ws, server);
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', () => r()));
  server.url = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}/socket`;
  return server;
}
