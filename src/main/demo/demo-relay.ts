// "Try the demo workspace": the reference relay in demo mode, inside this
// process, on a free loopback port, with its history and secret under the
// app's data folder so the demo survives a restart. Beacon signs in to it
// with a token it mints itself: a newcomer sees a live workspace in one click.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { startRelay, type Relay } from '../../relay';
import type { Logger } from '../log';

/** The demo relay's user: the one Beacon signs in as. */
export const DEMO_USER_ID = 'you';

const StateSchema = z.strictObject({
  /** Port of the last run: reused so a stored sign-in still points at the demo. */
  port: z.number().int().min(1).max(65_535),
  secret: z.string().min(32).max(200),
});
type DemoState = z.infer<typeof StateSchema>;

export interface DemoRelayOptions {
  /** The demo's folder (relay journal + state file); wiped by discard(). */
  readonly dir: string;
  readonly log: Logger;
  /** How often the demo bot acts (default 4 000 ms). */
  readonly botIntervalMs?: number;
}

export class DemoRelay {
  readonly #o: DemoRelayOptions;
  #relay: Relay | null = null;
  #starting: Promise<Relay> | null = null;

  constructor(options: DemoRelayOptions) {
    this.#o = options;
  }

  /** The ws:// URL of the last demo run (null when there was none): a saved sign-in to it means "the demo". */
  lastUrl(): string | null {
    const state = this.#readState();
    return state ? urlFor(state.port) : null;
  }

  /** Starts the relay (once), on the last run's port when it is free. */
  start(): Promise<Relay> {
    if (this.#relay) return Promise.resolve(this.#relay);
    this.#starting ??= this.#start().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async mintToken(): Promise<string> {
    const relay = await this.start();
    // A year: the demo token lives in the keychain like any other, and the demo is local.
    return relay.mintToken(DEMO_USER_ID, { expiresInSec: 365 * 24 * 3600 });
  }

  running(): Relay | null {
    return this.#relay;
  }

  async stop(): Promise<void> {
    const relay = this.#relay ?? (this.#starting ? await this.#starting.catch(() => null) : null);
    this.#relay = null;
    await relay?.close();
  }

  /** Sign-out of the demo: stop it and forget its history and secret. */
  async discard(): Promise<void> {
    await this.stop();
    rmSync(this.#o.dir, { recursive: true, force: true });
  }

  async #start(): Promise<Relay> {
    mkdirSync(this.#o.dir, { recursive: true, mode: 0o700 });
    const previous = this.#readState();
    const secret = previous?.secret ?? randomBytes(32).toString('base64url');
    const options = {
      host: '127.0.0.1',
      secret,
      dataDir: join(this.#o.dir, 'relay'),
      demo: true,
      demoIntervalMs: this.#o.botIntervalMs ?? 4_000,
      log: (line: string) => this.#o.log.info(`demo relay: ${line}`),
    };
    let relay: Relay;
    try {
      relay = await startRelay({ ...options, port: previous?.port ?? 0 });
    } catch (error) {
      if (!previous) throw error;
      // The old port is taken: a new one (the stored sign-in then needs the demo button again).
      this.#o.log.warn(`demo relay: port ${previous.port} is busy (${error instanceof Error ? error.message : String(error)}); using another`);
      relay = await startRelay({ ...options, port: 0 });
    }
    this.#writeState({ port: relay.port, secret });
    this.#relay = relay;
    this.#o.log.info(`demo relay: serving the demo workspace on ${relay.url}`);
    return relay;
  }

  #readState(): DemoState | null {
    let text: string;
    try {
      text = readFileSync(join(this.#o.dir, 'demo.json'), 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = StateSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: a damaged file means a fresh demo
    }
    this.#o.log.warn('demo relay: its state file was damaged; starting a fresh demo');
    return null;
  }

  #writeState(state: DemoState): void {
    writeFileSync(join(this.#o.dir, 'demo.json'), JSON.stringify(state), { mode: 0o600 });
  }
}

function urlFor(port: number): string {
  return `ws://127.0.0.1:${port}/`;
}
