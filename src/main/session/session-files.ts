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

/**
 * Removes the server's outbox, its workspace store and what the engine may have left beside it
 * (temp files, corrupt copies). Returns the names removed.
 */
export function removeSessionFiles(dataDir: string | null, serverUrl: string): string[] {
  if (dataDir === null) return [];
  const prefix = `outbox-${serverKey(serverUrl)}.json`;
  const workspace = `workspace-${serverKey(serverUrl)}`;
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (name !== prefix && !name.startsWith(`${prefix}.`) && name !== workspace) continue;
    rmSync(join(dataDir, name), { force: true, recursive: true });
    removed.push(name);
  }
  return removed;
}
