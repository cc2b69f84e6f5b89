// A scripted server (compat-server.ts) and an engine client signed in to it
// with the query transport, both stopped after each test: the setup of the
// suites that make a server misbehave on purpose.
import { afterEach } from 'vitest';
import type { WebSocket } from 'ws';
import { startCompatServer, type CompatServer } from './compat-server';
import { client, type Client } from './setup';

/** Registers the cleanup (call once at module level); returns the starter. */
export function useScriptedServers(): (onConnection: (ws: WebSocket) => void, token: string) => Promise<{ server: CompatServer; c: Client }> {
  const open: { server: CompatServer; c: Client }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.c.engine.stop();
      await o.server.close();
    }
  });
  return async (onConnection, token) => {
    const server = await startCompatServer({ acceptToken: () => true, onConnection });
    const c = client({ url: server.url, token, transport: { kind: 'query', param: 'access_token' } });
    open.push({ server, c });
    return { server, c };
  };
}
