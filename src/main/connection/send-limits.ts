// What a message must be for the outbox to hold it. send() applies this to a new
// message, and the outbox to every entry it loads from disk (an old or
// hand-edited file may hold anything): a server closes 1009 on a frame over
// 1 MiB, and an outbox entry is resent after every reconnect, so one bad entry
// would mean a reconnect loop.
import { encodeClientFrame, MAX_FRAME_BYTES } from '../../shared/protocol';

export type Unsendable = { kind: 'empty' } | { kind: 'too_large'; bytes: number };

/** Null when the message can go out as one `send` frame. The size counts the whole encoded frame, in UTF-8 bytes. */
export function unsendable(threadId: string, clientId: string, body: string): Unsendable | null {
  if (body.trim().length === 0) return { kind: 'empty' };
  const bytes = Buffer.byteLength(encodeClientFrame({ type: 'send', threadId, clientId, body }));
  return bytes > MAX_FRAME_BYTES ? { kind: 'too_large', bytes } : null;
}

export function describeUnsendable(problem: Unsendable): string {
  return problem.kind === 'empty'
    ? 'the message is empty'
    : `the message is too large: it would be a ${problem.bytes}-byte frame, and the protocol allows at most ${MAX_FRAME_BYTES} bytes (1 MiB)`;
}
