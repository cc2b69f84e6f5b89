// Channels the user follows on servers whose threads are channels they name
// (agentcmd `session:123`): checked against the profile, kept per server in a
// small session file so the next start follows them again, and what the window
// may know of the server (ServerInfo).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { ServerInfo } from '../../shared/ipc/server-schemas';
import type { ThreadView } from '../../shared/ipc/workspace-schemas';
import type { ServerProfile } from '../../shared/protocol/profiles';
import type { TokenTransport } from '../../shared/types';
import { writeFileAtomicSync } from '../lifecycle';
import type { Logger } from '../log';

/** More than anyone follows by hand; the engine has its own bound too. */
export const MAX_FOLLOWED = 200;

const FileSchema = z.strictObject({ version: z.literal(1), channels: z.array(z.string().min(1).max(512)).max(MAX_FOLLOWED) });

/** What the window may know of the server: its label, whether it takes messages, whether it has channels to follow. */
export function serverInfoOf(profile: ServerProfile, transport?: TokenTransport): ServerInfo {
  return {
    ...(transport ? { transport } : {}),
    profile: profile.id,
    label: profile.label,
    canSend: profile.canSend.ok,
    cannotSendReason: profile.canSend.ok ? null : profile.canSend.reason,
    presence: profile.hasPresence,
    follow: profile.follow ? { noun: profile.follow.noun, example: profile.follow.example } : null,
  };
}

/** Throws a person-readable error unless the profile's server has channels and takes this name. */
export function checkFollowable(profile: ServerProfile | null, threadId: string): void {
  if (!profile) throw new Error('Not signed in: sign in first.');
  const follow = profile.follow;
  if (!follow) throw new Error(`${profile.label} servers have no channels to follow.`);
  if (follow.pattern !== undefined && !new RegExp(`^(?:${follow.pattern})$`).test(threadId)) {
    throw new Error(`"${threadId.length > 80 ? `${threadId.slice(0, 80)}…` : threadId}" is not a ${follow.noun} name this server takes (for example ${follow.example}).`);
  }
}

/** A followed channel the workspace holds nothing of yet. */
export function followedView(threadId: string, muted: boolean): ThreadView {
  return { id: threadId, title: threadId, unread: 0, lastActivity: null, muted, preview: null };
}

/** The followed channels of one server, in the order followed; `path` null keeps them in memory. */
export class FollowedChannels {
  readonly #path: string | null;
  readonly #log: Logger;
  #channels: string[];

  constructor(path: string | null, log: Logger) {
    this.#path = path;
    this.#log = log;
    this.#channels = this.#load();
  }

  list(): readonly string[] {
    return this.#channels;
  }

  has(threadId: string): boolean {
    return this.#channels.includes(threadId);
  }

  /** False when already followed. Throws when the list is full or cannot be saved (nothing changes then). */
  add(threadId: string): boolean {
    if (this.has(threadId)) return false;
    if (this.#channels.length >= MAX_FOLLOWED) throw new Error(`At most ${MAX_FOLLOWED} channels can be followed: unfollow one first.`);
    this.#save([...this.#channels, threadId]);
    return true;
  }

  /** False when it was not followed. */
  remove(threadId: string): boolean {
    if (!this.has(threadId)) return false;
    this.#save(this.#channels.filter((c) => c !== threadId));
    return true;
  }

  #save(next: string[]): void {
    if (this.#path !== null) {
      mkdirSync(dirname(this.#path), { recursive: true, mode: 0o700 });
      writeFileAtomicSync(this.#path, `${JSON.stringify({ version: 1, channels: next })}\n`, 0o600);
    }
    this.#channels = next;
  }

  #load(): string[] {
    if (this.#path === null || !existsSync(this.#path)) return [];
    try {
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(this.#path, 'utf8')));
      if (parsed.success) return [...new Set(parsed.data.channels)];
      this.#log.warn('workspace: the followed channels file is not valid; following none');
    } catch (error) {
      this.#log.warn(`workspace: could not read the followed channels: ${error instanceof Error ? error.message : String(error)}`);
    }
    return [];
  }
}
