// The relay CLI as a child process (src/relay/child-process.ts), signing with
// the connection suites' SECRET unless told otherwise.
import { spawnRelay as spawnWith, type SpawnRelayOptions } from '../../../src/relay/child-process';
import { SECRET } from './setup';

export { killRelay, postBatch, threadLastSeq, type RelayProcess } from '../../../src/relay/child-process';

export function spawnRelay(opts: Omit<SpawnRelayOptions, 'secret'> & { secret?: string }) {
  return spawnWith({ ...opts, secret: opts.secret ?? SECRET });
}
