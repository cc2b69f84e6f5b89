// The conformance suite for agentcmd against its fake server
// (test/profiles/fakes/agentcmd.ts): Bearer token, global.connected sign-in,
// a followed channel's completions as the news (published only to its
// subscribers, so news after a restart proves the channel was re-subscribed),
// restart = a close without status (1005), refusal = global.error then 1008.
import { waitFor } from '../connection/support/wait';
import { conformance, type ConformanceServer } from './conformance';
import { mintAgentcmdToken, startAgentcmdFake, type AgentcmdFake } from './fakes/agentcmd';

const USER = 'user-7';
const CHANNEL = 'session:123';

async function agentcmdServer(): Promise<ConformanceServer & { fake: AgentcmdFake }> {
  const fake = await startAgentcmdFake();
  let last = '';
  const subscribed = () => waitFor(() => fake.subscriptionsOf(USER).some((s) => s.includes(CHANNEL)), `${CHANNEL} subscribed at the server`);
  return {
    fake,
    get url() {
      return fake.url;
    },
    restart: () => fake.restart(),
    close: () => fake.close(),
    async news(i) {
      await subscribed();
      last = `line ${i}`;
      fake.publish(CHANNEL, 'session.stream_output', { sessionId: '123', message: { role: 'assistant', content: [{ type: 'text', text: `working…\n${last}` }] } });
    },
    async repeatNews() {
      // The same output line again: the channel's Activity line does not change.
      fake.publish(CHANNEL, 'session.stream_output', { sessionId: '123', message: { role: 'assistant', content: [{ type: 'text', text: last }] } });
    },
  };
}

conformance({
  profile: 'agentcmd',
  start: agentcmdServer,
  token: () => mintAgentcmdToken(USER),
  userId: () => USER,
  otherUser: 'user-8',
  follow: [CHANNEL],
  news: {
    kind: 'activity',
    match: (i) => ({ source: 'session.stream_output', title: CHANNEL, key: CHANNEL, state: 'running', detail: `line ${i}`, level: 'info' }),
  },
  // A token signed with another secret: global.error "Authentication failed", then close 1008.
  refusal: async (s) => ({
    url: s.url,
    token: await mintAgentcmdToken(USER, { secret: 'another-secret-0123456789abcdefgh' }),
    words: /^the server refused the token: Authentication failed: Invalid or expired token$/,
    forbidden: false,
  }),
});
