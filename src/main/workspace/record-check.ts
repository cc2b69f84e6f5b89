// A plain-code check of a stored record, for the load of up to 50 000 lines at
// startup, where the schema's per-object work was a third of the load. Its
// contract: return what RecordSchema would return, or null and leave the
// value to the schema; it never rejects a record itself.
import { MESSAGE_LIMITS } from '../../shared/protocol/schemas';
import type { StoreRecord } from './store-format';

const REQUIRED = ['key', 'id', 'seq', 'sender', 'body', 'encrypted', 'ts', 'local'] as const;
const OPTIONAL = new Set(['state', 'clientId', 'failure']);
const STATES = new Set(['pending', 'delivered', 'failed']);

const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isText = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

export function quickRecord(v: unknown): StoreRecord | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  let keys = 0;
  for (const _ in o) keys++;
  if (keys !== 1) return null;
  if ('g' in o) {
    const g = o.g;
    return Array.isArray(g) && g.length === 2 && isSeq(g[0]) && isSeq(g[1]) ? { g: [g[0], g[1]] } : null;
  }
  const m = o.m;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return null;
  const r = m as Record<string, unknown>;
  let extra = 0;
  for (const k in r) if (!OPTIONAL.has(k) && !(REQUIRED as readonly string[]).includes(k)) extra++;
  if (extra > 0 || Object.getPrototypeOf(r) !== Object.prototype) return null;
  for (const k of REQUIRED) if (!(k in r)) return null;
  const { key, id, seq, sender, body, encrypted, ts, local, state, clientId, failure } = r;
  if (!isText(key, 1, MESSAGE_LIMITS.id + 8) || !isText(id, 1, MESSAGE_LIMITS.id) || !isText(sender, 0, MESSAGE_LIMITS.id)) return null;
  if (!(seq === null || isSeq(seq)) || !(body === null || isText(body, 0, MESSAGE_LIMITS.text))) return null;
  if (typeof encrypted !== 'boolean' || typeof local !== 'boolean') return null;
  if (!(ts === null || (typeof ts === 'number' && Number.isFinite(ts)))) return null;
  if (state !== undefined && !(typeof state === 'string' && STATES.has(state))) return null;
  if (clientId !== undefined && !isText(clientId, 1, MESSAGE_LIMITS.clientId)) return null;
  if (failure !== undefined && !isText(failure, 0, 1000)) return null;
  if ('state' in r && state === undefined) return null;
  if ('clientId' in r && clientId === undefined) return null;
  if ('failure' in r && failure === undefined) return null;
  const out: Extract<StoreRecord, { m: unknown }>['m'] = { key, id, seq, sender, body, encrypted, ts, local };
  if (state !== undefined) out.state = state as 'pending' | 'delivered' | 'failed';
  if (clientId !== undefined) out.clientId = clientId;
  if (failure !== undefined) out.failure = failure;
  return { m: out };
}
