// Client and relay must agree on what a client_id may be: an id the client
// queues but the relay refuses would be settled as failed, or worse, resent.
import { describe, expect, it } from 'vitest';
import { ClientIdSchema, MAX_CLIENT_ID_CHARS } from '../../src/shared/protocol';
import { parseClientFrame } from '../../src/relay/frames';

describe('client_id limit', () => {
  it('is one constant: the client accepts exactly the client_ids the relay accepts', () => {
    expect(MAX_CLIENT_ID_CHARS).toBeGreaterThanOrEqual(38); // `c-<uuid>`, what the client makes
    for (const n of [1, 38, 127, 128, 129, 199, 200, 201, MAX_CLIENT_ID_CHARS, MAX_CLIENT_ID_CHARS + 1]) {
      const id = 'c'.repeat(n);
      const relay = parseClientFrame(JSON.stringify({ type: 'send', thread_id: 't1', client_id: id, body: 'hi' }));
      expect(ClientIdSchema.safeParse(id).success, `${n} characters`).toBe(relay.ok);
    }
  });
});
