// The session manager wired to the real connection engine and probe. Main's
// wiring calls this; unit tests build a SessionManager with fakes instead.
import { ConnectionEngine, probeServer, validateServerUrl, type ConnectionEngineOptions } from '../connection';
import { SessionManager } from './manager';
import type { EngineInit, SessionManagerOptions } from './types';

/** Engine settings the session does not decide (timings, cursors, clock, log). */
export type EngineExtras = Partial<Omit<ConnectionEngineOptions, keyof EngineInit>>;

export interface CreateSessionOptions
  extends Omit<SessionManagerOptions<ConnectionEngine>, 'probe' | 'validateUrl' | 'createEngine'> {
  engine?: EngineExtras;
}

export function createSessionManager(opts: CreateSessionOptions): SessionManager<ConnectionEngine> {
  const { engine: extras = {}, ...rest } = opts;
  const log = opts.log;
  return new SessionManager<ConnectionEngine>({
    ...rest,
    probe: probeServer,
    validateUrl: validateServerUrl,
    createEngine: (init) =>
      new ConnectionEngine({
        log: (level, message) => {
          if (level === 'warn' || level === 'error') log.warn(`connection: ${message}`);
          else if (level === 'info') log.info(`connection: ${message}`);
        },
        ...extras,
        ...init,
      }),
  });
}
