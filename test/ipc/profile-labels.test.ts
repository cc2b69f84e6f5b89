// The sign-in form reads server types from the zod-free labels module; each
// registered profile must say the same there as in its own file, or the form
// would offer a transport or placeholder the profile does not have.
import { describe, expect, it } from 'vitest';
import { availableProfiles, PROFILE_LABELS } from '../../src/shared/protocol/profiles';
import { SIGN_IN_HINTS } from '../../src/shared/protocol/profiles/labels';

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
});
