// Holds one idle engine connection (default heartbeat) for N seconds and
// reports its own CPU time and RSS over that window. With --baseline it loads
// the same modules and idles without connecting, to show the engine's share.
import { ConnectionEngine } from '../src/main/connection';

const [mode, url, token, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg);

async function main(): Promise<void> {
  let engine: ConnectionEngine | null = null;
  if (mode === 'engine') {
    engine = new ConnectionEngine({ url: url!, token: token!, transport: { kind: 'header' } });
    engine.start();
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('idle child did not connect within 15 s')), 15_000);
      engine!.on('state', (s) => {
        if (s.state === 'connected') {
          clearTimeout(t);
          resolve();
        }
      });
    });
  }
  // Let start-up work (module compilation, GC of it) settle before measuring.
  await new Promise((r) => setTimeout(r, 1_000));
  const keepAlive = mode === 'engine' ? null : setInterval(() => {}, 1 << 30);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  const d = engine?.diagnostics();
  process.stdout.write(
    `${JSON.stringify({
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: process.memoryUsage().rss / 1_048_576,
      framesOut: d?.framesOut ?? 0,
      framesIn: d?.framesIn ?? 0,
      state: engine?.state.state ?? 'none',
    })}\n`,
  );
  if (keepAlive) clearInterval(keepAlive);
  await engine?.stop();
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
