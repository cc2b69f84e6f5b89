// The web preview host (real services + host, as `npm run web` runs it) in its
// own process, so its CPU, RSS and event-loop delay are its own: this process
// plays the Electron main process. It answers the bench over the IPC channel.
// Usage (from preview-process.ts): node --import tsx --expose-gc preview-child.ts RENDERER_DIR DATA_DIR
import { startPreview } from '../../src/web/preview';
import { startBlockMonitor } from './block-monitor';
import { MARKER_SOURCE } from './marker';
import type { ProbeSamples } from './probe-api';
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
// When main has sent each batch to the window (this listener runs after the host's, which serializes
// and writes it to the page's socket): the newest marked message in it.
const marker = new RegExp(MARKER_SOURCE);
let batches: ProbeSamples = { k: [], sent: [], seen: [] };
preview.services.workspace.onBatch((batch) => {
  const now = Date.now();
  for (let i = batch.items.length - 1; i >= 0; i--) {
    const item = batch.items[i]!;
    const m = item.kind === 'message' && item.body !== null ? marker.exec(item.body) : null;
    if (!m) continue;
    batches.k.push(Number(m[1]));
    batches.sent.push(Number(m[2]));
    batches.seen.push(now);
    break;
  }
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
  } else if (req.type === 'batches') {
    reply({ type: 'batches', id: req.id, samples: batches });
    batches = { k: [], sent: [], seen: [] };
  } else if (req.type === 'log') {
    reply({ type: 'log', id: req.id, lines: [...recent] });
  } else {
    void preview.close().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
