// Every logger type of main, in one place. Modules take the narrowest one
// they need: a line sink (`Log`), two levels (`Logger`), or the engine's
// leveled sink (`LeveledLog`). Callers pass text already free of secrets.

/** One line of text; the sink stamps it. */
export type Log = (line: string) => void;

/** What main's modules are given (vault, settings, session, workspace). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** The connection engine's sink: it logs at four levels. */
export type LeveledLog = (level: LogLevel, message: string) => void;

function createLog(write: (text: string) => void, now: () => Date = () => new Date()): Log {
  return (line) => write(`${now().toISOString()} ${line}\n`);
}

export const stderrLog: Log = createLog((text) => process.stderr.write(text));

/** A Logger over a line sink: warnings carry a "warning:" prefix. */
export function loggerOver(log: Log): Logger {
  return { info: (m) => log(m), warn: (m) => log(`warning: ${m}`) };
}

/** The engine's levels onto a Logger, with a prefix; debug lines are dropped. */
export function leveledOver(logger: Logger, prefix: string): LeveledLog {
  return (level, message) => {
    if (level === 'warn' || level === 'error') logger.warn(`${prefix}${message}`);
    else if (level === 'info') logger.info(`${prefix}${message}`);
  };
}
