// The workspace seed: users and threads a relay starts with (from a file, the
// programmatic API, or the demo). Merged with whatever the data directory holds.
import fs from 'node:fs';
import { z } from 'zod';
import { MAX_ID_CHARS, UserIdSchema } from './frames';

/** What people read: a thread's title, a user's name. */
const TitleSchema = z.string().min(1).max(200);

export const ThreadSeedSchema = z.object({ id: z.string().min(1).max(MAX_ID_CHARS), title: TitleSchema, members: z.array(UserIdSchema) });
export type ThreadSeed = z.infer<typeof ThreadSeedSchema>;

export const WorkspaceSeedSchema = z.object({
  users: z.array(z.object({ id: UserIdSchema, name: TitleSchema })).default([]),
  threads: z.array(ThreadSeedSchema).default([]),
});
export type WorkspaceSeed = z.infer<typeof WorkspaceSeedSchema>;

export function loadWorkspaceFile(file: string): WorkspaceSeed {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read workspace file ${file}: ${(err as Error).message}`);
  }
  const parsed = WorkspaceSeedSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`workspace file ${file} is invalid: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad shape'}`);
  }
  return parsed.data;
}

/** Later seeds win for a user's name and a thread's title and members. */
export function mergeSeeds(...seeds: (WorkspaceSeed | undefined)[]): WorkspaceSeed {
  const users = new Map<string, WorkspaceSeed['users'][number]>();
  const threads = new Map<string, ThreadSeed>();
  for (const seed of seeds) {
    for (const u of seed?.users ?? []) users.set(u.id, u);
    for (const t of seed?.threads ?? []) threads.set(t.id, t);
  }
  return { users: [...users.values()], threads: [...threads.values()] };
}
