// Relay memory per idle connection: users who share no thread (so a connect
// brings no presence traffic) connect and stay silent. RSS is read once the
// relay is quiet after `base` connections and again after `base + more`; the
// slope between the two is the cost of one more connection, without the
// process's fixed start-up and warm-up memory.
import { killRelay, spawnRelay } from '../../src/relay/child-process';
import { closeAll, connectAll } from './clients';
import { BENCH_SECRET } from '../relay-child';
import { procStat, quiet } from './proc';

export interface IdleResult {
  base: number;
  total: number;
  rssBaseKB: number;
  rssTotalKB: number;
  /** (rssTotal − rssBase) / (total − base). */
  perConnKB: number;
}

export async function runIdle(base: number, total: number, log: (line: string) => void): Promise<IdleResult> {
  const relay = await spawnRelay({ workspace: { users: [], threads: [] }, adminToken: 'beacon-bench-admin-token', secret: BENCH_SECRET, extra: ['--idle-timeout', '3600000'] });
  const pid = relay.child.pid as number;
  const users = Array.from({ length: total }, (_, i) => `idle${i}`);
  const sockets = [];
  try {
    sockets.push(...(await connectAll(relay.url, BENCH_SECRET, users.slice(0, base))));
    await quiet(pid);
    const rssBaseKB = procStat(pid).rssKB;
    log(`  idle: ${base} connected, relay RSS ${(rssBaseKB / 1024).toFixed(1)} MiB`);
    sockets.push(...(await connectAll(relay.url, BENCH_SECRET, users.slice(base))));
    await quiet(pid);
    const rssTotalKB = procStat(pid).rssKB;
    log(`  idle: ${total} connected, relay RSS ${(rssTotalKB / 1024).toFixed(1)} MiB`);
    return { base, total, rssBaseKB, rssTotalKB, perConnKB: (rssTotalKB - rssBaseKB) / (total - base) };
  } finally {
    closeAll(sockets);
    await killRelay(relay);
  }
}
