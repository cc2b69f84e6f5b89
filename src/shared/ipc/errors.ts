// IPC errors as they cross a transport. No schema library here: the client
// side (preload, web bridge) imports this too.

/**
 * Errors crossing a transport lose their class (contextBridge keeps only the
 * message), so the code travels as a prefix the client strips again.
 */
const IPC_ERROR_CODES = ['bad_argument', 'unknown_channel', 'untrusted_sender', 'bad_result', 'failed'] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
const IPC_ERROR_MARK = 'beacon-ipc';

export class IpcError extends Error {
  override readonly name = 'BeaconIpcError';
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The text a transport carries; decodeIpcError turns it back into an IpcError. */
  toWire(): string {
    return `${IPC_ERROR_MARK}[${this.code}] ${this.message}`;
  }
}

/** What a transport carries for a failed call: the IpcError's own text, or a bare failure for anything else. */
export function toWireError(error: unknown, channel: string): string {
  return (error instanceof IpcError ? error : new IpcError('failed', `${channel} failed`)).toWire();
}

const WIRE = new RegExp(`${IPC_ERROR_MARK}\\[([a-z_]+)\\] ([\\s\\S]*)$`);

/**
 * Rebuild the IpcError from whatever a transport delivered. Electron wraps
 * the text ("Error invoking remote method 'x': Error: …"), so the mark is
 * searched for rather than expected at the start.
 */
export function decodeIpcError(error: unknown, channel: string): IpcError {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const match = WIRE.exec(text);
  const code = match?.[1];
  if (match && code && (IPC_ERROR_CODES as readonly string[]).includes(code)) {
    return new IpcError(code as IpcErrorCode, match[2] ?? '');
  }
  // Not ours (a dropped transport, say): keep a plain, bounded description.
  const detail = text ? `: ${text.slice(0, 300)}` : '';
  return new IpcError('failed', `${channel} failed${detail}`);
}
