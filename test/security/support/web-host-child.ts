// The web preview (real services + host, as `npm run web` runs them) in a
// process of its own, so a test can see whether a request kills it. Prints
// one JSON line ({ launchUrl, origin }) when it serves; logs go to stderr.
// Usage: node --import tsx web-host-child.ts RENDERER_DIR DATA_DIR
import { startPreview } from '../../../src/web/preview';

const [rendererDir, dataDir] = process.argv.slice(2);
if (!rendererDir || !dataDir) {
  process.stderr.write('web-host-child: needs RENDERER_DIR DATA_DIR\n');
  process.exit(2);
}

const preview = await startPreview({
  dataDir,
  rendererDir,
  keychain: 'memory',
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify({ launchUrl: preview.host.launchUrl, origin: preview.host.origin })}\n`);
const stop = (): void => {
  void preview.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
