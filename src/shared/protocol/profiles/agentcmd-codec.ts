// The `{channel, type, data}` envelope of agentcmd (Phoenix-channels style):
// the `global` channel carries sign-in, errors, pongs and subscription acks; a
// `domain:id` channel carries its events, which the profile's table makes
// activity. Client frames are written in the same envelope.
import type { DecodeResult, ServerEvent } from '../events';
import type { ClientFrame } from '../encode';
import { activityOf } from './activity';
import { decodeHead, specFor } from './codec';
import type { ProfileCodec, ProfileData } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const clip = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);

const ENVELOPE = new Set(['channel', 'type', 'data', 'timestamp']);
/** The longest output line kept for the Activity list. */
const MAX_LINE = 300;

const ok = (event: ServerEvent, unknownFields = 0): DecodeResult => ({ ok: true, event, unknownFields });
const fail = (reason: Extract<DecodeResult, { ok: false }>['reason'], frameType: string | null, detail: string): DecodeResult => ({
  ok: false,
  reason,
  frameType,
  detail,
});

/** The refusal reason of an authentication `global.error`: `error` and, when given, `message`. */
export function refusalReason(data: Obj): string {
  const error = str(data.error) ?? 'Authentication failed';
  const message = str(data.message);
  return clip(message ? `${error}: ${message}` : error, 500);
}

/** The last line of text in a stream output's payload (a string, or a message whose content blocks hold text). */
export function lastOutputLine(data: Obj | null): string | null {
  if (!data) return null;
  const texts: string[] = [];
  // A message's content is a string or a list of blocks; a block's text is in `text` (or `content`).
  const collect = (v: unknown, depth: number): void => {
    if (depth > 6) return;
    if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) for (const b of v.slice(-20)) collect(b, depth + 1);
    else if (isObj(v)) collect(v.text ?? v.content, depth + 1);
  };
  for (const name of ['text', 'output', 'chunk', 'content', 'message']) {
    if (data[name] !== undefined) {
      collect(data[name], 0);
      break;
    }
  }
  for (let i = texts.length - 1; i >= 0; i--) {
    const lines = (texts[i] ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
    const last = lines[lines.length - 1];
    if (last !== undefined) return clip(last, MAX_LINE);
  }
  return null;
}

function decodeGlobal(type: string, data: Obj): DecodeResult {
  switch (type) {
    case 'global.connected':
      // The fake (and newer servers) name the user; one that does not leaves it to the profile's identity.
      return ok({ type: 'auth', ok: true, userId: clip(str(data.userId) ?? '', 200), compat: false, historyId: null });
    case 'global.error': {
      const error = str(data.error) ?? '';
      // Sent before the 1008 close when the token is missing or refused.
      if (/^authentication/i.test(error)) return ok({ type: 'auth', ok: false, reason: refusalReason(data) });
      const message = str(data.message);
      return ok({ type: 'error', message: clip(message ? `${error || 'error'}: ${message}` : error || 'unspecified server error', 1_000), clientId: null, threadId: null });
    }
    case 'global.pong':
      return ok({ type: 'pong' });
    case 'global.ping':
    case 'global.subscription_success':
      return ok({ type: 'known', frameType: type });
    case 'global.subscription_error': {
      const channel = str(data.channel);
      const why = str(data.error) ?? str(data.reason) ?? 'refused';
      return ok({ type: 'error', message: clip(`Could not follow ${channel ?? 'a channel'}: ${why}`, 1_000), clientId: null, threadId: channel });
    }
    default:
      return fail('unknown_type', type, `unknown global frame type "${type.slice(0, 60)}"`);
  }
}

/** Output lines use the table's spec for their type, with the last line of text as the detail. */
const STREAM_TYPES = new Set(['session.stream_output', 'workflow.run.step.log_chunk']);

export function agentcmdCodec(profile: ProfileData): ProfileCodec {
  return {
    decode(text) {
      const head = decodeHead(text);
      if ('ok' in head) return head;
      const top = head.raw;
      const type = top.type;
      const data = isObj(top.data) ? top.data : null;
      if (top.channel === 'global' || type.startsWith('global.')) return decodeGlobal(type, data ?? {});
      const spec = specFor(profile, type);
      if (!spec) return fail('unknown_type', type, `unknown frame type "${type.slice(0, 60)}"`);
      if (spec.kind !== 'activity') return ok({ type: 'known', frameType: type.slice(0, 200) });
      let unknown = 0;
      for (const k in top) if (!ENVELOPE.has(k)) unknown++;
      const event = activityOf(type, top, spec);
      if (STREAM_TYPES.has(type)) event.detail = lastOutputLine(data);
      return ok({ type: 'activity', ...event }, unknown);
    },
    encode(frame: ClientFrame) {
      switch (frame.type) {
        case 'ping':
          return '{"channel":"global","type":"ping"}';
        case 'subscribe':
        case 'unsubscribe':
          // The one-channel form; the server acks each on the global channel.
          return JSON.stringify({ type: frame.type, channel: frame.threadId });
        default:
          // No pong (the server never pings), no presence, read marks or messages from Beacon.
          return null;
      }
    },
  };
}
