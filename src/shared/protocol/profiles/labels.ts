// Profile ids, their labels and what the sign-in form needs to know of each
// (placeholder URL, token transports): plain data with no import at run time,
// so the renderer can offer the server types without bundling zod or a codec.
// Each registered profile's own file must agree with SIGN_IN_HINTS
// (test/ipc/profile-labels.test.ts checks it).
import type { TokenTransport } from '../../types';
import type { TransportRule } from './types';

/** Every server family Beacon has (or will have) a profile for; the registry says which exist in this build. */
export const PROFILE_IDS = ['beacon-v1', 'code-cloud-agents', 'hush', 'mozaiks-notifications', 'agentcmd'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

/** "Detect": the sign-in probe recognises the server from what it sends first. */
export const DETECT_PROFILE = 'detect';

export const DEFAULT_PROFILE_ID: ProfileId = 'beacon-v1';

/** What the UI calls each server type. */
export const PROFILE_LABELS: Readonly<Record<ProfileId, string>> = {
  'beacon-v1': 'Beacon relay',
  'code-cloud-agents': 'Code Cloud Agents',
  hush: 'Hush',
  'mozaiks-notifications': 'Mozaiks',
  agentcmd: 'AgentCmd',
};

/** What the sign-in form shows for a server type: the profile's `url` and `token`, as data. */
export interface SignInHint {
  readonly url: { readonly example: string; readonly path: string | null };
  readonly token: { readonly default: TokenTransport; readonly allowed: readonly TransportRule[] };
}

export const SIGN_IN_HINTS: Readonly<Record<ProfileId, SignInHint>> = {
  'beacon-v1': {
    url: { example: 'wss://relay.example.com/ws', path: null },
    token: { default: { kind: 'header' }, allowed: [{ kind: 'header' }, { kind: 'query' }, { kind: 'subprotocol' }] },
  },
  'code-cloud-agents': {
    url: { example: 'ws://localhost:3000/ws', path: '/ws' },
    token: { default: { kind: 'query', param: 'token' }, allowed: [{ kind: 'query', param: 'token' }] },
  },
  hush: {
    url: { example: 'ws://localhost:8000/ws', path: '/ws' },
    token: { default: { kind: 'cookie', name: 'access_token' }, allowed: [{ kind: 'cookie', name: 'access_token' }] },
  },
  'mozaiks-notifications': {
    url: { example: 'ws://localhost:8000/ws/notifications/_', path: '/ws/notifications/{userId}' },
    token: { default: { kind: 'subprotocol' }, allowed: [{ kind: 'subprotocol' }, { kind: 'query', param: 'access_token' }] },
  },
  agentcmd: {
    url: { example: 'ws://localhost:3456/ws', path: '/ws' },
    token: { default: { kind: 'header' }, allowed: [{ kind: 'header' }, { kind: 'query', param: 'token' }] },
  },
};
