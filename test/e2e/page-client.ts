// Drives the web host the way the injected bridge does, from Node: the launch
// URL for the cookie, then the contract client over the same socket transport.
// Every frame the host sends is recorded for the leak checks.
import { once } from 'node:events';
import WebSocket from 'ws';
import { createBeaconClient, type BeaconApi } from '../../src/shared/ipc/client';
import { socketTransport } from '../../src/web/bridge/transport';
import { BRIDGE_SOCKET_PATH } from '../../src/web/wire';

export interface PageClient {
  readonly api: BeaconApi;
  readonly frames: string[];
  readonly cookie: string;
  close(): void;
}

export async function launchCookie(launchUrl: string): Promise<string> {
  const res = await fetch(launchUrl, { redirect: 'manual' });
  if (res.status !== 303) throw new Error(`launch answered ${res.status}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0];
  if (!cookie) throw new Error('launch set no cookie');
  return cookie;
}

export async function connectPage(origin: string, cookie: string): Promise<PageClient> {
  const socket = new WebSocket(new URL(BRIDGE_SOCKET_PATH, origin.replace(/^http/, 'ws')).href, {
    headers: { Origin: origin, Cookie: cookie },
  });
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(data.toString()));
  await once(socket, 'open');
  return { api: createBeaconClient(socketTransport(socket)), frames, cookie, close: () => socket.close() };
}
