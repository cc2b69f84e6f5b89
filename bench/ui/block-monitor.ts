// How long the event loop could not run, and how much of that was this
// process's own work. monitorEventLoopDelay alone cannot tell a 150 ms block
// from 150 ms spent waiting for a CPU on a machine whose load exceeds its
// cores; the main thread's own CPU time (Linux /proc/thread-self/stat, read on
// the main thread, in 10 ms clock ticks) across the same stall can.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface BlockFigures {
  /** Longest event-loop delay (monitorEventLoopDelay max), ms: own work and waiting for a CPU. */
  maxDelayMs: number;
  p99DelayMs: number;
  /** Most main-thread CPU time spent inside one stall, ms (±10 ms): the longest block by this process's own work. */
  maxOwnBlockMs: number;
}

const TICK_MS = 5;

function clockTickMs(): number {
  try {
    return 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return 10;
  }
}

/** Main-thread user+system CPU, ms; null where /proc is not there. */
function threadCpu(tickMs: number): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * tickMs;
  } catch {
    return null;
  }
}

export function startBlockMonitor(): { read(): BlockFigures; reset(): void } {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const tickMs = clockTickMs();
  let maxOwn = 0;
  let last = performance.now();
  let lastCpu = threadCpu(tickMs);
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = threadCpu(tickMs);
    // A late tick is a stall; the CPU this thread used across it is its own share.
    if (now - last > TICK_MS * 3 && cpu !== null && lastCpu !== null) maxOwn = Math.max(maxOwn, Math.min(now - last, cpu - lastCpu));
    last = now;
    lastCpu = cpu;
  }, TICK_MS);
  timer.unref();
  return {
    read: () => ({ maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6, maxOwnBlockMs: maxOwn }),
    reset() {
      delay.reset();
      maxOwn = 0;
    },
  };
}
