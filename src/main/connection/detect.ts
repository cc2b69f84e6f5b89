// "Detect" for the sign-in form (issue 11 §3): one dial with the transport the
// user gave, speaking the tolerant v1 decoder, and the server recognised from
// what it sends first, using only the profiles' data: an `auth` frame with
// historyId is a Beacon relay; a welcome notification a profile names (or a
// refusal frame it names, e.g. "No token provided") is that profile; a
// `connection_ack` is a profile that confirms sign-in that way; a 401/403 to a
// request without that profile's cookie is retried with each cookie profile
// (hush: refused without its cookie, then silent after the upgrade with it). A
// profile found by a refusal is probed again with its own transport. A token
// transport the relay never reads (a cookie) goes straight to the profiles that
// read it. A first frame v1 does not know is offered to the other profiles'
// codecs: one that reads it as a sign-in is that server (agentcmd's
// `global.connected`, or its `global.error` refusal). A 401/403 to a URL whose
// path has a profile's shape (`/ws/notifications/{userId}`) tries that profile
// first, with its own transport.
import { availableProfiles, requireProfile, transportAllowed, upgradeUserId, type ProfileId, type ServerProfile } from '../../shared/protocol/profiles';
import type { DecodeResult } from '../../shared/protocol';
import type { TokenTransport } from '../../shared/types';
import { systemClock } from './clock';
import { refusalFrame } from './close-policy';
import { newCounters } from './diagnostics';
import { Link } from './link';
import type { ProbeOptions, ProbeResult } from './probe';
import { explainLinkEnd, UPGRADE_QUIET_MS } from './probe';
import { buildConnectRequest, tokenProblem } from './transport';
import type { CheckedServerUrl } from './url';

type Probe = (opts: ProbeOptions) => Promise<ProbeResult>;

const welcomeOf = (message: string): ServerProfile | undefined => availableProfiles().find((p) => p.welcome?.message === message);

