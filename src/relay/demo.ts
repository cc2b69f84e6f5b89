// The demo workspace: a handful of people and threads with some history, and
// a bot that keeps them alive (messages, presence changes, notifications).
import type { NotificationLevel } from '../shared/protocol';
import type { PresenceStatus } from '../shared/types';
import type { RelayCore } from './core';
import type { WorkspaceSeed } from './workspace';

export const DEMO_USER = 'you';

export const DEMO_WORKSPACE: WorkspaceSeed = {
  users: [
    { id: DEMO_USER, name: 'You' },
    { id: 'alice', name: 'Alice Moreau' },
    { id: 'bob', name: 'Bob Okafor' },
    { id: 'chen', name: 'Chen Wei' },
    { id: 'dana', name: 'Dana Kowalski' },
    { id: 'eli', name: 'Eli Haddad' },
  ],
  threads: [
    { id: 'general', title: 'General', members: [DEMO_USER, 'alice', 'bob', 'chen', 'dana', 'eli'] },
    { id: 'deploys', title: 'Deploys', members: [DEMO_USER, 'bob', 'dana'] },
    { id: 'design', title: 'Design review', members: [DEMO_USER, 'alice', 'chen'] },
    { id: 'random', title: 'Random', members: [DEMO_USER, 'alice', 'bob', 'eli'] },
  ],
};

/** How long before the seeding the newest seeded message was sent, and the gap between two of them. */
export const SEED_AGE_MS = 10 * 60_000;
const SEED_SPACING_MS = 3 * 60_000;

const HISTORY: [thread: string, sender: string, body: string][] = [
  ['general', 'alice', 'Morning all! Stand-up moved to 10:15 today.'],
  ['general', 'bob', 'Thanks. I will demo the new tray menu.'],
  ['general', 'chen', 'Reminder: retro notes are in the shared doc.'],
  ['deploys', 'dana', 'Build 41 is green, rolling out to staging.'],
  ['deploys', 'bob', 'Staging looks healthy. Promoting at noon.'],
  ['design', 'alice', 'New notification icons are up for review.'],
  ['design', 'chen', 'Love the busy indicator. Can we try a warmer amber?'],
  ['random', 'eli', 'Who wants coffee? Heading out in five.'],
];

const CHATTER: Record<string, string[]> = {
  general: ['Has anyone seen the latest metrics?', 'Lunch at the usual place?', 'Heads-up: VPN maintenance tonight.', 'Welcome to the team, Eli!'],
  deploys: ['Build {n} passed all checks.', 'Rolling back build {n}: error rate spiked.', 'Canary for build {n} at 10%.'],
  design: ['Pushed a new mockup for the settings window.', 'Contrast on dark mode needs another pass.', 'Icons exported at 1x and 2x.'],
  random: ['Anyone up for a board game Friday?', 'The office plant survived another week.', 'Playlist recommendations welcome.'],
};

const NOTIFICATIONS: [NotificationLevel, string, string][] = [
  ['info', 'Calendar', 'Design review starts in 10 minutes.'],
  ['success', 'Deploy', 'Build {n} is live in production.'],
  ['warning', 'Monitoring', 'Disk usage on db-2 is at 85%.'],
  ['error', 'Deploy', 'Build {n} failed: 3 tests red.'],
];

const MOODS: PresenceStatus[] = ['online', 'online', 'away', 'busy', 'offline'];
const INITIAL_PRESENCE: Record<string, PresenceStatus> = { alice: 'online', bob: 'away', chen: 'busy', dana: 'online', eli: 'offline' };

/**
 * Writes the demo history into demo threads that have none (so restarts with
 * --data stay tidy). The threads themselves come from the merged workspace
 * seed, so a --workspace entry for a demo thread keeps its title and members.
 */
export async function seedDemo(core: RelayCore, now: number = Date.now()): Promise<void> {
  const empty = new Set(DEMO_WORKSPACE.threads.filter((t) => core.store.threads.get(t.id)?.lastSeq === 0).map((t) => t.id));
  for (const [i, [thread, sender, body]] of HISTORY.entries()) {
    // History, not news: dated a while ago (the oldest first, a few minutes apart), well before the
    // notification policy's grace for server clocks, so a first sign-in raises no notification for it.
    const ts = new Date(now - (HISTORY.length - i) * SEED_SPACING_MS - SEED_AGE_MS).toISOString();
    if (empty.has(thread)) await core.postMessages(thread, sender, [body], ts);
  }
  for (const [userId, status] of Object.entries(INITIAL_PRESENCE)) core.setVirtualPresence(userId, status);
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Starts the bot; returns its stop function. */
export function startDemoBot(core: RelayCore, intervalMs: number): () => void {
  let tick = 0;
  let build = 42;
  const people = DEMO_WORKSPACE.users.map((u) => u.id).filter((id) => id !== DEMO_USER);
  const timer = setInterval(() => {
    tick++;
    const thread = pick(DEMO_WORKSPACE.threads);
    const senders = thread.members.filter((m) => m !== DEMO_USER);
    const body = pick(CHATTER[thread.id] ?? ['…']).replace('{n}', String(build++));
    core.postMessages(thread.id, pick(senders), [body]).catch((err: Error) => core.log(`demo bot: ${err.message}`));
    if (tick % 2 === 0) core.setVirtualPresence(pick(people), pick(MOODS));
    if (tick % 5 === 0) {
      const [level, title, message] = pick(NOTIFICATIONS);
      core.notify({ to: DEMO_USER, level, title, message: message.replace('{n}', String(build - 1)) });
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
