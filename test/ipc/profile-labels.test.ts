// The sign-in form reads server types from the zod-free labels module; each
// registered profile must say the same there as in its own file, or the form
// would offer a transport or placeholder the profile does not have.
import { describe, expect, it } from 'vitest';
import { availableProfiles, PROFILE_IDS, PROFILE_LABELS } from '../../src/shared/protocol/profiles';
import { SIGN_IN_HINTS } from '../../src/shared/protocol/profiles/labels';
import { SERVER_TYPES, transportChoices } from '../../src/renderer/src/signin/server-types';

describe('profile labels for the window', () => {
  it('agree with every registered profile: label, URL example and path, token default and allowed transports', () => {
    expect(availableProfiles().length).toBeGreaterThanOrEqual(2);
    for (const p of availableProfiles()) {
      expect(p.label, p.id).toBe(PROFILE_LABELS[p.id]);
      expect(SIGN_IN_HINTS[p.id].url, p.id).toEqual(p.url);
      expect(SIGN_IN_HINTS[p.id].token.default, p.id).toEqual(p.token.default);
      expect(SIGN_IN_HINTS[p.id].token.allowed, p.id).toEqual(p.token.allowed);
    }
  });

  it('offer Detect first, then every server type by label', () => {
    expect(SERVER_TYPES.map((t) => t.label)).toEqual(['Detect', 'Beacon relay', 'Code Cloud Agents', 'Hush', 'Mozaiks', 'AgentCmd']);
    expect(SERVER_TYPES.slice(1).map((t) => t.value)).toEqual([...PROFILE_IDS]);
  });

  it('give each server type its own token transports, names and placeholder', () => {
    expect(transportChoices('detect')).toMatchObject({ kinds: ['header', 'query', 'subprotocol', 'cookie'], defaultKind: 'header' });
    expect(transportChoices('code-cloud-agents')).toMatchObject({ kinds: ['query'], defaultKind: 'query', param: { name: 'token', fixed: true }, urlExample: 'ws://localhost:3000/ws' });
    expect(transportChoices('hush')).toMatchObject({ kinds: ['cookie'], defaultKind: 'cookie', cookie: { name: 'access_token', fixed: true }, pathHint: null });
    expect(transportChoices('beacon-v1')).toMatchObject({ kinds: ['header', 'query', 'subprotocol'], param: { name: 'token', fixed: false } });
    expect(transportChoices('mozaiks-notifications').pathHint).toBe('/ws/notifications/{userId}');
  });
});
