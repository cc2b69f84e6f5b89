// The sign-in life cycle: check a server and token, remember them only when
// the server accepted them, run the connection engine, and forget everything
// on sign-out. Operations run one at a time. The token goes to the vault and
// the engine, nowhere else: no getter hands it out, status never carries it,
// and messages are scrubbed of it.
import { SignInInput } from '../../shared/ipc/schemas';
import type { ConnectionState, SessionStatus, TokenTransport } from '../../shared/types';
import { describeTransport, getProfile, PROFILE_LABELS, transportAllowed, type ProfileId } from '../../shared/protocol/profiles';
import { redact } from '../../shared/redact';
import { outboxPathFor, removeSessionFiles } from './session-files';
import type { CheckedServerUrl } from '../connection';
import type { EngineLike, SessionManagerOptions, SignInFailureReason, SignInResult } from './types';

interface Active<E> {
  serverUrl: string;
  transport: TokenTransport;
  profile: ProfileId;
  userId: string | null;
  engine: E;
  off: () => void;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid address)';
  }
}

const fail = (reason: SignInFailureReason, message: string): SignInResult => ({ ok: false, reason, message });

export class SessionManager<E extends EngineLike = EngineLike> {
  readonly #o: SessionManagerOptions<E>;
  #active: Active<E> | null = null;
  #started = false;
  #queue: Promise<unknown> = Promise.resolve();
  /** A sign-out that could not remove the token from the keychain, until the next sign-in. */
  #signOutProblem: string | null = null;
  readonly #statusListeners = new Set<(s: SessionStatus) => void>();
  readonly #engineListeners = new Set<(e: E | null) => void>();

  constructor(opts: SessionManagerOptions<E>) {
    this.#o = opts;
    opts.tokens.onStatus(() => this.#emit());
  }

  status(): SessionStatus {
    const k = this.#o.tokens.status();
    return {
      signedIn: this.#active !== null,
      serverUrl: this.#active?.serverUrl ?? null,
      lastServerUrl: this.#active?.serverUrl ?? this.#o.settings.get().lastServerUrl,
      userId: this.#active?.userId ?? null,
      keychain: k.keychain,
      keychainProblem: this.#signOutProblem ?? k.problem,
    };
  }

  onStatus(listener: (s: SessionStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** The server type of the running session; null when signed out. */
  profile(): ProfileId | null {
    return this.#active?.profile ?? null;
  }

  /** The running engine (for main's wiring: events, reconnect, send); null when signed out. */
  engine(): E | null {
    return this.#active?.engine ?? null;
  }

  /** Called with the new engine (or null) whenever sign-in, sign-out or start replaces it. */
  onEngine(listener: (engine: E | null) => void): () => void {
    this.#engineListeners.add(listener);
    return () => this.#engineListeners.delete(listener);
  }

  #serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op, op);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #emit(): void {
    const s = this.status();
    for (const l of this.#statusListeners) {
      try {
        l({ ...s });
      } catch (err) {
        this.#o.log.warn(`session: a status listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  #emitEngine(): void {
    const e = this.engine();
    for (const l of this.#engineListeners) l(e);
  }

  /**
   * At app start: a stored server and token connect at once; otherwise first
   * run (signed out). The keychain is checked once: reading the token does it
   * (a read that finds nothing confirms the keychain works); with nothing to
   * read, an explicit check lets the sign-in screen already say "memory only".
   */
  start(): Promise<SessionStatus> {
    return this.#serial(async () => {
      if (this.#started) return this.status();
      this.#started = true;
      const { serverUrl, tokenTransport, serverProfile, allowInsecureHosts } = this.#o.settings.get();
      if (serverUrl === null) {
        await this.#o.tokens.check();
        this.#emit();
        return this.status();
      }
      const check = this.#o.validateUrl(serverUrl, allowInsecureHosts);
      if (!check.ok) {
        this.#o.log.warn(`session: not connecting to the saved server: ${check.message}`);
        await this.#o.tokens.check();
        this.#emit();
        return this.status();
      }
      const token = await this.#o.tokens.read(serverUrl);
      if (token === null) {
        this.#o.log.info(`session: no stored token for ${hostOf(serverUrl)}; sign-in needed`);
        this.#emit();
        return this.status();
      }
      try {
        this.#activate(check.url, token, tokenTransport, serverProfile, allowInsecureHosts, null);
      } catch (err) {
        this.#o.log.warn(`session: could not start the connection: ${redact(String(err), [token])}`);
      }
      this.#emit();
      return this.status();
    });
  }

  /**
   * Typed as the IPC contract's SignInInput and parsed with it again here, so
   * a direct caller (not through IPC) meets the same rules: trimmed, required,
   * a token of printable ASCII without spaces.
   */
  signIn(request: SignInInput): Promise<SignInResult> {
    return this.#serial(async () => {
      const parsed = SignInInput.safeParse(request);
      if (!parsed.success) {
        // The schema's messages name the field, never its value.
        const why = parsed.error.issues.map((i) => i.message).join('; ');
        return fail('invalid_input', `Enter a server address, a token and how the token is sent (${why}).`);
      }
      const { serverUrl, token } = parsed.data;
      const choice = parsed.data.profile ?? 'beacon-v1';
      let transport = parsed.data.transport;
      if (choice !== 'detect') {
        const profile = getProfile(choice);
        if (!profile) return fail('invalid_input', `Beacon cannot talk to ${PROFILE_LABELS[choice]} servers yet.`);
        if (!transportAllowed(profile, transport)) {
          return fail('invalid_input', `${profile.label} servers take the token in ${describeTransport(profile.token.default)}, not in ${describeTransport(transport)}.`);
        }
      }
      const settings = this.#o.settings.get();
      const check = this.#o.validateUrl(serverUrl, settings.allowInsecureHosts);
      if (!check.ok) return fail(check.reason, redact(check.message, [token]));
      const url = check.url.href;
      if (addressCarries(url, token)) {
        return fail('invalid_input', 'The server address contains the token: put the token only in the token field.');
      }

      // The address is checked once, here: the probe and the engine take it as checked.
      const probe = await this.#o.probe({
        url: check.url,
        token,
        transport,
        profile: choice,
        allowInsecure: settings.allowInsecureHosts,
        timeoutMs: this.#o.probeTimeoutMs ?? 10_000,
      });
      if (!probe.ok) {
        this.#o.log.info(`session: sign-in to ${check.url.host} failed (${probe.reason})`);
        return fail(probe.reason, redact(probe.message, [token]));
      }
      // Detection names the server, and may have found the token must travel its way.
      const profile: ProfileId = probe.profile ?? (choice === 'detect' ? 'beacon-v1' : choice);
      if (probe.transport) transport = probe.transport;
      if (choice === 'detect') this.#o.log.info(`session: ${check.url.host} detected as ${PROFILE_LABELS[profile]}`);

      try {
        this.#o.settings.update({ serverUrl: url, lastServerUrl: url, tokenTransport: transport, serverProfile: profile });
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return fail('storage_failed', `The server accepted the token, but Beacon could not save its settings, so it did not sign in: ${why}`);
      }
      const previous = this.#active;
      if (previous && previous.serverUrl !== url) await this.#teardown(previous, true);
      await this.#o.tokens.write(url, token);
      this.#signOutProblem = null;

      if (previous && previous.serverUrl === url && sameTransport(previous.transport, transport) && previous.profile === profile) {
        previous.engine.setToken(token);
        previous.userId = probe.userId;
      } else {
        if (previous && previous.serverUrl === url) await this.#teardown(previous, false);
        try {
          this.#activate(check.url, token, transport, profile, settings.allowInsecureHosts, probe.userId);
        } catch (err) {
          await this.#o.tokens.delete(url);
          try {
            this.#o.settings.update({ serverUrl: null });
          } catch {
            // Already reported by the failure below; start() would only find no token.
          }
          return fail('invalid_input', `Could not start the connection: ${redact(err instanceof Error ? err.message : String(err), [token])}`);
        }
      }
      this.#o.log.info(`session: signed in to ${check.url.host} as ${probe.userId} (token kept in the ${this.#o.tokens.status().keychain === 'os' ? 'system keychain' : 'memory only'})`);
      this.#emit();
      return { ok: true, status: this.status(), profile };
    });
  }

