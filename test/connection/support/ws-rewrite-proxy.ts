// A WebSocket-level proxy in front of a real relay that can rewrite what the
// server says: e.g. strip `historyId` from the auth frame to play a server that
// does not send one. The client's upgrade is answered only once the upstream
// socket is open (502 otherwise), so a relay that is down looks down.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface RewriteProxy {
  url: string;
  close(): Promise<void>;
}

export async function startRewriteProxy(opts: {
  /** The relay's ws:// URL; read on every upgrade, so a restarted relay may move. */
  target: () => string;
  /** Rewrites a server text frame; return it unchanged to pass it on. */
  rewrite: (text: string) => string;
}): Promise<RewriteProxy> {
  const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const pairs = new Set<WebSocket>();
  httpServer.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const auth = req.headers.authorization;
    const up = new WebSocket(opts.target(), { headers: auth ? { authorization: auth } : {}, maxPayload: 4 * 1024 * 1024 });
    pairs.add(up);
    const refuse = (status: number): void => {
      pairs.delete(up);
      socket.end(`HTTP/1.1 ${status} Proxy\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    up.once('unexpected-response', (_r, res) => {
      res.resume();
      refuse(res.statusCode ?? 502);
    });
    up.once('error', () => {
      if (up.readyState !== WebSocket.OPEN) refuse(502);
    });
    up.once('open', () => {
      wss.handleUpgrade(req, socket, head, (down) => {
        pairs.add(down);
        up.on('message', (data, isBinary) => {
          if (down.readyState === WebSocket.OPEN) down.send(isBinary ? data : opts.rewrite(data.toString()));
        });
        down.on('message', (data, isBinary) => {
          if (up.readyState === WebSocket.OPEN) up.send(isBinary ? data : data.toString());
        });
        const closeCode = (c: number): number => (c === 1005 || c === 1006 ? 1000 : c);
        up.on('close', (code, reason) => {
          pairs.delete(up);
          if (down.readyState === WebSocket.OPEN) down.close(closeCode(code), reason.toString());
        });
        down.on('close', () => {
          pairs.delete(down);
          if (up.readyState === WebSocket.OPEN) up.close(1000);
        });
        up.on('error', () => down.terminate());
        down.on('error', () => up.terminate());
      });
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', () => r()));
  return {
    url: `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    close: async () => {
      for (const s of pairs) s.terminate();
      wss.close();
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}

/** Removes `historyId` from an auth frame; every other frame passes as is. */
export function stripHistoryId(text: string): string {
  if (!text.includes('"auth"')) return text;
  const frame = JSON.parse(text) as { type?: string; data?: Record<string, unknown> };
  if (frame.type !== 'auth' || !frame.data) return text;
  delete frame.data.historyId;
  return JSON.stringify(frame);
}
