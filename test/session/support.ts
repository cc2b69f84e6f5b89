// Small collaborators for SessionManager unit tests: a recording engine, a
// scripted probe, and a TokenStore over a scriptable in-memory keychain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionState } from '../../src/shared/types';
import { validateServerUrl } from '../../src/main/connection';
import { openConfSettings, type SettingsStore } from '../../src/main/settings';
import { SessionManager, type EngineInit, type EngineLike, type ProbeFn } from '../../src/main/session';
import { TokenStore } from '../../src/main/vault';
import { ScriptedKeychain } from '../vault/support/scripted-keychain';

export class RecordingEngine implements EngineLike {
  state: ConnectionState = { state: 'stopped', since: 0 };
  readonly calls: string[] = [];
  readonly tokens: string[];
  readonly #listeners = new Set<(s: ConnectionState) => void>();
  constructor(readonly init: EngineInit) {
    this.tokens = [init.token];
  }
  start(): void {
    this.calls.push('start');
    this.emit({ state: 'connecting', attempt: 1, since: 1 });
  }
  async stop(): Promise<void> {
    this.calls.push('stop');
    this.emit({ state: 'stopped', since: 2 });
  }
  setToken(token: string): void {
    this.calls.push('setToken');
    this.tokens.push(token);
  }
  on(_event: 'state', listener: (s: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  emit(s: ConnectionState): void {
    this.state = s;
    for (const l of this.#listeners) l(s);
  }
}

export type ProbeReply = Awaited<ReturnType<ProbeFn>>;

export interface HarnessOptions {
  probe?: (args: Parameters<ProbeFn>[0]) => ProbeReply;
  /** Settings from another harness's folder: a restart over the same settings file. */
  settingsDir?: string;
  /** 'off': the keychain switched off (BEACON_NO_KEYCHAIN=1), as the app builds it. */
  keychain?: 'scripted' | 'off';
}

export function harness(opts: HarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-session-'));
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`) };
  const keychain = new ScriptedKeychain();
  const tokens = opts.keychain === 'off' ? TokenStore.withKeychainOff(log, 'BEACON_NO_KEYCHAIN=1') : new TokenStore(keychain, log);
  const settings: SettingsStore = openConfSettings({ dir: opts.settingsDir ?? dir, log });
  const engines: RecordingEngine[] = [];
  const probes: Array<Parameters<ProbeFn>[0]> = [];
  const cleared: number[] = [];
  const reply = opts.probe ?? (() => ({ ok: true as const, userId: 'u1' }));
  const dataDir = join(dir, 'data');
  const make = () =>
    new SessionManager<RecordingEngine>({
      tokens,
      settings,
      log,
      dataDir,
      probe: async (args) => {
        probes.push(args);
        return reply(args);
      },
      validateUrl: validateServerUrl,
      createEngine: (init) => {
        const e = new RecordingEngine(init);
        engines.push(e);
        return e;
      },
      clearSessionData: () => {
        cleared.push(Date.now());
      },
    });
  return { dir, dataDir, lines, keychain, tokens, settings, engines, probes, cleared, make, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
