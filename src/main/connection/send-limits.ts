// What a message must be for the outbox to hold it. send() applies this to a new
// message, and the outbox to every entry it loads from disk (an old or
// hand-edited file may hold anything): a server closes 1009 on a frame over
// 1 MiB, and an outbox entry is resent after every reconnect, so one bad entry
// would mean a reconnect loop.
import { encodeClientFrame, MAX_FRAME_BYTES } from '../../shared/protocol';
import type { ClientFrame } from '../../shared/protocol';

/** `no_frame`: the server's profile has no frame for a message (its codec encodes none). */
export type Unsendable = { kind: 'empty' } | { kind: 'too_large'; bytes: number } | { kind: 'no_frame' };

/** Writes a `send` frame in the server's shape; null when it has none. Default: protocol v1's. */
export type SendEncoder = (frame: Extract<ClientFrame, { type: 'send' }>) => string | null;
const v1Send: SendEncoder = (frame) => encodeClientFrame(frame);

/** A `send` frame as it goes on the wire: send() hands it to the link as is, not encoded again. */
export interface EncodedSend {
  text: string;
  /** UTF-8 bytes of `text`. */
  bytes: number;
}

/** The message's `send` frame, or why it cannot go out as one. The size counts the whole encoded frame, in UTF-8 bytes. */
export function encodeSend(
  threadId: string,
  clientId: string,
  body: string,
  encode: SendEncoder = v1Send,
): { frame: EncodedSend; problem: null } | { frame: null; problem: Unsendable } {
  if (body.trim().length === 0) return { frame: null, problem: { kind: 'empty' } };
  const text = encode({ type: 'send', threadId, clientId, body });
  if (text === null) return { frame: null, problem: { kind: 'no_frame' } };
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_FRAME_BYTES) return { frame: null, problem: { kind: 'too_large', bytes } };
  return { frame: { text, bytes }, problem: null };
}

/** Null when the message can go out as one `send` frame. */
export function unsendable(threadId: string, clientId: string, body: string): Unsendable | null {
  return encodeSend(threadId, clientId, body).problem;
}

export function describeUnsendable(problem: Unsendable): string {
  switch (problem.kind) {
    case 'empty':
      return 'the message is empty';
    case 'no_frame':
      return 'this server has no way to receive a message';
    case 'too_large':
      return `the message is too large: it would be a ${problem.bytes}-byte frame, and the protocol allows at most ${MAX_FRAME_BYTES} bytes (1 MiB)`;
  }
}