  /** Stops the connection, deletes the token, clears the server's cached session data. */
  signOut(): Promise<SessionStatus> {
    return this.#serial(async () => {
      const active = this.#active;
      const serverUrl = active?.serverUrl ?? this.#o.settings.get().serverUrl;
      if (active) await this.#teardown(active, true);
      else if (serverUrl) await this.#forget(serverUrl);
      try {
        this.#o.settings.update({ serverUrl: null, lastOpenThread: null });
      } catch (err) {
        this.#o.log.warn(`session: could not clear the saved server: ${err instanceof Error ? err.message : String(err)}`);
      }
      try {
        await this.#o.clearSessionData?.();
      } catch (err) {
        this.#o.log.warn(`session: could not clear cached session data: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (serverUrl) this.#o.log.info(`session: signed out of ${hostOf(serverUrl)}`);
      this.#emit();
      return this.status();
    });
  }

  /** App quit: stops the connection; the token and settings stay for next time. */
  close(): Promise<void> {
    return this.#serial(async () => {
      const active = this.#active;
      if (!active) return;
      this.#active = null;
      active.off();
      await active.engine.stop();
      this.#emitEngine();
    });
  }

  #activate(checked: CheckedServerUrl, token: string, transport: TokenTransport, profile: ProfileId, allowInsecure: boolean, userId: string | null): void {
    const url = checked.href;
    const engine = this.#o.createEngine({ url: checked, token, transport, profile, allowInsecure, outboxPath: outboxPathFor(this.#o.dataDir, url) });
    const active: Active<E> = { serverUrl: url, transport, profile, userId, engine, off: () => undefined };
    active.off = engine.on('state', (state: ConnectionState) => {
      if (state.state === 'connected' && this.#active === active && active.userId !== state.userId) {
        active.userId = state.userId;
        this.#emit();
      }
    });
    this.#active = active;
    engine.start();
    this.#emitEngine();
  }

  /** Stops an engine; with `forget`, also deletes its token and session files. */
  async #teardown(active: Active<E>, forget: boolean): Promise<void> {
    if (this.#active === active) this.#active = null;
    active.off();
    try {
      await active.engine.stop();
    } catch (err) {
      this.#o.log.warn(`session: the connection did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.#emitEngine();
    if (forget) await this.#forget(active.serverUrl);
  }

  async #forget(serverUrl: string): Promise<void> {
    const outcome = await this.#o.tokens.delete(serverUrl);
    this.#signOutProblem = outcome.problem;
    if (outcome.problem) this.#o.log.warn(`session: ${outcome.problem}`);
    try {
      removeSessionFiles(this.#o.dataDir, serverUrl);
    } catch (err) {
      this.#o.log.warn(`session: could not remove session files: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** A pasted address carrying the token would put it in settings, logs and the keychain's account name. */
function addressCarries(url: string, token: string): boolean {
  if (token.length < 8) return false; // too short to tell apart from ordinary address text
  if (url.includes(token)) return true;
  try {
    return decodeURIComponent(url).includes(token);
  } catch {
    return false;
  }
}

function sameTransport(a: TokenTransport, b: TokenTransport): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
