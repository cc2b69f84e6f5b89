// The benchmark's relay: the reference relay's real CLI in its own process
// (src/relay/child-process.ts), so the relay's CPU is not the
// client's and a restart is a real process restart. What is bench-specific
// lives here: its secret, its workspace and its in-memory history size.
import { spawnRelay, type RelayProcess } from '../src/relay/child-process';

export const BENCH_SECRET = 'beacon-bench-secret-0123456789abcdef';
export const BENCH_ADMIN = 'beacon-bench-admin-token';

const WORKSPACE = {
  users: [{ id: 'reader', name: 'Reader' }, { id: 'bot', name: 'Bot' }],
  threads: [{ id: 't1', title: 'Firehose', members: ['reader', 'bot'] }],
};

/** An in-memory relay (no data dir) keeping the last `history` messages per thread; stop it with killRelay(r, 'SIGTERM'). */
export function startBenchRelay(opts: { port?: number; history?: number } = {}): Promise<RelayProcess> {
  return spawnRelay({
    workspace: WORKSPACE,
    port: opts.port,
    adminToken: BENCH_ADMIN,
    secret: BENCH_SECRET,
    extra: ['--history', String(opts.history ?? 1000)],
  });
}
