// The UI bench's relay: the reference relay's CLI in its own process, memory
// only, with one thread per scenario so no renderer ever receives another
// scenario's stream: "reader" has the Beacon firehose, "naive" the naive
// renderer's, "wide" 50 threads for the memory figure.
import { mintToken } from '../../src/relay';
import { postBatch, spawnRelay, type RelayProcess } from '../../src/relay/child-process';
import { BENCH_SECRET } from '../relay-child';

export const BEACON_THREAD = { id: 'firehose', title: 'Firehose', user: 'reader' } as const;
export const NAIVE_THREAD = { id: 'naive-firehose', title: 'Naive firehose', user: 'naive' } as const;
export const WIDE_USER = 'wide';
export const WIDE_THREADS = Array.from({ length: 50 }, (_, i) => `w${String(i + 1).padStart(2, '0')}`);
export const SENDER = 'bot';
/** The control subscriber (tap.ts) on both firehoses. */
export const TAP_USER = 'tap';

const WORKSPACE = {
  users: [
    { id: BEACON_THREAD.user, name: 'Reader' },
    { id: NAIVE_THREAD.user, name: 'Naive' },
    { id: WIDE_USER, name: 'Wide' },
    { id: SENDER, name: 'Bot' },
    { id: TAP_USER, name: 'Tap' },
  ],
  threads: [
    { id: BEACON_THREAD.id, title: BEACON_THREAD.title, members: [BEACON_THREAD.user, SENDER, TAP_USER] },
    { id: NAIVE_THREAD.id, title: NAIVE_THREAD.title, members: [NAIVE_THREAD.user, SENDER, TAP_USER] },
    ...WIDE_THREADS.map((id) => ({ id, title: `Wide ${id}`, members: [WIDE_USER, SENDER] })),
  ],
};

export interface BenchRelay {
  readonly process: RelayProcess;
  token(user: string): Promise<string>;
  post(threadId: string, bodies: string[]): Promise<void>;
}

/**
 * History 1 000 per thread (the client's own bound); idle timeout long enough for a silent naive client;
 * `browserOrigins` may open sockets from a page (the relay refuses other Origins).
 */
export async function startUiRelay(browserOrigins: readonly string[] = []): Promise<BenchRelay> {
  const relay = await spawnRelay({
    workspace: WORKSPACE,
    adminToken: 'beacon-ui-bench-admin',
    secret: BENCH_SECRET,
    extra: ['--history', '1000', '--idle-timeout', '900000', ...browserOrigins.flatMap((o) => ['--allow-origin', o])],
  });
  return {
    process: relay,
    token: (user) => mintToken(BENCH_SECRET, user),
    post: async (threadId, bodies) => {
      await postBatch(relay.httpUrl, relay.adminToken, threadId, SENDER, bodies);
    },
  };
}
