// One log line format for main and the web host. Callers pass text that is
// already free of secrets (nothing here sees a token); this only stamps it.
export type Log = (line: string) => void;

function createLog(write: (text: string) => void, now: () => Date = () => new Date()): Log {
  return (line) => write(`${now().toISOString()} ${line}\n`);
}

export const stderrLog: Log = createLog((text) => process.stderr.write(text));
