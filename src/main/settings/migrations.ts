// Versioned migrations. Each step takes the previous version's object and
// returns the next version's shape; it does not validate (the schema does that
// once, after the last step), so a step only moves and renames.
import { SETTINGS_SCHEMA_VERSION } from './schema';

export interface Migration {
  from: number;
  to: number;
  /** For the log line. */
  describe: string;
  up(old: Record<string, unknown>): Record<string, unknown>;
}

/**
 * v1 (Beacon 0.0.x) kept notification switches flat and the transport as a string:
 * { schemaVersion?: 1, serverUrl, tokenTransport: 'header'|'query'|'subprotocol', tokenQueryParam,
 *   allowInsecureHosts, notificationsEnabled, notificationSound, showMessageText, mutedThreads,
 *   autoAwayMinutes, launchAtLogin, windowBounds, lastOpenThread }
 */
const v1ToV2: Migration = {
  from: 1,
  to: 2,
  describe: 'notification and presence settings grouped; token transport became an object',
  up(old) {
    const {
      schemaVersion: _v,
      notificationsEnabled,
      notificationSound,
      showMessageText,
      mutedThreads,
      autoAwayMinutes,
      tokenTransport,
      tokenQueryParam,
      ...rest
    } = old;
    const out: Record<string, unknown> = { ...rest, schemaVersion: 2 };
    const notifications = dropUndefined({ enabled: notificationsEnabled, sound: notificationSound, showMessageText, mutedThreads });
    if (Object.keys(notifications).length > 0) out['notifications'] = notifications;
    if (autoAwayMinutes !== undefined) out['presence'] = { autoAwayMinutes };
    if (tokenTransport === 'query') {
      out['tokenTransport'] = { kind: 'query', param: tokenQueryParam ?? 'token' };
    } else if (tokenTransport === 'header' || tokenTransport === 'subprotocol') {
      out['tokenTransport'] = { kind: tokenTransport };
    } else if (tokenTransport !== undefined) {
      out['tokenTransport'] = tokenTransport; // not a v1 value: left for the schema to judge
    }
    return out;
  },
};

/** v3 remembers the last server across sign-out; a v2 file's current server is that. */
const v2ToV3: Migration = {
  from: 2,
  to: 3,
  describe: 'the last server is remembered after sign-out',
  up(old) {
    return { ...old, schemaVersion: 3, lastServerUrl: old['serverUrl'] ?? null };
  },
};

/** v4 remembers the chosen presence across restarts; until now every start began "online". */
const v3ToV4: Migration = {
  from: 3,
  to: 4,
  describe: 'the chosen presence is remembered across restarts',
  up(old) {
    const presence = old['presence'] ?? {};
    // Not an object: left as it is for the schema to judge.
    return { ...old, schemaVersion: 4, presence: isPlainObject(presence) ? { ...presence, chosen: 'online' } : presence };
  },
};

/** v5 names the server's profile (its protocol family); every server before it spoke Beacon's own. */
const v4ToV5: Migration = {
  from: 4,
  to: 5,
  describe: 'the server profile is remembered (existing servers are Beacon relays)',
  up(old) {
    return { ...old, schemaVersion: 5, serverProfile: 'beacon-v1' };
  },
};

/** v6 keeps the user's notification rules per server type; until now every server used its profile's defaults. */
const v5ToV6: Migration = {
  from: 5,
  to: 6,
  describe: 'notification rules per server type (none edited yet: the defaults apply)',
  up(old) {
    return { ...old, schemaVersion: 6, notificationRules: {} };
  },
};

export const MIGRATIONS: readonly Migration[] = [v1ToV2, v2ToV3, v3ToV4, v4ToV5, v5ToV6];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export type MigrationResult =
  | { ok: true; value: Record<string, unknown>; from: number; applied: readonly Migration[] }
  | { ok: false; problem: string };

/** The version a stored object claims; an object without one predates versioning (v1) unless empty. */
function versionOf(raw: Record<string, unknown>): number | string {
  const v = raw['schemaVersion'];
  if (v === undefined) return Object.keys(raw).length === 0 ? SETTINGS_SCHEMA_VERSION : 1;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return v;
  return `schemaVersion must be a whole number from 1, got ${JSON.stringify(v)}`;
}

export function migrateToCurrent(
  raw: Record<string, unknown>,
  migrations: readonly Migration[] = MIGRATIONS,
  current: number = SETTINGS_SCHEMA_VERSION,
): MigrationResult {
  const from = versionOf(raw);
  if (typeof from === 'string') return { ok: false, problem: from };
  if (from > current) {
    return { ok: false, problem: `written by a newer Beacon (settings version ${from}; this version understands up to ${current})` };
  }
  let value = raw;
  const applied: Migration[] = [];
  for (let v = from; v < current; ) {
    const step = migrations.find((m) => m.from === v);
    if (!step) return { ok: false, problem: `no migration from settings version ${v}` };
    value = step.up(value);
    applied.push(step);
    v = step.to;
  }
  if (from === current && value['schemaVersion'] === undefined) value = { ...value, schemaVersion: current };
  return { ok: true, value, from, applied };
}
