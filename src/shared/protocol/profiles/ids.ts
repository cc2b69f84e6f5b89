// Profile ids and their labels, with the schemas that check them. The data
// itself is in labels.ts (no zod), so the renderer can name a profile without
// loading a schema library or any codec.
import { z } from 'zod';
import { DETECT_PROFILE, PROFILE_IDS } from './labels';

export { DEFAULT_PROFILE_ID, DETECT_PROFILE, PROFILE_IDS, PROFILE_LABELS } from './labels';
export type { ProfileId } from './labels';

export const ProfileIdSchema = z.enum(PROFILE_IDS);

/** A profile id, or "detect": the sign-in probe recognises the server from what it sends first. */
export const ProfileChoiceSchema = z.union([ProfileIdSchema, z.literal(DETECT_PROFILE)]);
export type ProfileChoice = z.infer<typeof ProfileChoiceSchema>;
