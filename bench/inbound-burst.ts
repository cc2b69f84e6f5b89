// `npx tsx bench/inbound-burst.ts [--messages N --rounds N --only engine,bare]`
// The client's inbound cost alone, in one process and without the relay: a tiny
// in-process server completes the WebSocket upgrade, then writes the auth frame
// and N pre-encoded relay-shaped `message` frames to the socket in one write (the
// same pre-buffered burst the main benchmark gets from its proxy, with no relay
// or proxy process competing for the CPU). Prints CPU µs/msg for the engine and
// for a bare ws client that only runs JSON.parse. Made to be profiled:
//   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/inbound-burst.ts --only engine
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { median, timeBareStream, timeEngineStream, type Run } from './measure';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string', default: 'engine,bare' },
  },
});
const N = Number(args.messages);
const ROUNDS = Number(args.rounds);
const ONLY = new Set(args.only.split(','));

/** One unmasked server-to-client text frame (RFC 6455 §5.2). */
function wsFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, len]) : len < 65_536 ? Buffer.from([0x81, 126, len >> 8, len & 0xff]) : null;
  if (!head) throw new Error('frame too large for this bench');
  return Buffer.concat([head, payload]);
}

/**
 * What the reference relay sends a new connection (auth, threads, presence snapshot), then N
 * messages for thread t1 (seq 1..N), shaped exactly as it sends them. The directory frames
 * matter: they give the decoder and the engine the variety of event shapes a real link has.
 */
function burst(n: number): Buffer {
  const prefix = `m${Math.random().toString(36).slice(2, 8)}`;
  const t0 = Date.parse('2026-11-21T10:00:00.000Z');
  const timestamp = new Date(t0).toISOString();
  const parts = [
    { type: 'auth', data: { success: true, userId: 'reader' }, timestamp },
    { type: 'threads', data: [{ id: 't1', title: 'Firehose', unread: 0, lastSeq: n }], timestamp },
    { type: 'presence_snapshot', data: [{ userId: 'bot', status: 'online' }], timestamp },
    { type: 'user_presence', data: { userId: 'bot', status: 'away' }, timestamp },
  ].map((f) => wsFrame(JSON.stringify(f)));
  for (let i = 0; i < n; i++) {
    const ts = new Date(t0 + i).toISOString();
    parts.push(wsFrame(JSON.stringify({
      type: 'message', thread_id: 't1', id: `${prefix}-${i.toString(36)}`, seq: i + 1, sender: 'bot', body: `message number ${i}`, ts, timestamp: ts,
    })));
  }
  return Buffer.concat(parts);
}

/** Answers every upgrade with 101, ignores what the client sends, and writes the burst at once. */
async function startServer(data: Buffer): Promise<{ url: string; close: () => void }> {
  const sockets = new Set<Socket>();
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', () => {}); // subscribe frames, pings: not needed here
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.write(data);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

function bare(url: string, n: number): Promise<Run> {
  return timeBareStream(new WebSocket(url, { maxPayload: 1_048_576 }), n);
}

async function main(): Promise<void> {
  const server = await startServer(burst(N));
  try {
    const runs = { engine: [] as Run[], bare: [] as Run[] };
    // Round 0 warms V8 and is not counted.
    for (let r = 0; r <= ROUNDS; r++) {
      if (ONLY.has('engine')) {
        const x = await timeEngineStream(server.url, 'bench-token', N);
        if (r) runs.engine.push(x);
      }
      if (ONLY.has('bare')) {
        const x = await bare(server.url, N);
        if (r) runs.bare.push(x);
      }
    }
    const show = (name: string, xs: Run[]): void => {
      if (!xs.length) return;
      console.log(`${name}: CPU ${median(xs.map((x) => x.cpuUs)).toFixed(3)} µs/msg (${xs.map((x) => x.cpuUs.toFixed(3)).join(', ')}), wall ${median(xs.map((x) => x.wallUs)).toFixed(3)} µs/msg`);
    };
    console.log(`${N} pre-encoded frames in one write, ${ROUNDS} rounds (after one warm-up), medians:`);
    show('  bare ws + JSON.parse', runs.bare);
    show('  ConnectionEngine    ', runs.engine);
    if (runs.bare.length && runs.engine.length) {
      const ratio = median(runs.bare.map((x) => x.wallUs)) / median(runs.engine.map((x) => x.wallUs));
      console.log(`  engine / bare rate  : ${(ratio * 100).toFixed(1)} %`);
    }
  } finally {
    server.close();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`inbound-burst: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
