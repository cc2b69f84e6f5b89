// Who the signed-in user is when the server confirms sign-in by the upgrade
// alone and names nobody: read from the token (a JWT claim) or fixed.
import type { IdentitySpec } from './types';

/** A JWT's payload claim, without verifying anything (the server did that); null when the token is not a JWT or lacks it. */
export function jwtClaim(token: string, claim: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const payload: unknown = JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
    if (typeof payload !== 'object' || payload === null) return null;
    const v = (payload as Record<string, unknown>)[claim];
    return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : typeof v === 'number' ? String(v) : null;
  } catch {
    return null;
  }
}

/** The user id to show for a sign-in by upgrade; `fallback` when the spec yields none. */
export function upgradeUserId(identity: IdentitySpec, token: string, fallback: string): string {
  switch (identity.kind) {
    case 'frame':
      return fallback;
    case 'jwt-claim':
      return jwtClaim(token, identity.claim) ?? fallback;
    case 'fixed':
      return identity.userId;
  }
}
