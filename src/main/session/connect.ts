// The session manager wired to the real connection engine and probe. Main's
// wiring calls this; unit tests build a SessionManager with fakes instead.
import { ConnectionEngine, probeServer, validateServerUrl, type ConnectionEngineOptions } from '../connection';
import { leveledOver } from '../log';
import { SessionManager } from './manager';
import type { EngineInit, SessionManagerOptions } from './types';

/** Engine settings the session does not decide (timings, cursors, clock, log). */
export type EngineExtras = Partial<Omit<ConnectionEngineOptions, keyof EngineInit>>;

export interface CreateSessionOptions
  extends Omit<SessionManagerOptions<ConnectionEngine>, 'probe' | 'validateUrl' | 'createEngine'> {
  /** Extras for every engine, or made per engine (e.g. the resume cursors of that server's workspace). */
  engine?: EngineExtras | ((init: EngineInit) => EngineExtras);
}

export function createSessionManager(opts: CreateSessionOptions): SessionManager<ConnectionEngine> {
  const { engine: extras = {}, ...rest } = opts;
  return new SessionManager<ConnectionEngine>({
    ...rest,
    probe: probeServer,
    validateUrl: validateServerUrl,
    createEngine: (init) =>
      new ConnectionEngine({
        log: leveledOver(opts.log, 'connection: '),
        ...(typeof extras === 'function' ? extras(init) : extras),
        ...init,
      }),
  });
}
