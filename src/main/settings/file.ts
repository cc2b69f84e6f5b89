// Reading the settings file before the store engine (conf / electron-store)
// opens it: conf throws on a file that is not JSON, so a bad file is moved
// aside first, and the engine always starts from something valid.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { parseStoredSettings } from './validate';
import type { Settings } from './schema';

export type FileOutcome =
  | { kind: 'missing' }
  | { kind: 'valid'; settings: Settings; rewrite: boolean; notes: string[] }
  | { kind: 'invalid'; problem: string }
  | { kind: 'unreadable'; problem: string };

/** Pure: what a file's text amounts to. */
export function inspectSettingsText(text: string): Exclude<FileOutcome, { kind: 'missing' | 'unreadable' }> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { kind: 'invalid', problem: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const parsed = parseStoredSettings(raw);
  if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem };
  return { kind: 'valid', settings: parsed.settings, rewrite: parsed.changed, notes: parsed.notes };
}

export function inspectSettingsFile(path: string): FileOutcome {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', problem: err instanceof Error ? err.message : String(err) };
  }
  return inspectSettingsText(text);
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Moves a bad file aside (same directory) and returns the backup's path. */
export function backUpSettingsFile(path: string, now: Date): string {
  let target = `${path}.corrupt-${stamp(now)}`;
  for (let n = 2; existsSync(target); n++) target = `${path}.corrupt-${stamp(now)}-${n}`;
  renameSync(path, target);
  return target;
}
