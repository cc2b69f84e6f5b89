// beacon-v1: Beacon's own protocol (PROTOCOL.md), compat shapes included; the default.
import { decodeServerFrame } from '../decode';
import { encodeClientFrame } from '../encode';
import { PROFILE_LABELS } from './ids';
import type { ProfileData, ServerProfile } from './types';

const V1 = { kind: 'v1' } as const;

export const BEACON_V1_DATA: ProfileData = {
  id: 'beacon-v1',
  label: PROFILE_LABELS['beacon-v1'],
  url: { example: 'wss://relay.example.com/ws', path: null },
  token: {
    default: { kind: 'header' },
    allowed: [{ kind: 'header' }, { kind: 'query' }, { kind: 'subprotocol' }],
  },
  // A compat server's `connection_ack` is taken as well.
  signIn: 'auth-frame',
  identity: { kind: 'frame' },
  events: {
    auth: V1,
    connection_ack: V1,
    threads: V1,
    message: V1,
    chat_message: V1,
    gap: V1,
    ack: V1,
    read: V1,
    user_presence: V1,
    presence_snapshot: V1,
    notification: V1,
    system_announcement: V1,
    error: V1,
    ping: V1,
    pong: V1,
  },
  otherTypes: 'unknown',
  welcome: null,
  subscribe: 'v1',
  hasPresence: true,
  heartbeat: { clientPing: 'json', lifeSigns: [] },
  // PROTOCOL.md's table is the engine's default: nothing to override.
  refusals: { close: {}, http: {}, frames: [] },
  canSend: { ok: true },
  notificationRules: [],
};

export const BEACON_V1: ServerProfile = {
  ...BEACON_V1_DATA,
  // The v1 decoder itself, with its `message` fast path: the relay's hot path stays as measured.
  codec: { decode: decodeServerFrame, encode: (frame) => encodeClientFrame(frame) },
};
