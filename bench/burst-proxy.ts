// A TCP proxy (run as its own process) that holds everything the server sends
// until the server has been quiet for --quiet-ms, then releases it in one write.
// In the throughput benchmark it turns a replay into a pre-buffered burst, so the
// client, not the relay's per-frame send cost, is what gets measured.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { upstream: { type: 'string' }, 'quiet-ms': { type: 'string', default: '300' } } });
const upstreamPort = Number(values.upstream);
const quietMs = Number(values['quiet-ms']);

const server = net.createServer((client) => {
  const upstream = net.connect(upstreamPort, '127.0.0.1');
  let held: Buffer[] = [];
  let timer: NodeJS.Timeout | null = null;
  const release = (): void => {
    timer = null;
    if (held.length) client.write(Buffer.concat(held));
    held = [];
  };
  upstream.on('data', (d) => {
    held.push(d);
    if (timer) clearTimeout(timer);
    timer = setTimeout(release, quietMs);
  });
  client.on('data', (d) => upstream.write(d));
  const end = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('close', end);
  upstream.on('close', end);
  client.on('error', end);
  upstream.on('error', end);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
