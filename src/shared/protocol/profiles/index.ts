// The profile registry: which server families this build speaks. A profile is
// one file of data plus at most a small codec (docs/profiles.md).
import { AGENTCMD } from './agentcmd';
import { BEACON_V1 } from './beacon-v1';
import { CODE_CLOUD_AGENTS } from './code-cloud-agents';
import { HUSH } from './hush';
import { MOZAIKS } from './mozaiks';
import { DEFAULT_PROFILE_ID, PROFILE_IDS, PROFILE_LABELS, type ProfileId } from './ids';
import type { ServerProfile, TransportRule } from './types';
import type { TokenTransport } from '../../types';

const REGISTRY: Partial<Record<ProfileId, ServerProfile>> = {
  'beacon-v1': BEACON_V1,
  'code-cloud-agents': CODE_CLOUD_AGENTS,
  hush: HUSH,
  'mozaiks-notifications': MOZAIKS,
  agentcmd: AGENTCMD,
};

/** The profile, or undefined when this build has none for that id yet. */
export function getProfile(id: ProfileId): ServerProfile | undefined {
  return REGISTRY[id];
}

/** The profile, or an error naming what is missing. */
export function requireProfile(id: ProfileId = DEFAULT_PROFILE_ID): ServerProfile {
  const p = REGISTRY[id];
  if (!p) throw new Error(`Beacon cannot talk to ${PROFILE_LABELS[id] ?? id} servers yet (no "${id}" profile in this build).`);
  return p;
}

/** The profiles this build has, in the UI's order. */
export function availableProfiles(): ServerProfile[] {
  return PROFILE_IDS.flatMap((id) => REGISTRY[id] ?? []);
}

function ruleAllows(rule: TransportRule, t: TokenTransport): boolean {
  switch (rule.kind) {
    case 'header':
    case 'subprotocol':
      return t.kind === rule.kind;
    case 'query':
      return t.kind === 'query' && (rule.param === undefined || rule.param === t.param);
    case 'cookie':
      return t.kind === 'cookie' && (rule.name === undefined || rule.name === t.name);
  }
}

/** Whether the profile's server can receive the token this way. */
export function transportAllowed(profile: ServerProfile, t: TokenTransport): boolean {
  return profile.token.allowed.some((r) => ruleAllows(r, t));
}

/** How the profile wants the token, for messages: "the `token` query parameter". */
export function describeTransport(t: TokenTransport): string {
  switch (t.kind) {
    case 'header':
      return 'the Authorization header';
    case 'query':
      return `the \`${t.param}\` query parameter`;
    case 'subprotocol':
      return 'the Sec-WebSocket-Protocol header';
    case 'cookie':
      return `the \`${t.name}\` cookie`;
  }
}

export { DEFAULT_PROFILE_ID, DETECT_PROFILE, PROFILE_IDS, PROFILE_LABELS, ProfileChoiceSchema, ProfileIdSchema } from './ids';
export type { ProfileChoice, ProfileId } from './ids';
export { NotificationRuleSchema, NotificationRulesSchema, RULE_FIELDS, ruleTypeMatches } from './rules';
export type { NotificationRule } from './rules';
export { tableCodec, specFor } from './codec';
export type { TableCodecOptions } from './codec';
export type {
  ActivitySpec,
  EventSpec,
  HeartbeatSpec,
  IdentitySpec,
  ProfileCodec,
  ProfileData,
  RefusalAction,
  RefusalFrame,
  RefusalOverride,
  ServerProfile,
  SignInConfirmation,
  SubprotocolForm,
  SubscribeStrategy,
  Templates,
  TransportRule,
} from './types';
export { jwtClaim, upgradeIdentity, upgradeUserId } from './identity';
export type { UpgradeIdentity } from './identity';
