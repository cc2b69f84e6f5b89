// The conformance suite for hush against its fake server (test/profiles/fakes/hush.ts).
// Beyond the suite's own checks, every test ends with the fake's word on what
// Beacon sent: only `ping` and `subscribe_user` (so never a `user_presence`, and
// nothing the server would answer with an error frame).
import { expect } from 'vitest';
import { jwtClaim } from '../../src/shared/protocol/profiles';
import { waitFor } from '../connection/support/wait';
import { conformance, type ConformanceServer } from './conformance';
import { mintHushToken, startHushFake, type HushFake } from './fakes/hush';

const ME = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const CONV = 'aaaaaaaa-0000-4000-8000-000000000001';

/** The client frames hush understands without an error frame in answer (Beacon sends no others). */
const UNDERSTOOD = new Set(['ping', 'subscribe_user']);

type HushServer = ConformanceServer & { fake: HushFake; posted: string[] };

async function hushServer(): Promise<HushServer> {
  const fake = await startHushFake({ conversations: { [CONV]: [ME, BOB] } });
  const posted: string[] = [];
  return {
    fake,
    posted,
    get url() {
      return fake.url;
    },
    restart: () => fake.restart(),
    async close() {
      await fake.close();
      const sent = fake.received.map((f) => (typeof f === 'object' && f !== null ? (f as { type?: unknown }).type : f));
      expect(sent.filter((t) => !UNDERSTOOD.has(String(t))), 'frames hush would answer with an error').toEqual([]);
      expect(sent).not.toContain('user_presence');
    },
    async news(i) {
      // Our socket joins the conversation by subscribe_user after each sign-in; news before that would reach nobody.
      await waitFor(() => {
        const subs = fake.subscriptionsOf(ME);
        return subs.length > 0 && subs.every((s) => s.includes(CONV));
      }, 'subscribed to every conversation');
      posted.push(fake.postEncrypted(CONV, BOB, { groupEpoch: i, clientMessageId: `bob-${i}` }).id);
    },
  };
}

let lastServer: HushServer | null = null;

conformance({
  profile: 'hush',
  start: async () => (lastServer = await hushServer()),
  token: () => mintHushToken(ME),
  userId: (token) => jwtClaim(token, 'sub') ?? '',
  otherUser: BOB,
  news: {
    kind: 'message',
    // Shown as "Encrypted message": no body, no ciphertext, no seq; the conversation is the thread.
    match: (i) => ({ id: lastServer?.posted[i - 1], threadId: CONV, sender: BOB, seq: null, body: null, encrypted: true, ciphertext: null, iv: null, compat: false }),
  },
  // An expired token: hush closes with 4001 before accept, which the client sees as HTTP 403.
  refusal: async (s) => ({
    url: s.url,
    token: await mintHushToken(ME, { expiresInSec: -60 }),
    words: /^Hush did not accept your sign-in: the access token has expired or is not valid\. Sign in to Hush again/,
    forbidden: false,
    cleanup: async () => {
      expect(lastServer?.fake.upgrades).toBe(1);
    },
  }),
});
