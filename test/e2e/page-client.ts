// Drives the web host the way the injected bridge does, from Node: the launch
// URL for the cookie and the page key (the redirect's fragment), then the
// contract client over the same socket transport, presenting the key as the
// bridge does. Every frame the host sends is recorded for the leak checks.
import { once } from 'node:events';
import WebSocket from 'ws';
import { createBeaconClient, type BeaconApi } from '../../src/shared/ipc/client';
import { socketTransport } from '../../src/web/bridge/transport';
import { bridgeProtocols, pageKeyFromHash } from '../../src/web/bridge/page-key';
import { BRIDGE_SOCKET_PATH } from '../../src/web/wire';

export interface PageClient {
  readonly api: BeaconApi;
  readonly frames: string[];
  readonly cookie: string;
  close(): void;
}

/** What opening the launch URL gives a browser: the session cookie, and the page key in the page's address. */
export interface LaunchSession {
  readonly cookie: string;
  readonly pageKey: string;
}

export async function launchSession(launchUrl: string): Promise<LaunchSession> {
  const res = await fetch(launchUrl, { redirect: 'manual' });
  if (res.status !== 303) throw new Error(`launch answered ${res.status}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0];
  if (!cookie) throw new Error('launch set no cookie');
  const pageKey = pageKeyFromHash(new URL(res.headers.get('location') ?? '', launchUrl).hash);
  if (!pageKey) throw new Error('launch redirected to no page key');
  return { cookie, pageKey };
}

export async function connectPage(origin: string, { cookie, pageKey }: LaunchSession): Promise<PageClient> {
  const socket = new WebSocket(new URL(BRIDGE_SOCKET_PATH, origin.replace(/^http/, 'ws')).href, bridgeProtocols(pageKey), {
    headers: { Origin: origin, Cookie: cookie },
  });
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(data.toString()));
  await once(socket, 'open');
  return { api: createBeaconClient(socketTransport(socket)), frames, cookie, close: () => socket.close() };
}
