// A tiny protocol-v1 server that says exactly what a test scripts: for what
// the reference relay never sends (end-to-end encrypted messages, which it
// cannot store, and a gap at a chosen place). Real sockets, real frames.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ScriptedThread {
  readonly id: string;
  readonly title: string;
  /** Sent in order after the client subscribes (frames without `type`/`thread_id`: added here). */
  readonly replay: readonly Record<string, unknown>[];
  readonly lastSeq: number;
}

/** What to answer the `n`-th send (from 1): frames sent back to the sender. */
export type SendScript = (send: { thread_id: string; client_id: string; body: string }, n: number) => Record<string, unknown>[];

/** Acknowledge and echo, as the relay does. */
export const ACCEPT: SendScript = (send, n) => [
  { type: 'ack', client_id: send.client_id, id: `s${n}`, seq: 100 + n },
  { type: 'message', thread_id: send.thread_id, id: `s${n}`, seq: 100 + n, sender: 'you', body: send.body, client_id: send.client_id, ts: new Date().toISOString() },
];

export interface ScriptedServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startScriptedServer(userId: string, threads: readonly ScriptedThread[], onSend: SendScript = ACCEPT): Promise<ScriptedServer> {
  let sends = 0;
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http });
  const sockets = new Set<WebSocket>();
  const now = () => new Date().toISOString();
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    const send = (frame: Record<string, unknown>) => ws.send(JSON.stringify({ timestamp: now(), ...frame }));
    send({ type: 'auth', data: { success: true, userId, historyId: 'scripted-1' } });
    send({ type: 'threads', data: threads.map((t) => ({ id: t.id, title: t.title, unread: t.lastSeq, lastSeq: t.lastSeq })) });
    send({ type: 'presence_snapshot', data: [{ userId, status: 'online' }] });
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type?: string; thread_id?: string; client_id?: string; body?: string };
      if (frame.type === 'ping') send({ type: 'pong' });
      if (frame.type === 'send') {
        const request = { thread_id: frame.thread_id ?? '', client_id: frame.client_id ?? '', body: frame.body ?? '' };
        for (const answer of onSend(request, ++sends)) send(answer);
      }
      const thread = threads.find((t) => t.id === frame.thread_id);
      if (frame.type === 'subscribe' && thread) for (const f of thread.replay) send({ thread_id: thread.id, ...f });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        wss.close(() => http.close(() => resolve()));
      }),
  };
}
