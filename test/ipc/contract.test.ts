import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  eventContract,
  invokeContract,
  SignInInput,
} from '../../src/shared/ipc';

type JsonNode = { [key: string]: unknown };

/** Every object node in a JSON Schema, with the path it sits at. */
function objectNodes(node: unknown, path = '$', out: Array<{ path: string; node: JsonNode }> = []) {
  if (Array.isArray(node)) node.forEach((n, i) => objectNodes(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const obj = node as JsonNode;
    if (obj['type'] === 'object') out.push({ path, node: obj });
    for (const [k, v] of Object.entries(obj)) objectNodes(v, `${path}.${k}`, out);
  }
  return out;
}

describe('IPC contract', () => {
  it('declares schemas for exactly the channel names the clients use', () => {
    expect(Object.keys(invokeContract).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.keys(eventContract).sort()).toEqual([...EVENT_CHANNELS].sort());
  });

  it('names every channel namespace:method so the client can nest it', () => {
    for (const name of [...INVOKE_CHANNELS, ...EVENT_CHANNELS]) expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });

  it('closes every result and event object to undeclared fields', () => {
    const schemas = [
      ...Object.entries(invokeContract).map(([n, s]) => [`${n} result`, s.result] as const),
      ...Object.entries(eventContract).map(([n, s]) => [`${n} payload`, s.payload] as const),
    ];
    let objects = 0;
    for (const [name, schema] of schemas) {
      for (const { path, node } of objectNodes(z.toJSONSchema(schema))) {
        objects += 1;
        expect(node['additionalProperties'], `${name} at ${path}`).toBe(false);
      }
    }
    expect(objects).toBeGreaterThan(10);
  });

  it('rejects a token riding along on a status result', () => {
    const status = { signedIn: true, serverUrl: 'ws://127.0.0.1:1', userId: 'you', keychain: 'os', keychainProblem: null };
    expect(invokeContract['session:getStatus'].result.safeParse(status).success).toBe(true);
    const leaky = invokeContract['session:getStatus'].result.safeParse({ ...status, token: 'abc' });
    expect(leaky.success).toBe(false);
    expect(eventContract['connection:state'].payload.safeParse({ state: 'stopped', since: 1, token: 'x' }).success).toBe(false);
  });

  it('parses a sign-in request, trimming a pasted token and rejecting a mangled one', () => {
    const ok = SignInInput.parse({ serverUrl: ' ws://127.0.0.1:9 ', token: 'abc.def\n', transport: { kind: 'header' } });
    expect(ok).toEqual({ serverUrl: 'ws://127.0.0.1:9', token: 'abc.def', transport: { kind: 'header' } });
    expect(SignInInput.safeParse({ serverUrl: 'x', token: 'a b', transport: { kind: 'header' } }).success).toBe(false);
    expect(
      SignInInput.safeParse({ serverUrl: 'x', token: 't', transport: { kind: 'query', param: 'access_token' } }).success,
    ).toBe(true);
  });
});
