// The web preview host (real services + host, as `npm run web` runs it) in its
// own process, so its CPU, RSS and event-loop delay are its own: this process
// plays the Electron main process. It answers the bench over the IPC channel.
// Usage (from preview-process.ts): node --import tsx --expose-gc preview-child.ts RENDERER_DIR DATA_DIR
import { startPreview } from '../../src/web/preview';
import { startBlockMonitor } from './block-monitor';
import { ChildRequestSchema, type ChildReply, type MainStats } from './preview-messages';

const [rendererDir, dataDir] = process.argv.slice(2);
if (!rendererDir || !dataDir || !process.send) {
  console.error('preview-child: needs RENDERER_DIR DATA_DIR and an IPC channel');
  process.exit(2);
}
const reply = (m: ChildReply) => process.send?.(m);

const blocks = startBlockMonitor();
let cpuMark = process.cpuUsage();
let wallMark = performance.now();
const recent: string[] = [];

function stats(gc: boolean): MainStats {
  if (gc) globalThis.gc?.();
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage(cpuMark);
  return {
    rssMb: mem.rss / 2 ** 20,
    heapUsedMb: mem.heapUsed / 2 ** 20,
    ...blocks.read(),
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wallMark,
  };
}

const preview = await startPreview({
  dataDir,
  rendererDir,
  keychain: 'memory',
  log: (line) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
  },
});
reply({ type: 'ready', launchUrl: preview.host.launchUrl });

process.on('message', (raw: unknown) => {
  const req = ChildRequestSchema.parse(raw);
  if (req.type === 'stats') {
    reply({ type: 'stats', id: req.id, stats: stats(req.gc) });
    if (req.reset) {
      blocks.reset();
      cpuMark = process.cpuUsage();
      wallMark = performance.now();
    }
  } else if (req.type === 'log') {
    reply({ type: 'log', id: req.id, lines: [...recent] });
  } else {
    void preview.close().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
