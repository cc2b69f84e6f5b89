// code-cloud-agents: an agent platform's WebSocket (`ws://host:3000/ws?token=…`).
// Wire facts (issue 11 §2, and the server's WebSocketManager): any non-empty
// `token` query parameter signs in as `user_` + its first 8 characters, answered
// by an `auth` frame (no historyId) and then a welcome notification on every
// connect; no token → an `auth` failure "No token provided" with the socket left
// open. JSON ping/pong both ways; a client silent 60 s is dropped at the next
// 30 s check. `agent_status` every 10 s and on change, `chat_message` (compat)
// with no threads, seq or subscribe; presence broadcast to everyone, `offline`
// for a user when any one of their connections closes. Client frames other than
// ping and user_presence are only logged by the server: nothing to send there.
import { PROFILE_LABELS } from './ids';
import { tableCodec } from './codec';
import type { ProfileData, ServerProfile } from './types';

const V1 = { kind: 'v1' } as const;

export const CODE_CLOUD_AGENTS_WELCOME = 'Connected to Code Cloud Agents WebSocket';

export const CODE_CLOUD_AGENTS_DATA: ProfileData = {
  id: 'code-cloud-agents',
  label: PROFILE_LABELS['code-cloud-agents'],
  url: { example: 'ws://localhost:3000/ws', path: '/ws' },
  token: { default: { kind: 'query', param: 'token' }, allowed: [{ kind: 'query', param: 'token' }] },
  signIn: 'auth-frame',
  identity: { kind: 'frame' },
  events: {
    auth: V1,
    ping: V1,
    pong: V1,
    notification: V1,
    chat_message: V1,
    user_presence: V1,
    error: V1,
    agent_status: {
      kind: 'activity',
      title: ['{agentName}', 'Agent'],
      state: ['{state}'],
      detail: ['{currentTask} ({progress}%)', '{currentTask}', '{progress}%'],
      key: ['{agentName}'],
      level: { field: 'state', map: { stopped: 'warning' }, otherwise: 'info' },
      // Broadcast every 10 s: the same status again is not news.
      collapseRepeats: true,
    },
  },
  otherTypes: 'unknown',
  welcome: { message: CODE_CLOUD_AGENTS_WELCOME },
  subscribe: 'none',
  hasPresence: true,
  // The server answers our JSON ping, and any JSON frame from us counts as life for it.
  heartbeat: { clientPing: 'json', lifeSigns: [] },
  refusals: {
    close: {},
    http: {},
    frames: [
      {
        reason: 'No token provided',
        action: 'reauth',
        message: 'This server expects the token in the `token` query parameter; it did not receive one.',
      },
    ],
  },
  canSend: { ok: false, reason: 'Code Cloud Agents does not take messages from Beacon: its server only sends agent status, chat and notifications.' },
  notificationRules: [{ type: 'agent_status', field: 'state', becomes: 'stopped' }],
};

const table = tableCodec(CODE_CLOUD_AGENTS_DATA, { without: ['subscribe', 'unsubscribe', 'send', 'read', 'subscribe_all'] });

/** `{"type":"user_presence","data":{"status":…}}` without userId: a tokenless client's status, naming nobody. */
function namesNobody(text: string): boolean {
  try {
    const f: unknown = JSON.parse(text);
    if (typeof f !== 'object' || f === null) return false;
    const data = (f as { data?: unknown }).data;
    return typeof data === 'object' && data !== null && !Array.isArray(data) && !('userId' in data) && !('user_id' in data);
  } catch {
    return false;
  }
}

export const CODE_CLOUD_AGENTS: ServerProfile = {
  ...CODE_CLOUD_AGENTS_DATA,
  codec: {
    decode(text) {
      const r = table.decode(text);
      // This server sends it to everyone whenever a tokenless client sets a status: it is known
      // and names nobody, so it is dropped as such (never taken as our own status), not as malformed.
      if (!r.ok && r.reason === 'invalid_frame' && r.frameType === 'user_presence' && namesNobody(text)) {
        return { ok: true, event: { type: 'known', frameType: 'user_presence' }, unknownFields: 0 };
      }
      return r;
    },
    encode: table.encode,
  },
};
