// Socket errors that mean "the server cannot be reached", as Node names them.
// One list for the sign-in probe ("Cannot reach HOST (CODE).") and the status
// text (src/shared/ipc/describe.ts), so both say the same for the same failure.
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EADDRNOTAVAIL',
]);
