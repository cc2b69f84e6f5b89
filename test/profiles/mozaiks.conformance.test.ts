// The conformance suite for mozaiks-notifications against its fake server
// (test/profiles/fakes/mozaiks.ts): token as the `mozaiks, <jwt>` subprotocol,
// connection_ack sign-in, task updates as the news, restart = close 1012,
// refusal = HTTP 403 before accept.
import { conformance, type ConformanceServer } from './conformance';
import { mintMozaiksToken, startMozaiksFake, type MozaiksFake } from './fakes/mozaiks';

const USER = 'ann';

async function mozaiksServer(): Promise<ConformanceServer & { fake: MozaiksFake }> {
  const fake = await startMozaiksFake();
  let last: { taskId: string; action: string } | null = null;
  return {
    fake,
    get url() {
      return fake.urlFor(USER);
    },
    restart: () => fake.restart(),
    close: () => fake.close(),
    async news(i) {
      last = { taskId: `t${i}`, action: i % 2 ? 'started' : 'progress' };
      fake.emit(USER, 'task_update', 'updated', { task_id: last.taskId, action: last.action });
    },
    async repeatNews() {
      // The same update again (a retried push): not new activity.
      if (last) fake.emit(USER, 'task_update', 'updated', { task_id: last.taskId, action: last.action });
    },
  };
}

conformance({
  profile: 'mozaiks-notifications',
  start: mozaiksServer,
  token: () => mintMozaiksToken(USER),
  userId: () => USER,
  otherUser: 'bob',
  news: {
    kind: 'activity',
    match: (i) => ({ source: 'task_update', title: `Task t${i}`, key: `task t${i}`, action: i % 2 ? 'started' : 'progress', state: i % 2 ? 'started' : 'progress', level: 'info' }),
  },
  // A token signed with another secret: uvicorn answers the upgrade with 403.
  refusal: async (s) => ({
    url: s.url,
    token: await mintMozaiksToken(USER, { secret: 'another-secret-0123456789abcdefgh' }),
    words: /^Mozaiks did not accept your sign-in \(HTTP 403\): .*Sign in again/,
    forbidden: false,
  }),
});
