// The SettingsStore: a validated in-memory copy, written through to a
// conf-style engine (conf under Node, electron-store in the app). Every change
// is checked against the schema before anything is written, so a bad value
// from the UI is an error and the current settings stay as they were.
import { resolve } from 'node:path';
import type { Logger } from '../log';
import { backUpSettingsFile, inspectSettingsFile } from './file';
import {
  defaultSettings,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsKey,
  type SettingsPatch,
} from './schema';
import { describeIssues, issuesOf, mergeSettings, type SettingsIssue } from './validate';

/** What conf and electron-store both are, as far as this store is concerned. */
export interface SettingsBackend {
  readonly path: string;
  store: Record<string, unknown>;
}

export interface SettingsStore {
  /** The settings file; null when it could not be used and settings live in memory for this run. */
  readonly path: string | null;
  get(): Settings;
  get<K extends SettingsKey>(key: K): Settings[K];
  /** Replaces one top-level setting. Throws SettingsValidationError / SettingsWriteError; nothing changes then. */
  set<K extends SettingsKey>(key: K, value: Settings[K]): Settings;
  /** Applies a patch (groups merge, see SettingsPatchSchema). Same errors as set. */
  update(patch: SettingsPatch): Settings;
  /** One setting, or all of them, back to the default. */
  reset(key?: SettingsKey): Settings;
  onChange(listener: (next: Settings, previous: Settings) => void): () => void;
}

export class SettingsValidationError extends Error {
  override readonly name = 'SettingsValidationError';
  readonly issues: readonly SettingsIssue[];
  constructor(issues: readonly SettingsIssue[]) {
    super(`Setting not saved: ${describeIssues(issues)}`);
    this.issues = issues;
  }
}

export class SettingsWriteError extends Error {
  override readonly name = 'SettingsWriteError';
  constructor(path: string, cause: unknown) {
    super(`Settings could not be saved to ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

const KEYS = new Set<string>(Object.keys(SettingsSchema.shape).filter((k) => k !== 'schemaVersion'));

export function isSettingsKey(key: unknown): key is SettingsKey {
  return typeof key === 'string' && KEYS.has(key);
}

class BackedSettingsStore implements SettingsStore {
  #current: Settings;
  readonly #backend: SettingsBackend | null;
  readonly #log: Logger;
  readonly #listeners = new Set<(next: Settings, previous: Settings) => void>();

  constructor(initial: Settings, backend: SettingsBackend | null, log: Logger) {
    this.#current = initial;
    this.#backend = backend;
    this.#log = log;
  }

  get path(): string | null {
    return this.#backend?.path ?? null;
  }

  get(): Settings;
  get<K extends SettingsKey>(key: K): Settings[K];
  get(key?: SettingsKey): Settings | Settings[SettingsKey] {
    const copy = structuredClone(this.#current);
    return key === undefined ? copy : copy[key];
  }

  set<K extends SettingsKey>(key: K, value: Settings[K]): Settings {
    if (!isSettingsKey(key)) throw new SettingsValidationError([{ path: String(key), message: `unknown setting "${String(key)}"` }]);
    const parsed = SettingsSchema.shape[key].safeParse(value);
    if (!parsed.success) throw new SettingsValidationError(issuesOf(parsed.error.issues, key));
    return this.#commit({ ...this.#current, [key]: parsed.data });
  }

  update(patch: SettingsPatch): Settings {
    const p = SettingsPatchSchema.safeParse(patch);
    if (!p.success) throw new SettingsValidationError(issuesOf(p.error.issues));
    const full = SettingsSchema.safeParse(mergeSettings(this.#current, p.data));
    if (!full.success) throw new SettingsValidationError(issuesOf(full.error.issues));
    return this.#commit(full.data);
  }

  reset(key?: SettingsKey): Settings {
    const defaults = defaultSettings();
    if (key === undefined) return this.#commit(defaults);
    if (!isSettingsKey(key)) throw new SettingsValidationError([{ path: String(key), message: `unknown setting "${String(key)}"` }]);
    return this.#commit({ ...this.#current, [key]: defaults[key] });
  }

  onChange(listener: (next: Settings, previous: Settings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #commit(next: Settings): Settings {
    if (JSON.stringify(next) === JSON.stringify(this.#current)) return this.get();
    if (this.#backend) {
      try {
        this.#backend.store = structuredClone(next);
      } catch (err) {
        throw new SettingsWriteError(this.#backend.path, err);
      }
    }
    const previous = this.#current;
    this.#current = next;
    for (const listener of this.#listeners) {
      try {
        listener(structuredClone(next), structuredClone(previous));
      } catch (err) {
        this.#log.warn(`settings: a change listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return this.get();
  }
}

export interface OpenSettingsOptions {
  /** The file the backend will use; inspected (and repaired) before the backend opens it. */
  path: string;
  createBackend: () => SettingsBackend;
  log: Logger;
  now?: () => Date;
}

/**
 * Opens settings without ever throwing: a file that is not JSON or fails the
 * schema is moved aside (`<file>.corrupt-<time>`) and replaced by defaults, an
 * old version is migrated, unknown keys are dropped; each with one log line.
 * If the file cannot be used at all, settings live in memory for this run.
 */
export function openSettingsStore(opts: OpenSettingsOptions): SettingsStore {
  const now = opts.now ?? (() => new Date());
  const { path, log } = opts;
  const outcome = inspectSettingsFile(path);
  let initial = defaultSettings();
  let write = true;
  let usable = true;

  if (outcome.kind === 'valid') {
    initial = outcome.settings;
    write = outcome.rewrite;
    if (outcome.notes.length > 0) log.info(`settings: ${path}: ${outcome.notes.join('; ')}`);
  } else if (outcome.kind === 'invalid') {
    try {
      const backup = backUpSettingsFile(path, now());
      log.warn(`settings: ${path} was unusable (${outcome.problem}); moved it to ${backup} and started from defaults`);
    } catch (err) {
      usable = false;
      log.warn(`settings: ${path} was unusable (${outcome.problem}) and could not be moved aside (${String(err)}); using defaults in memory for this run`);
    }
  } else if (outcome.kind === 'unreadable') {
    usable = false;
    log.warn(`settings: ${path} cannot be read (${outcome.problem}); using defaults in memory for this run`);
  }

  let backend: SettingsBackend | null = null;
  if (usable) {
    try {
      backend = opts.createBackend();
      if (resolve(backend.path) !== resolve(path)) throw new Error(`backend uses ${backend.path}, expected ${path}`);
      if (write) backend.store = structuredClone(initial);
    } catch (err) {
      backend = null;
      log.warn(`settings: cannot use ${path} (${err instanceof Error ? err.message : String(err)}); changes will not be saved this run`);
    }
  }
  return new BackedSettingsStore(initial, backend, log);
}
