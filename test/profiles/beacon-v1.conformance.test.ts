// The conformance suite for beacon-v1 against the real reference relay.
import type { Relay } from '../../src/relay';
import { ConnectionEngine } from '../../src/main/connection';
import { FAST, startConnRelay } from '../connection/support/setup';
import { waitFor } from '../connection/support/wait';
import { conformance, type ConformanceServer } from './conformance';

async function relayServer(): Promise<ConformanceServer & { relay: () => Relay }> {
  let relay = await startConnRelay();
  const port = relay.port;
  return {
    relay: () => relay,
    get url() {
      return relay.url;
    },
    async restart() {
      await relay.close();
      relay = await startConnRelay({ port });
    },
    close: () => relay.close(),
    async news(i) {
      await relay.postMessage('t1', 'u2', `news ${i}`);
    },
    async otherPresence(userId, status) {
      relay.setPresence(userId, status);
    },
    async ownPresenceSeen(userId, status) {
      // Seen by the relay = told to another member of the workspace.
      const watcher = new ConnectionEngine({ url: relay.url, token: await relay.mintToken('u2'), ...FAST });
      let seen = false;
      watcher.on('presence', (p) => (seen ||= p.userId === userId && p.status === status));
      watcher.on('presenceSnapshot', (list) => (seen ||= list.some((p) => p.userId === userId && p.status === status)));
      watcher.start();
      try {
        await waitFor(() => seen, `${userId} ${status} at the relay`);
      } finally {
        await watcher.stop();
      }
    },
  };
}

conformance({
  profile: 'beacon-v1',
  start: relayServer,
  token: (s) => (s as Awaited<ReturnType<typeof relayServer>>).relay().mintToken('u1'),
  userId: () => 'u1',
  otherUser: 'u2',
  news: { kind: 'message', match: (i) => ({ threadId: 't1', sender: 'u2', body: `news ${i}` }) },
  refusal: async (s) => ({ url: s.url, token: 'not-a-token-the-relay-minted', words: /^the server refused the token \(HTTP 401\)$/, forbidden: false }),
});
