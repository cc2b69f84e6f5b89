// The relay child's own CPU and memory, read from /proc, so the figures are
// the relay's alone and not the clients' (they run in the bench process).
import { readFileSync } from 'node:fs';

const CLK_TCK = 100;

export interface ProcStat {
  /** User + system CPU, seconds. */
  cpuS: number;
  rssKB: number;
}

export function procStat(pid: number): ProcStat {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpuS: ticks / CLK_TCK, rssKB: Number(rss ?? 0) };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the process has used < 20 ms of CPU in each of three 300 ms windows (at most `maxMs`). */
export async function quiet(pid: number, maxMs = 60_000): Promise<void> {
  let last = procStat(pid).cpuS;
  const until = performance.now() + maxMs;
  for (let idle = 0; idle < 3 && performance.now() < until; ) {
    await sleep(300);
    const now = procStat(pid).cpuS;
    idle = now - last < 0.02 ? idle + 1 : 0;
    last = now;
  }
}

/** CPU time used by the whole machine (every process, every core), seconds: others' load shows as the rest. */
export function machineBusyS(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}
