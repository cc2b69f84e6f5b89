// Profile ids and their labels: plain data with no other import, so settings,
// IPC schemas and the renderer can name a profile without loading any codec.
import { z } from 'zod';

/** Every server family Beacon has (or will have) a profile for; the registry says which exist in this build. */
export const PROFILE_IDS = ['beacon-v1', 'code-cloud-agents', 'hush', 'mozaiks-notifications', 'agentcmd'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];
export const ProfileIdSchema = z.enum(PROFILE_IDS);

/** "Detect": the sign-in probe recognises the server from what it sends first. */
export const DETECT_PROFILE = 'detect';
export const ProfileChoiceSchema = z.union([ProfileIdSchema, z.literal(DETECT_PROFILE)]);
export type ProfileChoice = z.infer<typeof ProfileChoiceSchema>;

export const DEFAULT_PROFILE_ID: ProfileId = 'beacon-v1';

/** What the UI calls each server type. */
export const PROFILE_LABELS: Readonly<Record<ProfileId, string>> = {
  'beacon-v1': 'Beacon relay',
  'code-cloud-agents': 'Code Cloud Agents',
  hush: 'Hush',
  'mozaiks-notifications': 'Mozaiks',
  agentcmd: 'AgentCmd',
};
