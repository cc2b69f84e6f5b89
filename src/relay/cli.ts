// `npm run relay -- [serve] [flags]` and `npm run relay -- token --user NAME`.
// With --json the first stdout line is one JSON "listening" event, so scripts
// and tests can read the URL and admin token reliably.
import { parseArgs } from 'node:util';
import { mintToken } from './auth';
import { DEMO_USER } from './demo';
import { startRelay, type RelayOptions } from './relay';
import { resolveSecret } from './secret';
import { loadWorkspaceFile } from './workspace';

const USAGE = `Usage:
  npm run relay -- [serve] [--host H] [--port N] [--data DIR] [--secret S] [--admin-token T]
                   [--workspace FILE.json] [--history N] [--idle-timeout MS] [--server-ping MS]
                   [--allow-origin ORIGIN]... [--demo] [--demo-interval MS] [--json]
  npm run relay -- token --user NAME [--data DIR | --secret S] [--expires SEC]

The secret is --secret, else $BEACON_RELAY_SECRET, else a random one: kept in
DIR/relay-secret with --data (so \`token --data DIR\` mints tokens for it), else
for this run only. Browsers may connect only from an --allow-origin origin.`;

class UsageError extends Error {}

/** An origin as browsers send it: scheme://host[:port], nothing more. */
function origin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--allow-origin must be an origin like https://app.example.com, got "${value}"`);
  }
  if (url.origin === 'null' || url.origin !== value.replace(/\/+$/, '').toLowerCase()) {
    throw new UsageError(`--allow-origin must be an origin like https://app.example.com (no path), got "${value}"`);
  }
  return url.origin;
}

function int(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${value}"`);
  return Number(value);
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      secret: { type: 'string' },
      'admin-token': { type: 'string' },
      workspace: { type: 'string' },
      history: { type: 'string' },
      'idle-timeout': { type: 'string' },
      'server-ping': { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      demo: { type: 'boolean' },
      'demo-interval': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const json = values.json === true;
  let workspace: RelayOptions['workspace'];
  if (values.workspace !== undefined) {
    try {
      workspace = loadWorkspaceFile(values.workspace);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const opts: RelayOptions = {
    host: values.host,
    port: int('port', values.port, 0),
    dataDir: values.data,
    secret: values.secret,
    adminToken: values['admin-token'],
    workspace,
    historyLimit: int('history', values.history, 1),
    idleTimeoutMs: int('idle-timeout', values['idle-timeout'], 1),
    serverPingMs: int('server-ping', values['server-ping'], 0),
    allowedOrigins: (values['allow-origin'] ?? []).map(origin),
    demo: values.demo === true,
    demoIntervalMs: int('demo-interval', values['demo-interval'], 10),
    // In --json mode stdout carries events only; human log lines go to stderr.
    log: json ? (line) => process.stderr.write(`${line}\n`) : (line) => console.log(line),
    // The relay has logged why and closed everything; a supervisor should see a failure.
    onFatal: () => process.exit(1),
  };
  if (opts.port !== undefined && opts.port > 65535) throw new UsageError('--port must be at most 65535');
  if (opts.secret === '') throw new UsageError('--secret must not be empty');

  const relay = await startRelay(opts);
  const demo = opts.demo ? { userId: DEMO_USER, token: await relay.mintToken(DEMO_USER) } : undefined;
  if (json) {
    process.stdout.write(
      JSON.stringify({ event: 'listening', url: relay.url, httpUrl: relay.httpUrl, port: relay.port, adminToken: relay.adminToken, ...(demo ? { demo } : {}) }) + '\n',
    );
  } else {
    console.log(`Beacon relay on ${relay.url}  (HTTP API ${relay.httpUrl}/api, health ${relay.httpUrl}/healthz)`);
    console.log(`Admin token: ${relay.adminToken}`);
    if (opts.secret === undefined && !process.env.BEACON_RELAY_SECRET) {
      console.log(
        opts.dataDir === undefined
          ? 'Token secret: random for this run. To mint tokens with `token`, start with --data DIR or --secret S.'
          : `Token secret: kept in ${opts.dataDir}; mint tokens with \`npm run relay -- token --user NAME --data ${opts.dataDir}\`.`,
      );
    }
    if (demo) {
      console.log(`Demo user "${demo.userId}" token:\n${demo.token}`);
    }
    console.log('Press Ctrl+C to stop.');
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    opts.log?.(`${signal}: closing clients (1012) and flushing the log`);
    relay.close().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(`relay: error while stopping: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function token(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { user: { type: 'string' }, secret: { type: 'string' }, data: { type: 'string' }, expires: { type: 'string' } },
  });
  if (!values.user) throw new UsageError('token: --user NAME is required');
  const expiresInSec = int('expires', values.expires, 1);
  if (values.secret === undefined && values.data === undefined && !process.env.BEACON_RELAY_SECRET) {
    throw new UsageError('token: which relay? Give its --data DIR (the secret is kept there) or its --secret S');
  }
  const { secret } = resolveSecret({ secret: values.secret, dataDir: values.data });
  process.stdout.write(`${await mintToken(secret, values.user, expiresInSec === undefined ? {} : { expiresInSec })}\n`);
}

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    console.log(USAGE);
    return;
  }
  if (first === 'token') return token(rest);
  if (first === 'serve') return serve(rest);
  if (first !== undefined && !first.startsWith('-')) throw new UsageError(`unknown command "${first}"`);
  return serve(argv);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`relay: ${(err as Error).message}`);
  if (usage) console.error(USAGE);
  process.exit(usage ? 2 : 1);
});
