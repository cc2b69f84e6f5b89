// The conformance suite every profile runs against its server (issue 11 §4):
// sign in; news (messages or activity) delivered once; presence where the
// server has it; heartbeat over 2 minutes of fake engine time; a restart on
// the same port and the reconnect; a refusal → "sign in again" with the right
// words; and no unknown-frame noise for anything the server sent.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionEngineOptions } from '../../src/main/connection';
import type { ProfileId } from '../../src/shared/protocol/profiles';
import { requireProfile } from '../../src/shared/protocol/profiles';
import type { PresenceStatus } from '../../src/shared/types';
import { FakeClock } from '../connection/support/fake-clock';
import type { Client } from '../connection/support/setup';
import { client, stopClients, visibleText } from '../connection/support/setup';
import { sleep, waitFor } from '../connection/support/wait';

export interface ConformanceServer {
  /** The URL the engine dials (the profile's transport adds the token). */
  readonly url: string;
  /** Stops and listens again on the same port, dropping clients the way the real server does. */
  restart(): Promise<void>;
  close(): Promise<void>;
  /** Makes the server send news number i (a message, or an activity change). */
  news(i: number): Promise<void>;
  /** Sends the latest news again, as the server does on its own schedule (activity only). */
  repeatNews?(): Promise<void>;
  /** Another user's presence change (servers with presence). */
  otherPresence?(userId: string, status: PresenceStatus): Promise<void>;
  /** Resolves once the server has seen this user's chosen status (servers with presence). */
  ownPresenceSeen?(userId: string, status: PresenceStatus): Promise<void>;
}

export interface ConformanceTarget {
  profile: ProfileId;
  start(): Promise<ConformanceServer>;
  token(server: ConformanceServer): Promise<string>;
  userId(token: string): string;
  /** Another user the server knows (for presence). */
  otherUser: string;
  /** What news becomes in Beacon, and how news number i looks there. */
  news: { kind: 'message'; match: (i: number) => object } | { kind: 'activity'; match: (i: number) => object };
  /** Threads the client follows from the start (agentcmd channels): the server sends news only there. */
  follow?: readonly string[];
  /** A way to be refused, the words the state must carry, and whether it is "forbidden". */
  refusal(server: ConformanceServer): Promise<{ url: string; token: string; words: RegExp; forbidden: boolean; cleanup?: () => Promise<void> }>;
}

function newsOf(c: Client, kind: 'message' | 'activity'): object[] {
  return kind === 'message' ? c.rec.messages : c.rec.of('activity');
}

function quiet(c: Client): void {
  const d = c.engine.diagnostics();
  expect({ unknownFrameTypes: d.unknownFrameTypes, malformedFrames: d.malformedFrames }).toEqual({ unknownFrameTypes: 0, malformedFrames: 0 });
  expect(c.logs.filter((l) => /ignored .* frame/.test(l))).toEqual([]);
}

