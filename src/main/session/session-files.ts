// Per-server files the session owns. Named by a hash of the server URL so a
// URL never becomes a file name (and two servers never share an outbox).
import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function serverKey(serverUrl: string): string {
  return createHash('sha256').update(serverUrl).digest('hex').slice(0, 20);
}

export function outboxPathFor(dataDir: string | null, serverUrl: string): string | null {
  return dataDir === null ? null : join(dataDir, `outbox-${serverKey(serverUrl)}.json`);
}

/** The server's workspace store (threads and messages); null keeps it in memory. */
export function workspaceDirFor(dataDir: string | null, serverUrl: string): string | null {
  return dataDir === null ? null : join(dataDir, `workspace-${serverKey(serverUrl)}`);
}

/** The channels the user follows on the server (servers whose threads are channels they name); null: memory. */
export function followedPathFor(dataDir: string | null, serverUrl: string): string | null {
  return dataDir === null ? null : join(dataDir, `followed-${serverKey(serverUrl)}.json`);
}

/**
 * Removes the server's outbox, its followed channels, its workspace store and what the engine may have left beside it
 * (temp files, corrupt copies). Returns the names removed.
 */
export function removeSessionFiles(dataDir: string | null, serverUrl: string): string[] {
  if (dataDir === null) return [];
  const prefix = `outbox-${serverKey(serverUrl)}.json`;
  const workspace = `workspace-${serverKey(serverUrl)}`;
  const followed = `followed-${serverKey(serverUrl)}.json`;
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (name !== prefix && !name.startsWith(`${prefix}.`) && name !== workspace && name !== followed) continue;
    rmSync(join(dataDir, name), { force: true, recursive: true });
    removed.push(name);
  }
  return removed;
}
