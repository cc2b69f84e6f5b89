// A one-shot check of server + token, for the sign-in form: connect, wait for
// the auth frame, close with 1000. Every outcome is a reason code and a
// person-readable message that never contains the token.
import { UNREACHABLE_CODES } from '../../shared/net-errors';
import type { ProfileId, ServerProfile } from '../../shared/protocol/profiles';
import { upgradeIdentity } from '../../shared/protocol/profiles';
import type { TokenTransport } from '../../shared/types';
import { systemClock } from './clock';
import { closeAction, describeClose, httpAction, notReceivedWords, refusalFrame, refusalWords } from './close-policy';
import type { Refusals } from './close-policy';
import { newCounters } from './diagnostics';
import { Link } from './link';
import type { LinkEnd } from './link';
import { buildConnectRequest, tokenProblem } from './transport';
import { checkedServerUrl, type CheckedServerUrl } from './url';
import { resolveProfile, resolveTransport } from './options';
import { detectServer } from './detect';

/** `token_not_received`: the server says no token reached it (it reads the token elsewhere): sign in again, not "refused". */
export type ProbeFailure = 'auth_refused' | 'token_not_received' | 'forbidden' | 'unreachable' | 'tls' | 'bad_url' | 'insecure_url' | 'timeout' | 'protocol';
/** `profile` and `transport` are set when detection picked them (profile `detect`). */
export type ProbeResult =
  | { ok: true; userId: string; profile?: ProfileId; transport?: TokenTransport }
  | { ok: false; reason: ProbeFailure; message: string };

/** After an upgrade-confirmed sign-in, how long the probe waits for a refusal frame before calling it a success. */
export const UPGRADE_QUIET_MS = 1_500;

export interface ProbeOptions {
  /** Checked already by the caller (the session), or a string to check now. */
  url: string | CheckedServerUrl;
  token: string;
  /** Default: the profile's own transport. */
  transport?: TokenTransport;
  /** Which server family (default beacon-v1), or `detect`: recognise it from what it sends first. */
  profile?: ProfileId | ServerProfile | 'detect';
  allowInsecure: boolean;
  /** Upgrade plus auth frame (default 10 000). */
  timeoutMs?: number;
  /** Sign-in by upgrade: the quiet period after `open` that counts as success (default UPGRADE_QUIET_MS). */
  upgradeQuietMs?: number;
}


function isTlsError(code: string | null, message: string): boolean {
  if (code && (/^ERR_(TLS|SSL)_/.test(code) || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO/.test(code))) return true;
  return /certificate|SSL routines|TLS/i.test(message);
}

function fail(reason: ProbeFailure, message: string): ProbeResult {
  return { ok: false, reason, message };
}

