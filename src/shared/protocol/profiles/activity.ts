// Builds an activity event from a frame with a profile's ActivitySpec: the
// templates say which fields make the title, detail, state, action and key.
import type { ActivityEvent, NotificationLevel } from '../events';
import type { ActivitySpec, Templates } from './types';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const FIELD = /\{([A-Za-z0-9_.]+)\}/g;
/** What one activity field may hold: the Activity list is not a message store. */
const MAX_TEXT = 2_000;

/** A field of `data` (or of the frame when `data` lacks it); dots reach into nested objects. */
function field(top: Obj, data: Obj | null, path: string): string | null {
  const names = path.split('.');
  for (const root of data ? [data, top] : [top]) {
    let v: unknown = root;
    for (const n of names) v = isObj(v) && Object.hasOwn(v, n) ? v[n] : undefined;
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'boolean') return String(v);
  }
  return null;
}

/** The first template whose fields are all present, filled in; null when none fits. */
export function fill(templates: Templates | undefined, top: Obj, data: Obj | null): string | null {
  if (!templates) return null;
  for (const t of templates) {
    let missing = false;
    const out = t.replace(FIELD, (_m, name: string) => {
      const v = field(top, data, name);
      if (v === null) missing = true;
      return v ?? '';
    });
    if (!missing) return out.slice(0, MAX_TEXT);
  }
  return null;
}

/** Every field name the spec's templates read (the rest of a frame's fields are counted as unknown). */
export function fieldsOf(spec: ActivitySpec): Set<string> {
  const names = new Set<string>();
  const all = [spec.title, spec.detail, spec.state, spec.action, spec.key].flatMap((t) => t ?? []);
  for (const t of all) for (const m of t.matchAll(FIELD)) names.add((m[1] ?? '').split('.')[0] ?? '');
  if (typeof spec.level === 'object') names.add(spec.level.field.split('.')[0] ?? '');
  return names;
}

function levelOf(spec: ActivitySpec, top: Obj, data: Obj | null): NotificationLevel {
  const l = spec.level;
  if (l === undefined) return 'info';
  if (typeof l === 'string') return l;
  const v = field(top, data, l.field);
  return (v !== null && Object.hasOwn(l.map, v) ? l.map[v] : undefined) ?? l.otherwise;
}

function timestampOf(ts: unknown): string | null {
  if (typeof ts === 'string') return ts.length <= 100 ? ts : null;
  // Epoch milliseconds, within what Date can represent.
  if (typeof ts === 'number' && Number.isFinite(ts) && Math.abs(ts) < 8.64e15) return new Date(ts).toISOString();
  return null;
}

export function activityOf(type: string, top: Obj, spec: ActivitySpec): ActivityEvent {
  const data = isObj(top.data) ? top.data : null;
  const ts = top.timestamp ?? data?.timestamp;
  return {
    source: type.slice(0, 200),
    action: fill(spec.action, top, data),
    title: fill(spec.title, top, data) ?? type.slice(0, 200),
    detail: fill(spec.detail, top, data),
    state: fill(spec.state, top, data),
    key: fill(spec.key, top, data) ?? type.slice(0, 200),
    level: levelOf(spec, top, data),
    ts: timestampOf(ts),
    collapseRepeats: spec.collapseRepeats,
  };
}
