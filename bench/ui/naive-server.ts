// Serves the naive comparison renderer from 127.0.0.1 (one page, one script).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundleNaive } from './bundle';

export interface NaiveServer {
  /** The page; the relay address, token and thread go in the fragment (see pageUrl). */
  readonly origin: string;
  pageUrl(relayUrl: string, token: string, threadId: string): string;
  close(): Promise<void>;
}

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Naive chat</title></head>
<body><div id="root"></div><script src="/app.js"></script></body></html>`;

export async function startNaiveServer(): Promise<NaiveServer> {
  const script = await bundleNaive();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
    } else if (path === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (relayUrl, token, threadId) => `${origin}/#${new URLSearchParams({ relay: relayUrl, token, thread: threadId })}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
