// The logger main's modules are given (vault, settings, session): two levels,
// one line each. The app passes its own; tests pass one that records lines.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}
