// Profiles made for the engine-machinery tests: the shapes the later profiles
// (hush, mozaiks, agentcmd) need, before their files exist.
import { BEACON_V1_DATA } from '../../../src/shared/protocol/profiles/beacon-v1';
import { tableCodec } from '../../../src/shared/protocol/profiles';
import type { ProfileData, ServerProfile } from '../../../src/shared/protocol/profiles';

/** Signs in by the upgrade, token in a cookie, one subscribe-all frame, no presence, a `heartbeat` life sign, 403 = sign in again. */
export function upgradeCookieProfile(over: Partial<ProfileData> = {}): ServerProfile {
  const data: ProfileData = {
    ...BEACON_V1_DATA,
    id: 'hush',
    label: 'Upgrade-and-cookie test',
    token: { default: { kind: 'cookie', name: 'access_token' }, allowed: [{ kind: 'cookie', name: 'access_token' }] },
    signIn: 'upgrade',
    identity: { kind: 'jwt-claim', claim: 'sub' },
    events: { ...BEACON_V1_DATA.events, user_subscribed: { kind: 'known' }, message_seen: { kind: 'known' } },
    subscribe: 'all',
    hasPresence: false,
    heartbeat: { clientPing: 'json', lifeSigns: ['heartbeat'] },
    refusals: { close: { 4001: 'reauth' }, http: { 403: 'reauth' }, frames: [] },
    canSend: { ok: false, reason: 'this test server is read-only' },
    ...over,
  };
  return {
    ...data,
    codec: tableCodec(data, { encode: (f) => (f.type === 'subscribe_all' ? '{"type":"subscribe_user"}' : undefined) }),
  };
}

/** A JWT-shaped token (unsigned: the client never verifies it) whose `sub` is `sub`. */
export function jwtFor(sub: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp: 4_102_444_800 })}.c2lnbmF0dXJl`;
}
