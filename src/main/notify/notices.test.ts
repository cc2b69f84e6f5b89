import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/types';
import { connectionNotice, watchConnectionNotices, type Notice } from './notices';

const authFailed: ConnectionState = { state: 'auth_failed', reason: 'token expired', code: 4401, forbidden: false, since: 1 };

describe('connection notices', () => {
  it('notifies once when the server stops accepting the sign-in, not on ordinary reconnects', () => {
    expect(connectionNotice({ state: 'connected', userId: 'u', since: 0, rttMs: null }, authFailed)).toEqual({
      title: 'Beacon: sign in again',
      body: 'The server no longer accepts your sign-in: token expired',
    });
    expect(connectionNotice(authFailed, { ...authFailed, since: 2 })).toBeNull();
    expect(connectionNotice(null, { state: 'reconnecting', attempt: 1, nextAttemptAt: 1, lastCloseCode: 1006, reason: 'lost', since: 0 })).toBeNull();
    expect(connectionNotice(null, { ...authFailed, forbidden: true, reason: 'banned' })?.title).toBe('Beacon: access refused');
  });

  it('tracks the previous state across a subscription', () => {
    let listener: (s: ConnectionState) => void = () => {};
    const shown: Notice[] = [];
    const off = watchConnectionNotices((l) => ((listener = l), () => {}), { state: 'stopped', since: 0 }, (n) => shown.push(n));
    listener(authFailed);
    listener(authFailed);
    listener({ state: 'connecting', attempt: 1, since: 3 });
    listener(authFailed);
    off();
    expect(shown).toHaveLength(2);
  });
});
