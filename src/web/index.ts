// `npm run web`: the Beacon UI in a browser, served from this machine only.
// Usage: npm run web [-- --port 8790] [--data-dir DIR] [--demo]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stderrLog as log } from '../main/log';
import { openDemoIfSignedOut } from '../main/demo';
import { REPO_ROOT } from './build';
import { startPreview } from './preview';

function portArg(text: string | undefined): number {
  if (text === undefined) return Number(process.env['BEACON_WEB_PORT'] ?? 0);
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a whole number from 0 to 65535 (got "${text}")`);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, demo: { type: 'boolean' } },
    strict: true,
  });
  const dataDir = values['data-dir'] ?? process.env['BEACON_DATA_DIR'] ?? join(REPO_ROOT, '.beacon-data', 'web');
  // npm names the script the person ran: the key page says exactly what to look at.
  const script = process.env['npm_lifecycle_event'];
  const launchedBy = script === 'web' || script === 'demo' ? `npm run ${script}` : 'npm start';
  const preview = await startPreview({ dataDir, log, port: portArg(values.port), rebuildStale: true, launchedBy });
  if (values.demo === true || process.env['BEACON_DEMO'] === '1') await openDemoIfSignedOut(preview.services, log);
  process.stdout.write(
    `\nBeacon web preview is running. Open this address in a browser on this computer:\n\n  ${preview.host.launchUrl}\n\n` +
      `(It carries a key for this run only; Ctrl+C stops the preview.)\n`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`web: ${signal}: stopping`);
    preview.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`web: stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  log(`web: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
