// The hot path: a protocol-v1 `message` frame exactly as the reference relay
// sends it. A busy relay streams thousands a second, so this skips the alias
// gathering of the tolerant path; anything it does not accept (aliases, numeric
// ids, bad values) returns null and goes through the fully checked path instead.
import type { DecodeResult } from './events';
import { isValidV1Message, V1MessageSchema } from './schemas';

export function decodeV1Message(top: Record<string, unknown>): DecodeResult | null {
  const data = top.data;
  if (typeof data === 'object' && data !== null) return null;
  const parsed = V1MessageSchema.safeParse(top);
  if (!parsed.success || !isValidV1Message(parsed.data)) return null;
  const m = parsed.data;
  const encrypted = m.body === undefined;
  // Unknown fields without a set lookup per key: all keys minus the known ones present.
  let keys = 0;
  for (const _ in top) keys++;
  const known = 5 + +(m.body !== undefined) + +(m.ciphertext !== undefined) + +(m.iv !== undefined) + +(m.ts !== undefined) +
    +(m.client_id !== undefined) + +('timestamp' in top) + +('data' in top);
  return {
    ok: true,
    event: {
      type: 'message',
      threadId: m.thread_id,
      id: m.id,
      seq: m.seq,
      sender: m.sender,
      body: encrypted ? null : (m.body ?? null),
      encrypted,
      ciphertext: encrypted ? (m.ciphertext ?? null) : null,
      iv: encrypted ? (m.iv ?? null) : null,
      ts: m.ts ?? (typeof top.timestamp === 'string' ? top.timestamp : null),
      clientId: m.client_id ?? null,
      compat: false,
    },
    unknownFields: keys - known,
  };
}
