// PROTOCOL.md's close-code table, as data: what the client does for each code.
export type CloseAction =
  | { kind: 'auth_failed'; forbidden: boolean }
  | { kind: 'retry'; immediate: boolean; oversize: boolean };

export function closeAction(code: number): CloseAction {
  switch (code) {
    case 1008:
    case 4001:
    case 4401:
      return { kind: 'auth_failed', forbidden: false };
    case 4003:
    case 4403:
      return { kind: 'auth_failed', forbidden: true };
    case 1001:
      // Going away (e.g. a rolling deploy): the replacement is likely up already.
      return { kind: 'retry', immediate: true, oversize: false };
    case 1009:
      return { kind: 'retry', immediate: false, oversize: true };
    default:
      return { kind: 'retry', immediate: false, oversize: false };
  }
}

/** A person-readable description of a close. */
export function describeClose(code: number, reason: string): string {
  const known: Record<number, string> = {
    1000: 'closed by the server',
    1001: 'server going away',
    1006: 'connection lost',
    1008: 'sign-in refused or expired',
    1009: 'a frame was too big',
    1011: 'server error',
    1012: 'server restarting',
    1013: 'server busy, try later',
    4001: 'sign-in refused',
    4401: 'sign-in expired',
    4003: 'access forbidden',
    4403: 'access forbidden',
  };
  const what = known[code] ?? 'connection closed';
  return reason ? `${what} (${code}: ${reason.slice(0, 200)})` : `${what} (${code})`;
}
