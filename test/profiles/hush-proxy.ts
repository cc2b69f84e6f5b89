// A WebSocket proxy in front of the hush fake for the few things the fake
// cannot be asked to do: swallow the server's pongs (so only its `heartbeat`
// frames prove it alive) and put a server frame in front of the client (an
// `error`, which hush only sends in answer to a frame Beacon never sends).
// Unlike test/connection/support/ws-rewrite-proxy.ts it forwards the Cookie
// header, where hush reads the token; refusals pass through with their status.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface HushProxy {
  url: string;
  /** Sends a text frame to every client as if the server had. */
  inject(text: string): void;
  close(): Promise<void>;
}

export async function startHushProxy(opts: { target: string; drop?: (text: string) => boolean }): Promise<HushProxy> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const cookie = req.headers.cookie;
    const up = new WebSocket(opts.target, { headers: cookie ? { cookie } : {} });
    sockets.add(up);
    up.once('unexpected-response', (_r, res) => {
      res.resume();
      sockets.delete(up);
      socket.end(`HTTP/1.1 ${res.statusCode ?? 502} Proxy\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
    up.once('error', () => socket.destroy());
    up.once('open', () => {
      wss.handleUpgrade(req, socket, head, (down) => {
        sockets.add(down);
        up.on('message', (data) => {
          const text = data.toString();
          if (down.readyState === WebSocket.OPEN && !opts.drop?.(text)) down.send(text);
        });
        down.on('message', (data) => up.readyState === WebSocket.OPEN && up.send(data.toString()));
        up.on('close', (code) => down.readyState === WebSocket.OPEN && down.close(code === 1005 || code === 1006 ? 1000 : code));
        down.on('close', () => up.readyState === WebSocket.OPEN && up.close(1000));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    inject(text) {
      for (const c of wss.clients) if (c.readyState === WebSocket.OPEN) c.send(text);
    },
    async close() {
      for (const s of [...sockets, ...wss.clients]) s.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