export function conformance(target: ConformanceTarget): void {
  const profile = requireProfile(target.profile);
  describe(`conformance: ${profile.label} (${profile.id})`, () => {
    let server: ConformanceServer | null = null;
    afterEach(async () => {
      await stopClients();
      await server?.close();
      server = null;
    });

    async function signedIn(extra: Partial<ConnectionEngineOptions> = {}): Promise<{ c: Client; token: string; s: ConformanceServer }> {
      const s = (server = await target.start());
      const token = await target.token(s);
      const c = client({ url: s.url, token, profile: target.profile, ...extra });
      for (const t of target.follow ?? []) c.engine.follow(t);
      c.engine.start();
      await waitFor(() => c.engine.state.state === 'connected', `${profile.label}: connected`);
      return { c, token, s };
    }

    it('signs in as the server names the user, and the token shows nowhere', async () => {
      const { c, token } = await signedIn();
      expect(c.engine.state).toMatchObject({ state: 'connected', userId: target.userId(token) });
      expect(c.engine.profile.id).toBe(target.profile);
      await sleep(100);
      quiet(c);
      expect(visibleText(c)).not.toContain(token);
    });

    it(`delivers each piece of news (${target.news.kind}) exactly once`, async () => {
      const { c, s } = await signedIn();
      for (const i of [1, 2, 3]) {
        await s.news(i);
        await waitFor(() => newsOf(c, target.news.kind).length === i, `news ${i}`);
        if (s.repeatNews) await s.repeatNews();
      }
      await sleep(200);
      const got = newsOf(c, target.news.kind);
      expect(got).toHaveLength(3);
      got.forEach((n, i) => expect(n).toMatchObject(target.news.match(i + 1)));
      quiet(c);
    });

    if (profile.hasPresence) {
      it('presence: our chosen status reaches the server, another user\'s reaches us', async () => {
        const { c, s, token } = await signedIn();
        c.engine.setPresence('away');
        await s.ownPresenceSeen?.(target.userId(token), 'away');
        await s.otherPresence?.(target.otherUser, 'busy');
        await waitFor(() => c.rec.of('presence').some((p) => p.userId === target.otherUser && p.status === 'busy'), 'the other user\'s presence');
        quiet(c);
      });
    } else {
      it('sends no presence to a server without it', async () => {
        const { c, s } = await signedIn();
        c.engine.setPresence('away');
        await s.news(1);
        await waitFor(() => newsOf(c, target.news.kind).length === 1, 'news after the presence change');
        quiet(c);
      });
    }

    it('heartbeat: stays up over 2 minutes of fake engine time, every ping answered', async () => {
      const clock = new FakeClock();
      const { c } = await signedIn({ clock, heartbeatMs: 25_000, pongTimeoutMs: 10_000 });
      const rtts: number[] = [];
      c.engine.on('rtt', (r) => rtts.push(r.rttMs));
      for (let t = 0; t < 120_000; t += 5_000) {
        clock.advance(5_000);
        // The server's answer arrives over the real socket.
        await sleep(25);
      }
      expect(c.engine.state.state).toBe('connected');
      const d = c.engine.diagnostics();
      expect({ deadLinks: d.deadLinks, connectAttempts: d.connectAttempts }).toEqual({ deadLinks: 0, connectAttempts: 1 });
      if (profile.heartbeat.clientPing !== 'none') expect(rtts.length).toBeGreaterThanOrEqual(4);
      quiet(c);
    });

    it('reconnects after the server restarts on the same port, and news is still delivered once', async () => {
      const { c, s } = await signedIn();
      await s.news(1);
      await waitFor(() => newsOf(c, target.news.kind).length === 1, 'news before the restart');
      await s.restart();
      await waitFor(() => c.rec.stateNames().includes('reconnecting'), 'reconnecting');
      await waitFor(() => c.engine.state.state === 'connected', 'connected again');
      await s.news(2);
      await waitFor(() => newsOf(c, target.news.kind).length === 2, 'news after the restart');
      await sleep(200);
      expect(newsOf(c, target.news.kind)).toHaveLength(2);
      expect(newsOf(c, target.news.kind)[1]).toMatchObject(target.news.match(2));
      expect(c.engine.diagnostics().reconnects).toBe(1);
      quiet(c);
    });

    it('a refusal stops the engine with words that say what to do, and nothing is retried', async () => {
      const s = (server = await target.start());
      const r = await target.refusal(s);
      try {
        const c = client({ url: r.url, token: r.token, profile: target.profile });
        c.engine.start();
        await waitFor(() => c.engine.state.state === 'auth_failed', 'auth_failed');
        expect(c.engine.state).toMatchObject({ state: 'auth_failed', forbidden: r.forbidden, reason: expect.stringMatching(r.words) });
        c.engine.networkChanged(true);
        await sleep(400);
        expect(c.engine.state.state).toBe('auth_failed');
        expect(c.engine.diagnostics().connectAttempts).toBe(1);
        expect(visibleText(c)).not.toContain(r.token);
      } finally {
        await r.cleanup?.();
      }
    });
  });
}
