// startRelay: resolves options, rebuilds state from the data directory,
// seeds the workspace, and serves WebSocket + HTTP on one port.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PresenceStatus } from '../shared/types';
import { mintToken } from './auth';
import { RelayCore, type NotificationInput } from './core';
import { DEMO_WORKSPACE, seedDemo, startDemoBot } from './demo';
import type { FrameCounts } from './frame-stats';
import { createHttpHandler } from './http-api';
import { resumeReplays } from './handlers';
import { Hub, MAX_BUFFERED_BYTES, MAX_TOTAL_BUFFERED_BYTES, MAX_USER_BUFFERED_BYTES } from './hub';
import { FileJournal, loadLog, lockDataDir, memoryJournal, rewriteLog, type FileJournalOptions, type Journal } from './journal';
import { applyLog } from './log-recovery';
import { PresenceBook } from './presence';
import { resolveSecret } from './secret';
import { DEFAULT_SOCKET_GUARD, SocketGuard } from './socket-guard';
import { SocketServer } from './server';
import { RelayStore } from './store';
import { mergeSeeds, type ThreadSeed, type WorkspaceSeed } from './workspace';

export interface RelayOptions {
  host?: string;
  port?: number;
  secret?: string;
  adminToken?: string;
  dataDir?: string;
  historyLimit?: number;
  idleTimeoutMs?: number;
  serverPingMs?: number;
  invalidFrameLimit?: number;
  invalidFrameWindowMs?: number;
  workspace?: WorkspaceSeed;
  demo?: boolean;
  /** How often the demo bot acts (default 4000 ms). */
  demoIntervalMs?: number;
  /** Background fdatasync period for the log (default 1000 ms). */
  fsyncIntervalMs?: number;
  /**
   * Browser origins allowed to open a socket (exact `scheme://host[:port]`).
   * An upgrade that carries another `Origin` is refused (403); one without
   * (every non-browser client) is not checked. Default: none.
   */
  allowedOrigins?: string[];
  /** Request headers must be complete this soon, or 408 (default 10 000). */
  headersTimeoutMs?: number;
  /** The whole request, body included, or 408 (default 30 000). */
  requestTimeoutMs?: number;
  /** Sockets without an authenticated WebSocket held at once; beyond it the oldest is dropped (default 256). */
  maxUnauthenticatedSockets?: number;
  /** A client with more than this many bytes waiting to be sent is closed with 1013 (default 256 MiB). */
  maxBufferedBytes?: number;
  /** The same for all of one user's connections together (default 256 MiB). */
  maxUserBufferedBytes?: number;
  /** The same for every connection together (default 1 GiB). */
  maxTotalBufferedBytes?: number;
  log?: (line: string) => void;
  /**
   * Called once the relay has stopped itself after an error it cannot recover
   * from (a failed log write), right before close() resolves. The CLI exits 1.
   */
  onFatal?: (error: Error) => void;
}

