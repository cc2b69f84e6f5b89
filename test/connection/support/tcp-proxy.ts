// A TCP proxy for tests: counts accepted connections (proof of "zero attempts"),
// and can cut live connections (FIN, RST) or black-hole them (stop forwarding
// without closing, like a dead NAT mapping).
import net from 'node:net';
import type { AddressInfo } from 'node:net';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  blackholed: boolean;
  bytesDown: number;
}

export class TcpProxy {
  accepted = 0;
  private readonly pairs = new Set<Pair>();
  private server: net.Server | null = null;
  port = 0;

  constructor(public upstreamPort: number, private readonly upstreamHost = '127.0.0.1') {}

  async start(port = 0): Promise<this> {
    const server = net.createServer((client) => this.onClient(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Connections that have carried data from the server (i.e. got past the TCP handshake). */
  live(): number {
    let n = 0;
    for (const p of this.pairs) if (!p.blackholed && p.bytesDown > 0) n++;
    return n;
  }

  /** Cuts every live connection; returns how many. */
  cut(mode: 'fin' | 'rst' | 'blackhole'): number {
    let n = 0;
    for (const p of this.pairs) {
      if (p.blackholed || p.bytesDown === 0) continue;
      n++;
      if (mode === 'blackhole') {
        p.blackholed = true;
        p.client.pause();
        p.upstream.pause();
        continue;
      }
      this.pairs.delete(p);
      if (mode === 'rst') {
        p.client.resetAndDestroy();
        p.upstream.resetAndDestroy();
      } else {
        p.client.destroy();
        p.upstream.destroy();
      }
    }
    return n;
  }

  async close(): Promise<void> {
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    this.pairs.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private onClient(client: net.Socket): void {
    this.accepted++;
    const upstream = net.connect(this.upstreamPort, this.upstreamHost);
    const pair: Pair = { client, upstream, blackholed: false, bytesDown: 0 };
    this.pairs.add(pair);
    const drop = (): void => {
      if (!this.pairs.has(pair)) return;
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (d) => {
      if (!pair.blackholed) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (pair.blackholed) return;
      pair.bytesDown += d.length;
      client.write(d);
    });
    client.on('close', drop);
    upstream.on('close', drop);
    client.on('error', drop);
    upstream.on('error', drop);
  }
}