export function explainLinkEnd(end: LinkEnd, host: string, timeoutMs: number, refusals: Refusals): ProbeResult {
  switch (end.kind) {
    case 'http': {
      const action = httpAction(end.status, refusals);
      const words = refusalWords('http', end.status, refusals);
      if (action.kind === 'auth_failed' && words !== null) return fail(action.forbidden ? 'forbidden' : 'auth_refused', `${host}: ${words}`);
      if (action.kind === 'auth_failed') {
        return action.forbidden
          ? fail('forbidden', `${host} refused access for this token (HTTP ${end.status}).`)
          : fail('auth_refused', `${host} refused the token (HTTP ${end.status}). Check it or get a new one.`);
      }
      return fail('protocol', `${host} answered HTTP ${end.status} instead of opening a WebSocket: is this the right path?`);
    }
    case 'auth_rejected': {
      const known = refusalFrame(end.reason, refusals);
      if (known) return fail(known.action === 'stop' ? 'forbidden' : 'token_not_received', `${host}: ${known.message}`);
      const notReceived = notReceivedWords(end.reason);
      if (notReceived) return fail('token_not_received', `${host}: ${notReceived}`);
      return fail('auth_refused', `${host} refused the token: ${end.reason}`);
    }
    case 'closed': {
      const action = closeAction(end.code, refusals);
      const words = refusalWords('close', end.code, refusals);
      if (action.kind === 'auth_failed' && words !== null) return fail(action.forbidden ? 'forbidden' : 'auth_refused', `${host}: ${words}`);
      if (action.kind === 'auth_failed') {
        return action.forbidden
          ? fail('forbidden', `${host} refused access: ${describeClose(end.code, end.reason)}.`)
          : fail('auth_refused', `${host} refused the token: ${describeClose(end.code, end.reason)}.`);
      }
      return fail('unreachable', `${host} closed the connection before sign-in completed: ${describeClose(end.code, end.reason)}.`);
    }
    case 'error':
      if (isTlsError(end.code, end.message)) return fail('tls', `Secure connection to ${host} failed: ${end.message}`);
      if (end.code && UNREACHABLE_CODES.has(end.code)) return fail('unreachable', `Cannot reach ${host} (${end.code}).`);
      if (/subprotocol/i.test(end.message)) return fail('protocol', `${host} does not accept the token in the Sec-WebSocket-Protocol header (${end.message}).`);
      return fail('unreachable', `Cannot connect to ${host}: ${end.message}`);
    case 'handshake_timeout':
      if (end.opened && end.framesBeforeAuth > 0) {
        return fail('protocol', `${host} accepted the connection but never confirmed sign-in (${end.framesBeforeAuth} other frames): is it a Beacon relay?`);
      }
      return fail('timeout', `${host} did not ${end.opened ? 'confirm sign-in' : 'answer'} within ${timeoutMs} ms.`);
    case 'dead':
      return fail('timeout', `${host} went silent during sign-in.`);
    case 'oversize':
      return fail('protocol', `${host} sent a message over 1 MiB during sign-in.`);
    case 'limit':
      return fail('protocol', `${host} misbehaved during sign-in: ${end.reason}.`);
    case 'no_identity':
      return fail('auth_refused', `${host}: ${end.problem}`);
    case 'aborted':
      return fail('unreachable', 'The check was cancelled.');
  }
}

export function probeServer(opts: ProbeOptions): Promise<ProbeResult> {
  const check = checkedServerUrl(opts.url, opts.allowInsecure);
  if (!check.ok) return Promise.resolve(fail(check.reason, check.message));
  if (opts.profile === 'detect') return detectServer({ ...opts, url: check.url }, probeServer);
  let profile: ServerProfile;
  let transport: TokenTransport;
  try {
    profile = resolveProfile(opts.profile);
    transport = resolveTransport(profile, opts.transport).data;
  } catch (err) {
    return Promise.resolve(fail('protocol', err instanceof Error ? err.message : String(err)));
  }
  const problem = tokenProblem(opts.token, transport);
  if (problem) return Promise.resolve(fail('auth_refused', problem));
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const quietMs = opts.upgradeQuietMs ?? UPGRADE_QUIET_MS;
  const host = check.url.host;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ProbeResult): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    let quiet: ReturnType<typeof setTimeout> | null = null;
    let signedInAs = host;
    const succeed = (userId: string): void => {
      if (quiet !== null) clearTimeout(quiet);
      done({ ok: true, userId });
      void link.close(1000, 'probe done');
    };
    const link: Link = new Link({
      request: buildConnectRequest(check.url, opts.token, transport, profile.token.subprotocol),
      profile,
      upgradeIdentity: upgradeIdentity(profile.identity, opts.token, profile.label),
      token: opts.token,
      handshakeTimeoutMs: timeoutMs,
      // The probe lives for one handshake; the heartbeat only has to outlast it.
      heartbeatMs: timeoutMs,
      pongTimeoutMs: timeoutMs,
      clock: systemClock,
      counters: newCounters(),
      onAuth: (userId) => {
        if (profile.signIn !== 'upgrade') return succeed(userId);
        signedInAs = userId;
        // Signed in by the upgrade: a refusal would come as the first frame, so wait for one or for quiet.
        quiet = setTimeout(() => succeed(userId), quietMs);
      },
      onEvent: () => {
        if (quiet !== null) succeed(signedInAs);
      },
      onEnd: (end) => {
        if (quiet !== null) clearTimeout(quiet);
        done(explainLinkEnd(end, host, timeoutMs, profile.refusals));
      },
    });
  });
}