export interface Relay {
  readonly url: string;
  readonly httpUrl: string;
  readonly port: number;
  readonly adminToken: string;
  mintToken(userId: string, opts?: { expiresInSec?: number }): Promise<string>;
  postMessage(threadId: string, sender: string, body: string): Promise<{ id: string; seq: number }>;
  notify(n: NotificationInput): void;
  announce(message: string, to?: string): void;
  setPresence(userId: string, status: PresenceStatus): void;
  addThread(t: ThreadSeed): void;
  connectionCount(userId?: string): number;
  /** What clients have sent since start, by type and outcome. */
  frameStats(): FrameCounts;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';

const SECRET_SOURCES = { option: 'given', env: 'from $BEACON_RELAY_SECRET', data: 'kept in the data directory', random: 'random for this run' } as const;

function positiveInt(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer`);
  return v;
}

/** The state of a data directory, compacted when the log has grown well past what it holds. */
function openDataDir(dataDir: string, store: RelayStore, log: (line: string) => void, journalOpts: FileJournalOptions): { journal: Journal; unlock: () => void; skipped: number } {
  fs.mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    const loaded = loadLog(dataDir);
    applyLog(store, loaded, log);
    if (loaded.tornTail) log('log: dropped a torn last line (the relay stopped mid-write; it was never acknowledged)');
    // Compaction needs more than 10 000 records; below that, not even the live state is counted.
    // A log with damaged lines is left as it is: they are the evidence.
    if (loaded.records > 10_000 && loaded.damaged.length === 0) {
      let live = 0;
      for (const _ of store.snapshot()) live++;
      if (loaded.records > 2 * live + 10_000) {
        rewriteLog(dataDir, store.snapshot());
        log(`log: compacted ${loaded.records} records to ${live}`);
      }
    }
    return { journal: new FileJournal(dataDir, journalOpts), unlock, skipped: loaded.damaged.length };
  } catch (err) {
    unlock();
    throw err;
  }
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startRelay(opts: RelayOptions = {}): Promise<Relay> {
  const host = opts.host ?? DEFAULT_HOST;
  const port = opts.port ?? 8787;
  const { secret, source: secretSource } = resolveSecret({ secret: opts.secret, dataDir: opts.dataDir });
  const adminToken = opts.adminToken ?? randomBytes(24).toString('base64url');
  const log = opts.log ?? (() => {});
  const historyLimit = positiveInt('historyLimit', opts.historyLimit, 1000);
  const fsyncIntervalMs = positiveInt('fsyncIntervalMs', opts.fsyncIntervalMs, 1000);
  const backlogLimits = {
    perConn: positiveInt('maxBufferedBytes', opts.maxBufferedBytes, MAX_BUFFERED_BYTES),
    perUser: positiveInt('maxUserBufferedBytes', opts.maxUserBufferedBytes, MAX_USER_BUFFERED_BYTES),
    total: positiveInt('maxTotalBufferedBytes', opts.maxTotalBufferedBytes, MAX_TOTAL_BUFFERED_BYTES),
  };
  const demoIntervalMs = positiveInt('demoIntervalMs', opts.demoIntervalMs, 4000);
  const socketOpts = {
    secret,
    allowedOrigins: new Set((opts.allowedOrigins ?? []).map(normalizeOrigin)),
    idleTimeoutMs: positiveInt('idleTimeoutMs', opts.idleTimeoutMs, 60_000),
    serverPingMs: positiveInt('serverPingMs', opts.serverPingMs, 0, true),
    invalidFrameLimit: positiveInt('invalidFrameLimit', opts.invalidFrameLimit, 10),
    invalidFrameWindowMs: positiveInt('invalidFrameWindowMs', opts.invalidFrameWindowMs, 60_000),
  };

  // Options are all checked before the data directory is locked: a bad one must not leave a lock behind.
  const guard = new SocketGuard({
    headersTimeoutMs: positiveInt('headersTimeoutMs', opts.headersTimeoutMs, DEFAULT_SOCKET_GUARD.headersTimeoutMs),
    requestTimeoutMs: positiveInt('requestTimeoutMs', opts.requestTimeoutMs, DEFAULT_SOCKET_GUARD.requestTimeoutMs),
    maxUnauthenticated: positiveInt('maxUnauthenticatedSockets', opts.maxUnauthenticatedSockets, DEFAULT_SOCKET_GUARD.maxUnauthenticated),
  });

  const hub = new Hub(backlogLimits, log);
  // A failed log write leaves state in memory that the log lacks. Rather than
  // unpick it, the relay stops: every client is closed (1011) at once, before
  // that write's waiters run, so nothing of it reaches anyone.
  let failure: Error | null = null;
  let stopAfterFailure = (): void => {}; // until the relay serves, startRelay itself fails
  const onWriteFailed = (message: string): void => {
    if (failure) return;
    failure = new Error(`${message}; the relay stopped (restart it to continue from the log)`);
    log(`FATAL: ${failure.message}`);
    void hub.closeAll(1011, 'relay storage failed');
    stopAfterFailure();
  };

  let journal: Journal = memoryJournal;
  // Loading the log goes through store.apply, which never reports to the sink.
  const store = new RelayStore(historyLimit, (r) => journal.append(r));
  let unlock = (): void => {};
  let skippedLogLines = 0;
  if (opts.dataDir) ({ journal, unlock, skipped: skippedLogLines } = openDataDir(opts.dataDir, store, log, { fsyncIntervalMs, onError: log, onWriteFailed }));
  const core = new RelayCore(store, journal, hub, new PresenceBook(), log);
  core.skippedLogLines = skippedLogLines;
  hub.onCaughtUp = (conn) => resumeReplays(core, conn);
  const seed = mergeSeeds(opts.demo ? DEMO_WORKSPACE : undefined, opts.workspace);
  let historyId: string;
  try {
    historyId = opts.dataDir ? durableHistoryId(opts.dataDir) : randomBytes(12).toString('base64url');
  } catch (err) {
    // A start that fails here must not leave the lock (or the log open) behind.
    await journal.close();
    unlock();
    throw err;
  }
  const sockets = new SocketServer(core, { ...socketOpts, historyId });
  sockets.onAuthenticated = (socket) => guard.authenticated(socket);
  const server = http.createServer(guard.serverOptions(), createHttpHandler(core, adminToken, { users: seed.users }));
  guard.attach(server);
  server.on('upgrade', (req, socket, head) => {
    sockets.handleUpgrade(req, socket, head).catch((err: Error) => {
      log(`upgrade failed: ${err.message}`);
      socket.destroy();
    });
  });
  let stopBot = (): void => {};
  const shutdown = async (reason: string): Promise<void> => {
    stopBot();
    core.fanout.close();
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await sockets.closeAll(1012, reason);
    server.closeAllConnections();
    await stopped;
    await journal.close();
    unlock();
  };

  try {
    for (const t of seed.threads) core.addThread(t);
    if (opts.demo) {
      await seedDemo(core);
      stopBot = startDemoBot(core, demoIntervalMs);
    }
    await listen(server, port, host);
    if (failure) throw failure;
  } catch (err) {
    await shutdown('relay failed to start');
    throw failure ?? err;
  }

  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = connectableHost(host);
  let closing: Promise<void> | null = null;

  const relay: Relay = {
    url: `ws://${urlHost}:${actualPort}`,
    httpUrl: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    adminToken,
    mintToken: (userId, o) => mintToken(secret, userId, o),
    postMessage: async (threadId, sender, body) => {
      const [result] = await core.postMessages(threadId, sender, [body]);
      if (!result) throw new Error('message was not stored');
      return result;
    },
    notify: (n) => void core.notify(n),
    announce: (message, to) => void core.announce(message, to),
    setPresence: (userId, status) => core.setVirtualPresence(userId, status),
    addThread: (t) => void core.addThread(t),
    connectionCount: (userId) => (userId === undefined ? core.hub.conns.size : core.hub.connectionsOf(userId).size),
    frameStats: () => sockets.stats.snapshot(),
    close: () => {
      closing ??= (async () => {
        await shutdown('relay restarting');
        log('relay stopped');
        if (failure) opts.onFatal?.(failure);
      })();
      return closing;
    },
  };
  stopAfterFailure = () => void relay.close();
  log(`relay listening on ${relay.url} (history ${historyLimit}/thread, ${opts.dataDir ? `data in ${opts.dataDir}` : 'memory only'}, secret ${SECRET_SOURCES[secretSource]})`);
  return relay;
}

/**
 * The seq numbering lives as long as the data directory: its historyId is kept there (drawn once,
 * written atomically). A memory-only relay draws a new one at every start.
 */
function durableHistoryId(dataDir: string): string {
  const file = `${dataDir}/history-id`;
  try {
    const kept = fs.readFileSync(file, 'utf8').trim();
    if (/^[\w-]{8,64}$/.test(kept)) return kept;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = randomBytes(12).toString('base64url');
  fs.writeFileSync(`${file}.tmp`, id);
  fs.renameSync(`${file}.tmp`, file);
  return id;
}

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/** A wildcard bind is reachable on loopback; IPv6 literals need brackets in URLs. */
function connectableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