/** Whether a URL path has a profile's templated shape (`/ws/notifications/{userId}`); plain paths like `/ws` say nothing. */
function pathMatches(template: string | null, path: string): boolean {
  if (template === null || !template.includes('{')) return false;
  const parts = template.split(/\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}/?$`).test(path);
}

/**
 * v1's decoder, and for a type it does not know, each other profile's codec: a sign-in (or a
 * refusal) that codec reads names the server. `claimed` is that profile.
 */
function detectingProfile(v1: ServerProfile): { profile: ServerProfile; claimed: () => ServerProfile | null } {
  let claimed: ServerProfile | null = null;
  const others = availableProfiles().filter((p) => p.id !== v1.id);
  const decode = (text: string): DecodeResult => {
    const r = v1.codec.decode(text);
    if (r.ok || r.reason !== 'unknown_type' || claimed !== null) return r;
    for (const p of others) {
      const own = p.codec.decode(text);
      if (own.ok && own.event.type === 'auth') {
        claimed = p;
        return own;
      }
    }
    return r;
  };
  return { profile: { ...v1, codec: { decode, encode: v1.codec.encode } }, claimed: () => claimed };
}

/** Probes again as `profile`, with its own transport (or the one given); the result names the profile and the transport used. */
async function confirm(opts: ProbeOptions, profile: ServerProfile, probe: Probe, transport: TokenTransport = profile.token.default): Promise<ProbeResult> {
  const r = await probe({ ...opts, profile: profile.id, transport });
  return r.ok ? { ...r, profile: profile.id, transport } : r;
}

export async function detectServer(opts: ProbeOptions & { url: CheckedServerUrl }, probe: Probe): Promise<ProbeResult> {
  const v1 = requireProfile('beacon-v1');
  const transport: TokenTransport = opts.transport ?? v1.token.default;
  const problem = tokenProblem(opts.token, transport);
  if (problem) return { ok: false, reason: 'auth_refused', message: problem };
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const quietMs = opts.upgradeQuietMs ?? UPGRADE_QUIET_MS;
  const host = opts.url.host;
  const found = (userId: string, id: ProfileId): ProbeResult => ({ ok: true, userId, profile: id, transport });

  if (!transportAllowed(v1, transport)) {
    // A relay would never see this token: only a profile that reads it there can be this server.
    let failed: ProbeResult | null = null;
    for (const p of availableProfiles().filter((x) => transportAllowed(x, transport))) {
      const r = await confirm(opts, p, probe, transport);
      if (r.ok) return r;
      failed ??= r;
    }
    if (failed) return failed;
  }

  const detecting = detectingProfile(v1);
  const first = await new Promise<ProbeResult | { refused: ServerProfile } | { http: number; result: ProbeResult }>((resolve) => {
    let settled = false;
    let quiet: ReturnType<typeof setTimeout> | null = null;
    let signedInAs = '';
    const done = (r: ProbeResult | { refused: ServerProfile } | { http: number; result: ProbeResult }): void => {
      if (settled) return;
      settled = true;
      if (quiet !== null) clearTimeout(quiet);
      resolve(r);
      void link.close(1000, 'probe done');
    };
    const link: Link = new Link({
      request: buildConnectRequest(opts.url, opts.token, transport),
      profile: detecting.profile,
      // Who a nameless sign-in is decides after the profile is known (onAuth).
      upgradeIdentity: { ok: true, userId: '' },
      token: opts.token,
      handshakeTimeoutMs: timeoutMs,
      heartbeatMs: timeoutMs,
      pongTimeoutMs: timeoutMs,
      clock: systemClock,
      counters: newCounters(),
      onAuth: (userId, compat, historyId) => {
        const own = detecting.claimed();
        if (own) {
          // A sign-in frame that names nobody: the profile's identity, or the probe as that profile says why not.
          const id = userId || upgradeUserId(own.identity, opts.token);
          return id ? done(found(id, own.id)) : done({ refused: own });
        }
        signedInAs = userId;
        if (historyId !== null) return done(found(userId, 'beacon-v1'));
        const ack = compat ? availableProfiles().find((p) => p.signIn === 'connection-ack') : undefined;
        if (ack) return done(found(userId, ack.id));
        // An auth frame without historyId: a compat relay, or a server whose welcome follows.
        quiet = setTimeout(() => done(found(userId, 'beacon-v1')), quietMs);
      },
      onEvent: (ev) => {
        const p = ev.type === 'notification' ? welcomeOf(ev.message) : undefined;
        if (p) done(found(signedInAs, p.id));
      },
      onEnd: (end) => {
        if (end.kind === 'auth_rejected') {
          const p = availableProfiles().find((x) => refusalFrame(end.reason, x.refusals));
          if (p) return done({ refused: p });
        }
        const result = explainLinkEnd(end, host, timeoutMs, v1.refusals);
        done(end.kind === 'http' ? { http: end.status, result } : result);
      },
    });
  });

  if ('refused' in first) return confirm(opts, first.refused, probe);
  if ('http' in first) {
    if (first.http === 401 || first.http === 403) {
      const byPath = availableProfiles().filter((x) => pathMatches(x.url.path, opts.url.pathname));
      const cookieProfiles = availableProfiles().filter((x) => x.token.default.kind === 'cookie' && !transportAllowed(x, transport) && !byPath.includes(x));
      let refusedAlike: ProbeResult | null = null;
      for (const p of [...byPath, ...cookieProfiles]) {
        const r = await confirm(opts, p, probe, transportAllowed(p, transport) ? transport : p.token.default);
        if (r.ok) return r;
        // Refused with its cookie too, by a status this profile words itself (hush's 403): its words ("sign in again").
        if ((r.reason === 'auth_refused' || r.reason === 'forbidden') && Object.hasOwn(p.refusals.http, first.http)) refusedAlike ??= r;
      }
      if (refusedAlike) return refusedAlike;
    }
    return first.result;
  }
  return first;
}
