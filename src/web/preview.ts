// The web preview assembled: real services (conf settings, vault, engine),
// the renderer build, the bridge script, and the host. `npm run web` and the
// browser tests both start it through here.
import type { Log } from '../main/log';
import { createAppServices, type AppServices, type CreateServicesOptions } from '../main/services';
import { buildBridgeScript, buildRenderer, RENDERER_OUT, rendererNeedsBuild } from './build';
import { startWebHost, type WebHost } from './host';

export interface PreviewOptions {
  readonly dataDir: string;
  readonly log: Log;
  readonly port?: number;
  readonly rendererDir?: string;
  /** Rebuild the renderer when its sources are newer than the build (the CLI); tests only build a missing one. */
  readonly rebuildStale?: boolean;
  readonly keychain?: CreateServicesOptions['keychain'];
  readonly engineTiming?: CreateServicesOptions['engineTiming'];
  readonly demoBotIntervalMs?: CreateServicesOptions['demoBotIntervalMs'];
  /** Named on the "open the printed address" page. */
  readonly launchedBy?: string;
}

export interface Preview {
  readonly host: WebHost;
  readonly services: AppServices;
  close(): Promise<void>;
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const rendererDir = options.rendererDir ?? RENDERER_OUT;
  if (rendererNeedsBuild(rendererDir, options.rebuildStale ?? false)) {
    options.log(`web: building the renderer into ${rendererDir}`);
    await buildRenderer(rendererDir);
  }
  const bridgeScript = await buildBridgeScript();
  const services = await createAppServices({
    dataDir: options.dataDir,
    settingsEngine: 'conf',
    log: options.log,
    keychain: options.keychain ?? 'os',
    engineTiming: options.engineTiming,
    demoBotIntervalMs: options.demoBotIntervalMs,
  });
  let host: WebHost;
  try {
    host = await startWebHost({
      services,
      rendererDir,
      bridgeScript,
      port: options.port ?? 0,
      log: options.log,
      ...(options.launchedBy === undefined ? {} : { launchedBy: options.launchedBy }),
    });
  } catch (error) {
    await services.close();
    throw error;
  }
  let closed: Promise<void> | null = null;
  return {
    host,
    services,
    close() {
      closed ??= host.close().then(() => services.close());
      return closed;
    },
  };
}
