// One steady ConnectionService over engines that come and go: the session
// creates an engine per sign-in and drops it on sign-out. Listeners stay
// subscribed across that; system inputs (offline, asleep) received while no
// engine ran are applied to the next one.
import type { ConnectionState } from '../../shared/types';
import type { ConnectionService } from './services';

/** The engine surface used here (ConnectionEngine fits as is). */
export interface EngineHandle {
  readonly state: ConnectionState;
  on(event: 'state', listener: (state: ConnectionState) => void): () => void;
  on(event: 'rtt', listener: (payload: { rttMs: number }) => void): () => void;
  reconnectNow(): void;
  networkChanged(online: boolean): void;
  systemSuspended(): void;
  systemResumed(): void;
}

export interface EngineSource<E extends EngineHandle> {
  engine(): E | null;
  onEngine(listener: (engine: E | null) => void): () => void;
}

export class ConnectionFacade<E extends EngineHandle> implements ConnectionService {
  readonly #listeners = new Set<(state: ConnectionState) => void>();
  readonly #now: () => number;
  #engine: E | null = null;
  #offEngine: () => void = () => {};
  #stopped: ConnectionState;
  #networkOffline = false;
  #suspended = false;
  #lastEmitted: ConnectionState | null = null;
  readonly #offSource: () => void;

  constructor(source: EngineSource<E>, now: () => number = Date.now) {
    this.#now = now;
    this.#stopped = { state: 'stopped', since: now() };
    this.#offSource = source.onEngine((engine) => this.#attach(engine));
    this.#attach(source.engine(), false);
  }

  state(): ConnectionState {
    return this.#engine?.state ?? this.#stopped;
  }

  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  reconnectNow(): void {
    this.#engine?.reconnectNow();
  }

  networkChanged(online: boolean): void {
    this.#networkOffline = !online;
    this.#engine?.networkChanged(online);
  }

  systemSuspended(): void {
    this.#suspended = true;
    this.#engine?.systemSuspended();
  }

  systemResumed(): void {
    this.#suspended = false;
    this.#engine?.systemResumed();
  }

  dispose(): void {
    this.#offSource();
    this.#offEngine();
    this.#listeners.clear();
  }

  #attach(engine: E | null, announce = true): void {
    if (engine === this.#engine) return;
    const previous = this.#engine?.state ?? null;
    this.#offEngine();
    this.#offEngine = () => {};
    this.#engine = engine;
    if (engine) {
      const offState = engine.on('state', (state) => this.#emit(state));
      // The engine tells a new RTT apart from a state change; the UI shows it on the connected state.
      const offRtt = engine.on('rtt', ({ rttMs }) => {
        const state = engine.state;
        if (state.state === 'connected') this.#emit(state.rttMs === rttMs ? state : { ...state, rttMs });
      });
      this.#offEngine = () => {
        offState();
        offRtt();
      };
      if (this.#networkOffline) engine.networkChanged(false);
      if (this.#suspended) engine.systemSuspended();
    } else {
      // A stopped engine already said so; keep its state rather than announce a second "stopped".
      this.#stopped = previous?.state === 'stopped' ? previous : { state: 'stopped', since: this.#now() };
    }
    if (announce && this.state() !== this.#lastEmitted) this.#emit(this.state());
  }

  #emit(state: ConnectionState): void {
    this.#lastEmitted = state;
    for (const listener of this.#listeners) listener(state);
  }
}
