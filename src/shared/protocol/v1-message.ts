// The hot path: a protocol-v1 `message` frame exactly as the reference relay
// sends it. A busy relay streams thousands a second, and on this path zod (its
// result and output objects) and the alias gathering of the tolerant decoder
// cost about as much as the rest of the engine's per-message work together.
//
// The contract: for any frame, this returns either exactly the result the
// schema path (decode.ts + MessageSchema) gives, or null to leave the frame to
// it. It never rejects a frame itself, so everything it does not recognise
// (aliases, numeric ids, nulls, unknown fields, bad values, a `data` object) is
// still validated and reported by the schemas. test/connection/fast-path.test.ts
// holds the two paths to each other over generated frames.
import type { DecodeResult, WireMessage } from './events';
import { MESSAGE_LIMITS } from './schemas';

/** A non-empty string id within the cap; numeric ids are the schema path's business. */
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MESSAGE_LIMITS.id;

/** Absent, or a string of at most `max` UTF-16 units (what zod's max() counts). */
const isOptText = (v: unknown, max: number): v is string | undefined => v === undefined || (typeof v === 'string' && v.length <= max);

/** The one way a message event is laid out, so both decoder paths hand out objects of one shape. */
export function messageEvent(m: Omit<WireMessage, 'encrypted' | 'compat'>, compat: boolean): { type: 'message' } & WireMessage {
  // A body wins over ciphertext: a server that sends both has already decrypted.
  const encrypted = m.body === null;
  return {
    type: 'message',
    threadId: m.threadId,
    id: m.id,
    seq: m.seq,
    sender: m.sender,
    body: m.body,
    encrypted,
    ciphertext: encrypted ? m.ciphertext : null,
    iv: encrypted ? m.iv : null,
    ts: m.ts,
    clientId: m.clientId,
    compat,
  };
}

export function decodeV1Message(top: Record<string, unknown>): DecodeResult | null {
  const { thread_id: threadId, id, seq, sender, body, ciphertext, iv, ts, client_id: clientId, timestamp } = top;
  if (!isId(threadId) || !isId(id) || !isId(sender)) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  if (!isOptText(body, MESSAGE_LIMITS.text) || !isOptText(ciphertext, MESSAGE_LIMITS.text) || !isOptText(iv, MESSAGE_LIMITS.iv)) return null;
  if (body === undefined && (ciphertext === undefined || iv === undefined)) return null;
  if (clientId !== undefined && (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > MESSAGE_LIMITS.clientId)) return null;
  // `timestamp` is the fallback for `ts`, so it must pass ts's rule whenever it is present.
  if (!isOptText(ts, MESSAGE_LIMITS.ts) || !isOptText(timestamp, MESSAGE_LIMITS.ts)) return null;
  // Any key beyond the ones read above may be an alias the schema path would prefer
  // (`content`, `created_at`, `clientId` …) or an unknown field it counts: leave those frames to it.
  let keys = 0;
  for (const _ in top) keys++;
  const expected = 5 + +(body !== undefined) + +(ciphertext !== undefined) + +(iv !== undefined) + +(ts !== undefined) +
    +(clientId !== undefined) + +(timestamp !== undefined);
  if (keys !== expected) return null;
  return {
    ok: true,
    event: messageEvent({
      threadId,
      id,
      seq,
      sender,
      body: body ?? null,
      ciphertext: ciphertext ?? null,
      iv: iv ?? null,
      ts: ts ?? timestamp ?? null,
      clientId: clientId ?? null,
    }, false),
    unknownFields: 0,
  };
}
