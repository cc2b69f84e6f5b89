// The conformance suite for code-cloud-agents against its fake server
// (test/profiles/fakes/code-cloud-agents.ts).
import { startRewriteProxy } from '../connection/support/ws-rewrite-proxy';
import { waitFor } from '../connection/support/wait';
import { conformance, type ConformanceServer } from './conformance';
import { startCodeCloudAgentsFake, userIdForToken, type CodeCloudAgentsFake } from './fakes/code-cloud-agents';

async function ccaServer(): Promise<ConformanceServer & { fake: CodeCloudAgentsFake }> {
  // No periodic status during a test: repeats are sent on purpose (repeatNews).
  const fake = await startCodeCloudAgentsFake({ agentStatusIntervalMs: 600_000 });
  return {
    fake,
    get url() {
      return fake.url;
    },
    restart: () => fake.restart(),
    close: () => fake.close(),
    async news(i) {
      fake.setAgentStatus({ state: i % 2 ? 'working' : 'idle', currentTask: `task ${i}`, progress: i * 10 });
    },
    async repeatNews() {
      fake.setAgentStatus({});
    },
    async otherPresence(userId, status) {
      fake.broadcastPresence(userId, status);
    },
    async ownPresenceSeen(_userId, status) {
      await waitFor(() => fake.received.some((f) => JSON.stringify(f) === JSON.stringify({ type: 'user_presence', data: status })), `${status} at the server`);
    },
  };
}

conformance({
  profile: 'code-cloud-agents',
  start: ccaServer,
  token: async () => 'cca-token-0123456789',
  userId: userIdForToken,
  otherUser: 'user_someone1',
  news: {
    kind: 'activity',
    match: (i) => ({ source: 'agent_status', title: 'CLOUD_ASSISTANT', key: 'CLOUD_ASSISTANT', state: i % 2 ? 'working' : 'idle', detail: `task ${i} (${i * 10}%)` }),
  },
  // A proxy in front that drops the query string: the server gets no token at all.
  refusal: async (s) => {
    const proxy = await startRewriteProxy({ target: () => s.url, rewrite: (t) => t });
    return {
      url: proxy.url,
      token: 'cca-token-0123456789',
      words: /^This server expects the token in the `token` query parameter/,
      forbidden: false,
      cleanup: () => proxy.close(),
    };
  },
});
