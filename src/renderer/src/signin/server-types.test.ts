import { describe, expect, it } from 'vitest';
import { PROFILE_IDS } from '../../../shared/protocol/profiles/labels';
import { SERVER_TYPES, transportChoices, transportOf } from './server-types';

describe('the sign-in form’s server types', () => {
  it('offer Detect first, then every server type by label', () => {
    expect(SERVER_TYPES.map((t) => t.label)).toEqual(['Detect', 'Beacon relay', 'Code Cloud Agents', 'Hush', 'Mozaiks', 'AgentCmd']);
    expect(SERVER_TYPES.slice(1).map((t) => t.value)).toEqual([...PROFILE_IDS]);
  });

  it('give each server type its own token transports, names and placeholder', () => {
    expect(transportChoices('detect')).toMatchObject({ kinds: ['header', 'query', 'subprotocol', 'cookie'], defaultKind: 'header' });
    expect(transportChoices('code-cloud-agents')).toMatchObject({ kinds: ['query'], defaultKind: 'query', param: { name: 'token', fixed: true }, urlExample: 'ws://localhost:3000/ws' });
    expect(transportChoices('hush')).toMatchObject({ kinds: ['cookie'], defaultKind: 'cookie', cookie: { name: 'access_token', fixed: true }, pathHint: null });
    expect(transportChoices('beacon-v1')).toMatchObject({ kinds: ['header', 'query', 'subprotocol'], param: { name: 'token', fixed: false } });
    expect(transportChoices('agentcmd')).toMatchObject({ kinds: ['header', 'query'], defaultKind: 'header', param: { name: 'token', fixed: true } });
    expect(transportChoices('mozaiks-notifications')).toMatchObject({ defaultKind: 'subprotocol', pathHint: '/ws/notifications/{userId}' });
  });

  it('send the transport as the form shows it, names trimmed', () => {
    expect(transportOf('cookie', 'token', ' access_token ')).toEqual({ kind: 'cookie', name: 'access_token' });
    expect(transportOf('query', ' token ', 'x')).toEqual({ kind: 'query', param: 'token' });
    expect(transportOf('header', 'token', 'x')).toEqual({ kind: 'header' });
  });
});
