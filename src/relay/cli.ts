// `npm run relay -- [serve] [flags]` and `npm run relay -- token --user NAME`.
// With --json the first stdout line is one JSON "listening" event, so scripts
// and tests can read the URL and admin token reliably.
import { parseArgs } from 'node:util';
import { mintToken } from './auth';
import { DEMO_USER } from './demo';
import { assertSecretAllowed, DEFAULT_HOST, resolveSecret, startRelay, type RelayOptions } from './relay';
import { loadWorkspaceFile } from './workspace';

const USAGE = `Usage:
  npm run relay -- [serve] [--host H] [--port N] [--data DIR] [--secret S] [--admin-token T]
                   [--workspace FILE.json] [--history N] [--idle-timeout MS] [--server-ping MS]
                   [--demo] [--demo-interval MS] [--json]
  npm run relay -- token --user NAME [--secret S] [--expires SEC]

The secret defaults to $BEACON_RELAY_SECRET, else a development secret (loopback only).`;

class UsageError extends Error {}

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
    demo: values.demo === true,
    demoIntervalMs: int('demo-interval', values['demo-interval'], 10),
    // In --json mode stdout carries events only; human log lines go to stderr.
    log: json ? (line) => process.stderr.write(`${line}\n`) : (line) => console.log(line),
    // The relay has logged why and closed everything; a supervisor should see a failure.
    onFatal: () => process.exit(1),
  };
  if (opts.port !== undefined && opts.port > 65535) throw new UsageError('--port must be at most 65535');
  try {
    assertSecretAllowed(resolveSecret(opts.secret), opts.host ?? DEFAULT_HOST); // a usage error here, not a failed start
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  const relay = await startRelay(opts);
  const demo = opts.demo ? { userId: DEMO_USER, token: await relay.mintToken(DEMO_USER) } : undefined;
  if (json) {
    process.stdout.write(
      JSON.stringify({ event: 'listening', url: relay.url, httpUrl: relay.httpUrl, port: relay.port, adminToken: relay.adminToken, ...(demo ? { demo } : {}) }) + '\n',
    );
  } else {
    console.log(`Beacon relay on ${relay.url}  (HTTP API ${relay.httpUrl}/api, health ${relay.httpUrl}/healthz)`);
    console.log(`Admin token: ${relay.adminToken}`);
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
    options: { user: { type: 'string' }, secret: { type: 'string' }, expires: { type: 'string' } },
  });
  if (!values.user) throw new UsageError('token: --user NAME is required');
  const expiresInSec = int('expires', values.expires, 1);
  process.stdout.write(`${await mintToken(resolveSecret(values.secret), values.user, expiresInSec === undefined ? {} : { expiresInSec })}\n`);
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
