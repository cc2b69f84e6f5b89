// Turning untrusted objects (a file's contents, a patch from the UI) into
// Settings, with messages that name the setting and say what is allowed.
import type { z } from 'zod';
import { migrateToCurrent } from './migrations';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from './schema';

export interface SettingsIssue {
  /** Dotted path of the setting, e.g. notifications.quietHours.start */
  path: string;
  message: string;
}

export function issuesOf(issues: readonly z.core.$ZodIssue[], prefix = ''): SettingsIssue[] {
  return issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    if (i.code === 'unrecognized_keys') {
      const where = path ? ` in ${path}` : '';
      return { path, message: `unknown setting${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}${where}` };
    }
    return { path, message: i.message };
  });
}

export function describeIssues(issues: readonly SettingsIssue[], max = 3): string {
  const shown = issues.slice(0, max).map((i) => (i.path && !i.message.includes(i.path) ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return shown.join('; ') + more;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Groups that merge key by key; every other value is replaced whole (a token
// transport or window bounds only make sense as a complete value).
// notificationRules merges by server type, and null there removes that type's rules (its defaults apply).
const MERGEABLE = new Set(['', 'notifications', 'notifications.quietHours', 'presence', 'notificationRules']);
const NULL_REMOVES = new Set(['notificationRules']);

export function mergeSettings(base: unknown, over: unknown, path = ''): unknown {
  if (over === undefined) return structuredClone(base);
  if (MERGEABLE.has(path) && isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
      if (NULL_REMOVES.has(path) && over[key] === null) continue;
      const v = mergeSettings(base[key], over[key], path ? `${path}.${key}` : key);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  return structuredClone(over);
}

function deleteAt(root: Record<string, unknown>, path: readonly PropertyKey[], key: string): void {
  let node: unknown = root;
  for (const p of path) node = isPlainObject(node) ? node[String(p)] : undefined;
  if (isPlainObject(node)) delete node[key];
}

export type FileParse =
  | { ok: true; settings: Settings; notes: string[]; changed: boolean }
  | { ok: false; problem: string };

/**
 * A stored object → Settings: migrate to the current version, fill missing
 * settings from the defaults, drop unknown keys (noted), and reject anything
 * else that does not fit the schema.
 */
export function parseStoredSettings(raw: unknown): FileParse {
  if (!isPlainObject(raw)) return { ok: false, problem: `expected a JSON object, found ${Array.isArray(raw) ? 'an array' : typeof raw}` };
  const migrated = migrateToCurrent(raw);
  if (!migrated.ok) return { ok: false, problem: migrated.problem };
  const notes = migrated.applied.map((m) => `migrated settings from version ${m.from} to ${m.to} (${m.describe})`);
  const candidate = mergeSettings(DEFAULT_SETTINGS, migrated.value) as Record<string, unknown>;
  const dropped: string[] = [];
  for (let round = 0; round < 8; round++) {
    const parsed = SettingsSchema.safeParse(candidate);
    if (parsed.success) {
      if (dropped.length > 0) notes.push(`dropped unknown settings: ${dropped.join(', ')}`);
      const changed = JSON.stringify(parsed.data) !== JSON.stringify(raw);
      return { ok: true, settings: parsed.data, notes, changed };
    }
    const unknown = parsed.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unknown.length !== parsed.error.issues.length) {
      const real = parsed.error.issues.filter((i) => i.code !== 'unrecognized_keys');
      return { ok: false, problem: describeIssues(issuesOf(real)) };
    }
    for (const issue of unknown) {
      if (issue.code !== 'unrecognized_keys') continue;
      for (const key of issue.keys) {
        deleteAt(candidate, issue.path, key);
        dropped.push([...issue.path.map(String), key].join('.'));
      }
    }
  }
  return { ok: false, problem: 'could not make sense of the settings object' };
}
