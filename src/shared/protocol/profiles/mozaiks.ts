// mozaiks-notifications: a plugin platform's notification channel (FastAPI under
// uvicorn, `ws://host:8000/ws/notifications/{userId}`).
// Wire facts (issue 11 §2, checked against mozaiks-core's `backend/main.py`,
// `core/http/websocket_auth.py` and `core/notifications_manager.py`, as
// test/profiles/fakes/mozaiks.ts reproduces them):
// - The token (an HS256 JWT; the user is its `user_id`, else `sub`) comes from
//   the subprotocol, else the `access_token` query parameter. The subprotocol
//   form is mozaiks' own: the client offers `mozaiks, <jwt>` and the server
//   selects `mozaiks`. The path's last segment must be the token's user or `_`.
// - Refused before accept (4001: missing, invalid or expired token; 4003: the
//   path's user is not the token's): the client sees HTTP 403 on the upgrade.
//   Behind a proxy that completes the handshake first, the close codes arrive.
// - First frame `{"type":"connection_ack","data":{"user_id":…}}`; then events
//   `{type, action, data, timestamp}` pushed unasked (no subscribe, no presence):
//   `notification` (data {id, title, message, type, user_id, created_at, read,
//   metadata}, sometimes a top-level `subtype`), `task_update` {task_id, action},
//   `system_announcement` {message}, and whatever plugins publish
//   (`my_plugin_update` with action `created` …): any other type is activity.
// - Client `{"type":"ping"}` → `{"type":"pong"}`; other client text is ignored.
import type { DecodeResult } from '../events';
import { tableCodec } from './codec';
import { PROFILE_LABELS } from './ids';
import type { ProfileData, ServerProfile } from './types';

const V1 = { kind: 'v1' } as const;

/** The subprotocol mozaiks selects; the token is offered beside it. */
export const MOZAIKS_SUBPROTOCOL = 'mozaiks';

const SIGN_IN_AGAIN =
  'Mozaiks did not accept your sign-in (HTTP 403): the token is missing, invalid or expired, or the user id at the end of the URL is not the token\'s (use `_` or your own id). Sign in again with a new token.';

export const MOZAIKS_DATA: ProfileData = {
  id: 'mozaiks-notifications',
  label: PROFILE_LABELS['mozaiks-notifications'],
  url: { example: 'ws://localhost:8000/ws/notifications/_', path: '/ws/notifications/{userId}' },
  token: {
    // The subprotocol keeps the token out of URLs (and so out of proxies' access logs).
    default: { kind: 'subprotocol' },
    allowed: [{ kind: 'subprotocol' }, { kind: 'query', param: 'access_token' }],
    subprotocol: { offer: [MOZAIKS_SUBPROTOCOL], tokenPrefix: '' },
  },
  signIn: 'connection-ack',
  identity: { kind: 'frame' },
  events: {
    connection_ack: V1,
    pong: V1,
    ping: V1,
    notification: V1,
    system_announcement: V1,
    // Not in the source's notification path, but an error frame is never an Activity line.
    error: V1,
    task_update: {
      kind: 'activity',
      title: ['Task {task_id}', 'Task'],
      action: ['{action}'],
      state: ['{status}', '{action}'],
      detail: ['{message}', '{title}', '{name}'],
      key: ['task {task_id}'],
      level: { field: 'action', map: { failed: 'error', error: 'error', completed: 'success' }, otherwise: 'info' },
      // The same update sent twice is not news; a new action on the task is.
      collapseRepeats: true,
    },
  },
  // Plugins publish types of their own (`my_plugin_update` …): each is an Activity line, one per type.
  otherTypes: {
    kind: 'activity',
    title: ['{title}', '{name}'],
    action: ['{action}'],
    state: ['{status}', '{state}'],
    detail: ['{message}', '{description}', '{text}'],
    level: { field: 'level', map: { warning: 'warning', error: 'error', success: 'success' }, otherwise: 'info' },
    collapseRepeats: false,
  },
  welcome: null,
  subscribe: 'none',
  hasPresence: false,
  heartbeat: { clientPing: 'json', lifeSigns: [] },
  refusals: {
    close: {
      4001: { action: 'reauth', message: 'Mozaiks did not accept your token (4001): it is missing, invalid or expired. Sign in again with a new token.' },
      4003: {
        action: 'reauth',
        message: 'Mozaiks refused the connection (4003): the user id at the end of the URL is not the token\'s. Use `_` or your own id there, and sign in again.',
      },
    },
    http: { 403: { action: 'reauth', message: SIGN_IN_AGAIN } },
    frames: [],
  },
  canSend: { ok: false, reason: 'Mozaiks notifications only go one way: its server pushes notifications and updates and reads nothing Beacon could send.' },
  notificationRules: [
    // Notification frames notify by their level like any server's; of the activity, a task that
    // ends (done or failed) is worth a notification, its other updates are not.
    { type: 'task_update', field: 'action', equals: 'failed' },
    { type: 'task_update', field: 'action', equals: 'completed' },
  ],
};

const table = tableCodec(MOZAIKS_DATA, { without: ['subscribe', 'unsubscribe', 'send', 'read', 'subscribe_all'] });

/** Mozaiks' fields beyond the v1 decoder's own, per type: known, so not counted as ignored. */
const EXTRA: Readonly<Record<string, readonly string[]>> = {
  notification: ['action', 'subtype', 'user_id', 'created_at', 'read', 'metadata'],
  system_announcement: ['action'],
  connection_ack: ['action'],
};

function extrasIn(text: string, names: readonly string[]): number {
  try {
    const top = JSON.parse(text) as Record<string, unknown>;
    const data = typeof top.data === 'object' && top.data !== null && !Array.isArray(top.data) ? (top.data as Record<string, unknown>) : {};
    return names.filter((n) => Object.hasOwn(top, n)).length + names.filter((n) => Object.hasOwn(data, n)).length;
  } catch {
    return 0;
  }
}

/** Python's `datetime.utcnow().isoformat()`: UTC without a zone, which Date.parse would read as local time. */
const NAIVE_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/;

export const MOZAIKS: ServerProfile = {
  ...MOZAIKS_DATA,
  codec: {
    decode(text): DecodeResult {
      const r = table.decode(text);
      if (r.ok && r.event.type === 'activity' && r.event.ts !== null && NAIVE_ISO.test(r.event.ts)) {
        return { ...r, event: { ...r.event, ts: `${r.event.ts}Z` } };
      }
      if (!r.ok || r.unknownFields === 0) return r;
      const frameType = r.event.type === 'notification' ? 'notification' : r.event.type === 'announcement' ? 'system_announcement' : r.event.type === 'auth' ? 'connection_ack' : null;
      const extra = frameType === null ? undefined : EXTRA[frameType];
      return extra ? { ...r, unknownFields: Math.max(0, r.unknownFields - extrasIn(text, extra)) } : r;
    },
    encode: table.encode,
  },
};
