// Shared fixtures for the relay-backed connection tests.
import type { ConnectionEngineOptions } from '../../../src/main/connection';
import { ConnectionEngine } from '../../../src/main/connection';
import { startRelay } from '../../../src/relay';
import type { Relay, RelayOptions } from '../../../src/relay';
import { Recorder } from './recorder';

export const SECRET = 'connection-tests-secret-0123456789abcdef';

export const WORKSPACE = {
  users: [
    { id: 'u1', name: 'Ada' },
    { id: 'u2', name: 'Brian' },
    { id: 'bot', name: 'Bot' },
  ],
  threads: [
    { id: 't1', title: 'General', members: ['u1', 'u2', 'bot'] },
    { id: 't2', title: 'Random', members: ['u1', 'u2'] },
  ],
};

/** Short timings so failures are found in tests within a second, not a minute. */
export const FAST = {
  heartbeatMs: 300,
  pongTimeoutMs: 300,
  handshakeTimeoutMs: 2_000,
  stableAfterMs: 1_000,
  backoff: { baseMs: 50, capMs: 250 },
} satisfies Partial<ConnectionEngineOptions>;

export interface Client {
  engine: ConnectionEngine;
  rec: Recorder;
  /** Every log line the engine wrote. */
  logs: string[];
}

/** The reference relay in this process on an ephemeral port, with the tests' secret and workspace; `opts` adds or overrides. */
export function startConnRelay(opts: RelayOptions = {}): Promise<Relay> {
  return startRelay({ port: 0, secret: SECRET, workspace: WORKSPACE, ...opts });
}

/** Every client made since the last stopClients() (each test file has its own copy of this module). */
const made: Client[] = [];

export function client(opts: Partial<ConnectionEngineOptions> & Pick<ConnectionEngineOptions, 'url' | 'token'>): Client {
  const logs: string[] = [];
  // No transport given: the profile's own (beacon-v1: the Authorization header).
  const engine = new ConnectionEngine({
    ...FAST,
    log: (level, message) => logs.push(`${level} ${message}`),
    ...opts,
  });
  const c = { engine, rec: new Recorder(engine), logs };
  made.push(c);
  return c;
}

/** Teardown: stops every engine client() made (stopping one already stopped is a no-op). */
export async function stopClients(): Promise<void> {
  await Promise.all(made.splice(0).map((c) => c.engine.stop()));
}

/** Everything a client exposed that a person or a log could see: none of it may contain the token. */
export function visibleText(c: Client): string {
  return JSON.stringify([c.logs, c.rec.states, c.rec.events, c.rec.deliveries, c.engine.diagnostics()]);
}
