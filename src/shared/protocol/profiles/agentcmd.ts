// agentcmd: an agent command server (Fastify + @fastify/websocket, `ws://host/ws`).
// Wire facts (issue 11 §2, checked against agentcmd's `server/websocket` and
// `shared/types/websocket.types.ts`, as test/profiles/fakes/agentcmd.ts
// reproduces them):
// - Token: `Authorization: Bearer <jwt>`, or the `token` query parameter. The
//   upgrade is always accepted; then `global.connected` {timestamp, userId}
//   signs in, or `global.error` {error: "Authentication required" | "…failed",
//   message} is followed by close 1008.
// - Every frame is `{channel, type, data}`; channels are `domain:id`
//   (`session:123`, `project:7`). Beacon follows channels as threads:
//   `{"type":"subscribe","channel":"session:123"}` (and `unsubscribe`), each
//   acked on `global` with `global.subscription_success` {channel} or
//   `global.subscription_error` {channel, error}; resubscribed after a reconnect.
// - Ping: `{"channel":"global","type":"ping"}` → `global.pong`; a bare
//   `{"type":"ping"}` is an "Unknown channel" error. No server heartbeat.
// - Channel events: `session.stream_output` {message, sessionId} (an agent's
//   output, thousands per run), `session.message_complete`, `session.error`,
//   `session.session_updated` {state, name, error_message}, `*.completed`,
//   `*.failed`, `workflow.run.updated` {run_id, changes: {status …}} and more:
//   all activity, one Activity line per channel (runs: per run).
// - Restart: @fastify/websocket closes every client without a status (1005).
import { agentcmdCodec } from './agentcmd-codec';
import { PROFILE_LABELS } from './ids';
import type { ActivitySpec, ProfileData, ServerProfile } from './types';

const activity = (spec: ActivitySpec) => ({ kind: 'activity', ...spec }) as const;

/** One Activity line per channel: its latest event (output line, completion, failure). */
const PER_CHANNEL = { title: ['{channel}'], key: ['{channel}'] } as const;

export const AGENTCMD_DATA: ProfileData = {
  id: 'agentcmd',
  label: PROFILE_LABELS.agentcmd,
  url: { example: 'ws://localhost:3456/ws', path: '/ws' },
  token: {
    // The header keeps the token out of URLs; the query parameter is there for proxies that drop it.
    default: { kind: 'header' },
    allowed: [{ kind: 'header' }, { kind: 'query', param: 'token' }],
  },
  signIn: 'auth-frame',
  // agentcmd's own source sends `global.connected` without the user: then the token's `userId` claim says.
  identity: { kind: 'jwt-claim', claim: 'userId' },
  events: {
    // Output is not a notification: no rule names it; repeats of one line collapse.
    'session.stream_output': activity({ ...PER_CHANNEL, state: ['running'], collapseRepeats: true }),
    'workflow.run.step.log_chunk': activity({ title: ['Step {step_id}'], key: ['step {step_id}'], state: ['running'], collapseRepeats: true }),
    'session.message_complete': activity({ ...PER_CHANNEL, state: ['replied'], level: 'success', collapseRepeats: false }),
    'session.session_updated': activity({
      ...PER_CHANNEL,
      state: ['{state}'],
      detail: ['{error_message}', '{name}'],
      level: { field: 'state', map: { error: 'error' }, otherwise: 'info' },
      collapseRepeats: true,
    }),
    'session.error': activity({ ...PER_CHANNEL, state: ['error'], detail: ['{error}', '{message}'], level: 'error', collapseRepeats: false }),
    'workflow.run.updated': activity({
      title: ['Workflow run {run_id}'],
      key: ['run {run_id}'],
      state: ['{changes.status}'],
      detail: ['{changes.error_message}', '{changes.current_step}', '{changes.current_phase}'],
      level: { field: 'changes.status', map: { failed: 'error', completed: 'success' }, otherwise: 'info' },
      collapseRepeats: true,
    }),
    '*.completed': activity({ ...PER_CHANNEL, state: ['completed'], detail: ['{message}', '{summary}', '{result}'], level: 'success', collapseRepeats: false }),
    '*.failed': activity({ ...PER_CHANNEL, state: ['failed'], detail: ['{error}', '{message}', '{reason}'], level: 'error', collapseRepeats: false }),
  },
  // The server grows new event types (webhooks, artifacts …): each is activity on its channel's line.
  otherTypes: { kind: 'activity', ...PER_CHANNEL, detail: ['{message}', '{error}', '{status}'], collapseRepeats: true },
  welcome: null,
  subscribe: 'threads',
  hasPresence: false,
  heartbeat: { clientPing: 'json', lifeSigns: [] },
  refusals: {
    // The `global.error` before it says more; a bare 1008 still means "sign in again".
    close: { 1008: { action: 'reauth', message: 'AgentCmd refused the token (1008): it is invalid or expired. Sign in again with a new token.' } },
    http: {},
    frames: [
      {
        reason: 'Authentication required: No authentication token provided',
        action: 'reauth',
        message: 'AgentCmd received no token: it reads it from the Authorization header (Bearer) or the `token` query parameter. Sign in again.',
      },
    ],
  },
  canSend: {
    ok: false,
    reason: 'AgentCmd sessions are driven from AgentCmd itself: Beacon follows their channels and tells you when a run completes or fails.',
  },
  // Channels are `domain:id`; the server has the session, project and terminal domains (others: "Unknown resource type").
  follow: { noun: 'channel', example: 'session:123', pattern: '(?:session|project|terminal):[A-Za-z0-9][A-Za-z0-9._-]{0,199}' },
  notificationRules: [
    { type: '*.completed' },
    { type: '*.failed' },
    { type: 'session.error' },
    { type: 'workflow.run.updated', field: 'state', becomes: 'completed' },
    { type: 'workflow.run.updated', field: 'state', becomes: 'failed' },
  ],
};

export const AGENTCMD: ServerProfile = { ...AGENTCMD_DATA, codec: agentcmdCodec(AGENTCMD_DATA) };
