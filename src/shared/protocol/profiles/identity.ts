// Who the signed-in user is when the server names nobody (sign-in by the
// upgrade alone, or a sign-in frame without a user): read from the token (a JWT
// claim) or fixed. When the profile cannot read it, the sign-in fails with
// words saying so: the host is never taken for the user.
import type { IdentitySpec } from './types';

/** A JWT's payload, without verifying anything (the server did that); null when the token is not a JWT. */
function jwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const payload: unknown = JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A JWT's payload claim, without verifying anything (the server did that); null when the token is not a JWT or lacks it. */
export function jwtClaim(token: string, claim: string): string | null {
  const payload = jwtPayload(token);
  if (payload === null) return null;
  const v = payload[claim];
  return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : typeof v === 'number' ? String(v) : null;
}

export type UpgradeIdentity = { ok: true; userId: string } | { ok: false; problem: string };

/**
 * The user id for a sign-in that names nobody, or why there is none: a token that is not a JWT, a JWT
 * without the claim, or a server that must name the user itself (`frame`). `label` is the server type's name.
 */
export function upgradeIdentity(identity: IdentitySpec, token: string, label: string): UpgradeIdentity {
  switch (identity.kind) {
    case 'fixed':
      return { ok: true, userId: identity.userId };
    case 'frame':
      return { ok: false, problem: `the server confirmed the sign-in without saying who you are: this does not look like ${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label} server. Choose Detect, or the server's own type.` };
    case 'jwt-claim': {
      const a = /^[aeiou]/i.test(label) ? 'an' : 'a';
      const userId = jwtClaim(token, identity.claim);
      if (userId !== null) return { ok: true, userId };
      const what = jwtPayload(token) === null ? 'this token is not a JWT' : `this JWT has no \`${identity.claim}\` claim`;
      return {
        ok: false,
        problem: `this token is not ${a} ${label} access token: ${label} reads who you are from the token's \`${identity.claim}\` claim, and ${what}. Use a token from ${label}, or choose Detect or the server's own type.`,
      };
    }
  }
}

/** The user id for a sign-in that names nobody, or null when the profile cannot read one (see `upgradeIdentity`). */
export function upgradeUserId(identity: IdentitySpec, token: string): string | null {
  const r = upgradeIdentity(identity, token, '');
  return r.ok ? r.userId : null;
}
