import { describe, expect, it } from 'vitest';
import { ConnectionStateSchema, TokenTransportSchema } from '../../src/shared/types';

describe('shared boundary schemas', () => {
  it('accepts the three token transports and rejects an unsafe query parameter name', () => {
    expect(TokenTransportSchema.parse({ kind: 'query', param: 'access_token' })).toEqual({ kind: 'query', param: 'access_token' });
    expect(() => TokenTransportSchema.parse({ kind: 'query', param: 'a&b=c' })).toThrow(/URL-safe/);
    expect(() => TokenTransportSchema.parse({ kind: 'cookie' })).toThrow();
  });

  it('requires the fields each connection state carries', () => {
    expect(ConnectionStateSchema.safeParse({ state: 'reconnecting', attempt: 2, since: 1 }).success).toBe(false);
    expect(ConnectionStateSchema.safeParse({ state: 'stopped', since: 1 }).success).toBe(true);
  });
});
