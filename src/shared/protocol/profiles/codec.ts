// The codec most profiles need, built from their data: each server type is
// decoded by the v1 decoder, made an activity, or known and ignored, as the
// profile's `events` table says; client frames go out in v1's shapes unless the
// profile says otherwise.
import type { DecodeResult } from '../events';
import { decodeV1Parsed, parseFrameText } from '../decode';
import type { ClientFrame } from '../encode';
import { encodeClientFrame } from '../encode';
import { activityOf, fieldsOf } from './activity';
import type { EventSpec, ProfileCodec, ProfileData } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const fail = (reason: Extract<DecodeResult, { ok: false }>['reason'], frameType: string | null, detail: string): DecodeResult => ({
  ok: false,
  reason,
  frameType,
  detail,
});

/**
 * A well-formed refusal, `{"type":"auth","data":{"success":false,"error"|"reason"|"message":…}}` (or the
 * fields at the top level): a refusal on every server, whatever its sign-in mode (a server of another
 * type answering a token it did not receive, e.g. "No token provided"). Null for anything else.
 */
export function authRefusalOf(top: Obj): DecodeResult | null {
  if (top.type !== 'auth') return null;
  const data = isObj(top.data) ? top.data : top;
  if (data.success !== false) return null;
  const reason = [data.reason, data.error, data.message].find((v): v is string => typeof v === 'string' && v.trim().length > 0);
  return { ok: true, event: { type: 'auth', ok: false, reason: (reason ?? 'authentication refused').slice(0, 500) }, unknownFields: 0 };
}

/** A frame past the common checks: an object with a non-empty string `type`. */
export type TypedFrame = Obj & { type: string };

/**
 * The head every table-driven decode starts with: the text parsed, an object,
 * a non-empty string `type`, and a well-formed auth refusal answered as such.
 * Returns the result to give back at once, or parseFrameText's own wrapper
 * (no other object per frame) holding the typed frame.
 */
export function decodeHead(text: string): DecodeResult | { raw: TypedFrame } {
  const parsed = parseFrameText(text);
  if ('ok' in parsed) return parsed;
  const top = parsed.raw;
  if (!isObj(top)) return fail('not_object', null, 'frame is not a JSON object');
  if (typeof top.type !== 'string' || top.type.length === 0) return fail('missing_type', null, 'frame has no string "type"');
  return authRefusalOf(top) ?? (parsed as { raw: TypedFrame });
}

/** The spec for a type: exact entry, then the longest `*suffix` pattern, then the profile's rule for other types. */
export function specFor(profile: Pick<ProfileData, 'events' | 'otherTypes' | 'heartbeat'>, type: string): EventSpec | null {
  if (Object.hasOwn(profile.events, type)) return profile.events[type] ?? null;
  if (profile.heartbeat.lifeSigns.includes(type)) return { kind: 'known' };
  let best: { spec: EventSpec; len: number } | null = null;
  for (const [pattern, spec] of Object.entries(profile.events)) {
    if (pattern.startsWith('*') && type.endsWith(pattern.slice(1)) && (!best || pattern.length > best.len)) best = { spec, len: pattern.length };
  }
  if (best) return best.spec;
  return profile.otherTypes === 'unknown' ? null : profile.otherTypes;
}

const COMMON = new Set(['type', 'timestamp', 'data']);

function countUnknown(top: Obj, known: Set<string>): number {
  let n = 0;
  for (const k in top) if (!COMMON.has(k) && !known.has(k)) n++;
  if (isObj(top.data)) for (const k in top.data) if (!known.has(k)) n++;
  return n;
}

export interface TableCodecOptions {
  /** Client frames this server writes differently; return undefined to fall back to v1's shape. */
  encode?: (frame: ClientFrame) => string | null | undefined;
  /** Client frame types this server does not have (nothing is sent for them). */
  without?: readonly ClientFrame['type'][];
}

export function tableCodec(profile: ProfileData, opts: TableCodecOptions = {}): ProfileCodec {
  const activityFields = new Map<EventSpec, Set<string>>();
  const without = new Set(opts.without ?? []);
  if (!profile.hasPresence) without.add('user_presence');
  const welcome = profile.welcome?.message ?? null;
  return {
    decode(text) {
      const head = decodeHead(text);
      if ('ok' in head) return head;
      const top = head.raw;
      const type = top.type;
      const spec = specFor(profile, type);
      if (!spec) return fail('unknown_type', type, `unknown frame type "${type.slice(0, 60)}"`);
      switch (spec.kind) {
        case 'known':
          return { ok: true, event: { type: 'known', frameType: type.slice(0, 200) }, unknownFields: 0 };
        case 'activity': {
          let fields = activityFields.get(spec);
          if (!fields) activityFields.set(spec, (fields = fieldsOf(spec)));
          return { ok: true, event: { type: 'activity', ...activityOf(type, top, spec) }, unknownFields: countUnknown(top, fields) };
        }
        case 'v1': {
          const r = decodeV1Parsed(top);
          if (r.ok && r.event.type === 'notification' && welcome !== null && r.event.message === welcome) {
            return { ...r, event: { ...r.event, welcome: true } };
          }
          return r;
        }
      }
    },
    encode(frame) {
      if (without.has(frame.type)) return null;
      const own = opts.encode?.(frame);
      return own !== undefined ? own : encodeClientFrame(frame);
    },
  };
}
