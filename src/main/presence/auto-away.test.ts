// The auto-away machine on a fake clock, driving a real PresenceController:
// what the server would be told (`sent`) is checked, not only the machine's flag.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/connection/support/fake-clock';
import type { PresenceStatus } from '../../shared/types';
import { AutoAway, type AutoAwaySettings } from './auto-away';
import { PresenceController } from './presence';

const S = 1000;
const MIN = 60 * S;

/** The system as the machine sees it: a last-input time that the idle counter (whole seconds) follows. */
function rig(settings: Partial<AutoAwaySettings> = {}, chosen: PresenceStatus = 'online', withLockState = false) {
  const clock = new FakeClock();
  let lastInput = clock.now();
  let polls = 0;
  let lockReads = 0;
  let screenLocked: boolean | Error = false;
  let idleOverride: number | null = null;
  const sent: PresenceStatus[] = [];
  const presence = new PresenceController((s) => sent.push(s), chosen);
  presence.reapply();
  sent.length = 0;
  const lines: string[] = [];
  const auto = new AutoAway({
    settings: { autoAwayMinutes: 10, awayOnScreenLock: true, ...settings },
    setAway: (away) => presence.setAutoAway(away),
    clock,
    log: (l) => lines.push(l),
  });
  const isLocked = (): boolean => {
    lockReads++;
    if (screenLocked instanceof Error) throw screenLocked;
    return screenLocked;
  };
  const stop = auto.watchIdle(() => {
    polls++;
    return idleOverride ?? Math.floor((clock.now() - lastInput) / 1000);
  }, withLockState ? isLocked : undefined);
  return {
    clock, auto, presence, sent, lines, stop,
    polls: () => polls,
    lockReads: () => lockReads,
    /** The lock as getSystemIdleState reports it (Linux: the only way to know). */
    setScreenLocked: (locked: boolean | Error) => (screenLocked = locked),
    input: () => (lastInput = clock.now()),
    /** A counter that ignores some activity (e.g. an unlock on some systems). */
    reportIdle: (s: number | null) => (idleOverride = s),
  };
}

describe('auto-away on idle', () => {
  it('goes away once the idle time reaches autoAwayMinutes, polling at most every 30 s and landing on the threshold', () => {
    const r = rig();
    r.clock.advance(10 * MIN - 1);
    expect(r.sent).toEqual([]);
    r.clock.advance(1 * S);
    expect(r.sent).toEqual(['away']);
    expect(r.auto.reason()).toBe('idle');
    // 20 polls of 30 s, the start's, and none wasted near the threshold (it is hit exactly).
    expect(r.polls()).toBe(21);
    expect(r.lines).toEqual(['auto-away: away (idle)']);
  });

  it('comes back within 5 s of activity, to what the user chose, and keeps the rate low while active', () => {
    const r = rig();
    r.clock.advance(12 * MIN);
    expect(r.sent).toEqual(['away']);
    r.input();
    r.clock.advance(5 * S);
    expect(r.sent).toEqual(['away', 'online']);
    // An hour of constant use: one poll per 30 s, i.e. 120 an hour.
    const before = r.polls();
    for (let i = 0; i < 3600; i++) {
      r.input();
      r.clock.advance(S);
    }
    expect(r.polls() - before).toBe(120);
    expect(r.sent).toEqual(['away', 'online']);
  });

  it('never overrides busy or appear-offline, and ends on the exact choice (a manual "away" stays)', () => {
    for (const chosen of ['busy', 'offline', 'away'] as const) {
      const r = rig({}, chosen);
      r.clock.advance(30 * MIN);
      expect(r.auto.away).toBe(true);
      r.input();
      r.clock.advance(5 * S);
      expect(r.auto.away).toBe(false);
      expect(r.sent).toEqual([]);
      expect(r.presence.effective()).toBe(chosen);
    }
  });

  it('returns to a choice made while away (busy picked in the tray stays busy)', () => {
    const r = rig();
    r.clock.advance(11 * MIN);
    r.presence.set('busy');
    r.input();
    r.clock.advance(5 * S);
    expect(r.sent).toEqual(['away', 'busy']);
    expect(r.presence.get()).toBe('busy');
  });

  it('autoAwayMinutes 0 is off: no polls at all; the screen lock still counts', () => {
    const r = rig({ autoAwayMinutes: 0 });
    r.clock.advance(24 * 60 * MIN);
    expect(r.polls()).toBe(0);
    expect(r.clock.pending).toBe(0);
    expect(r.sent).toEqual([]);
    r.auto.lock();
    r.auto.unlock();
    expect(r.sent).toEqual(['away', 'online']);
    expect(r.polls()).toBe(0);
  });

  it('a failing or nonsensical idle reading counts as active, with a log line, and polling goes on', () => {
    const r = rig({ autoAwayMinutes: 1 });
    r.reportIdle(Number.NaN);
    r.clock.advance(5 * MIN);
    expect(r.sent).toEqual([]);
    const clock = new FakeClock();
    const lines: string[] = [];
    const auto = new AutoAway({ settings: { autoAwayMinutes: 1, awayOnScreenLock: true }, setAway: () => {}, clock, log: (l) => lines.push(l) });
    auto.watchIdle(() => {
      throw new Error('no X server');
    });
    expect(lines).toEqual(['auto-away: reading the idle time failed: no X server']);
    expect(clock.pending).toBe(1);
  });

  it('stopping the watch cancels the poll and ends an idle away', () => {
    const r = rig();
    r.clock.advance(11 * MIN);
    r.stop();
    expect(r.clock.pending).toBe(0);
    expect(r.sent).toEqual(['away', 'online']);
  });
});

describe('auto-away on screen lock', () => {
  it('lock → away at once, no polls while locked; unlock → back', () => {
    const r = rig();
    r.clock.advance(1 * MIN);
    r.auto.lock();
    expect(r.sent).toEqual(['away']);
    expect(r.auto.reason()).toBe('lock');
    const polls = r.polls();
    r.clock.advance(60 * MIN);
    expect(r.polls()).toBe(polls);
    expect(r.clock.pending).toBe(0);
    r.auto.unlock();
    expect(r.sent).toEqual(['away', 'online']);
  });

  it('lock during idle: stays away through the lock, and unlocking brings it back even if the idle counter missed the unlock', () => {
    const r = rig();
    r.clock.advance(15 * MIN);
    expect(r.sent).toEqual(['away']);
    r.auto.lock();
    expect(r.auto.reason()).toBe('lock');
    r.clock.advance(30 * MIN);
    r.reportIdle(45 * 60); // this counter did not see the password typed
    r.auto.unlock();
    expect(r.sent).toEqual(['away', 'online']);
    // It counts from the unlock instead: away again only after the full 10 minutes.
    r.reportIdle(null);
    r.clock.advance(5 * MIN);
    r.reportIdle(50 * 60);
    r.clock.advance(5 * MIN - 1 * S);
    expect(r.sent).toEqual(['away', 'online']);
    r.clock.advance(1 * S);
    expect(r.sent).toEqual(['away', 'online', 'away']);
  });

  it('unlock while the user had meanwhile picked busy (on another device): busy stays, "online" is never sent', () => {
    const r = rig();
    r.auto.lock();
    r.presence.adoptRemote('busy');
    r.auto.unlock();
    expect(r.sent).toEqual(['away']); // the server already has busy from the other device
    expect(r.presence.effective()).toBe('busy');
    expect(r.presence.get()).toBe('busy');
  });

  it('with awayOnScreenLock off a lock changes nothing; the idle time still does', () => {
    const r = rig({ awayOnScreenLock: false });
    r.auto.lock();
    expect(r.sent).toEqual([]);
    r.clock.advance(10 * MIN);
    expect(r.sent).toEqual(['away']);
    expect(r.auto.reason()).toBe('idle');
  });
});

describe('auto-away across suspend and resume', () => {
  it('suspend → away with no polls while asleep; resume with someone there → back at once', () => {
    const r = rig();
    r.auto.suspend();
    expect(r.sent).toEqual(['away']);
    expect(r.auto.reason()).toBe('suspend');
    expect(r.clock.pending).toBe(0);
    r.clock.advance(8 * 60 * MIN);
    r.input(); // the lid opened
    r.auto.resume();
    expect(r.sent).toEqual(['away', 'online']);
    expect(r.clock.pending).toBe(1);
  });

  it('resume with nobody there (a scheduled wake): stays away until activity', () => {
    const r = rig();
    r.auto.suspend();
    r.clock.advance(60 * MIN);
    r.auto.resume();
    expect(r.sent).toEqual(['away']);
    expect(r.auto.reason()).toBe('idle');
    r.input();
    r.clock.advance(5 * S);
    expect(r.sent).toEqual(['away', 'online']);
  });

  it('locked, then asleep: resume keeps away until the unlock', () => {
    const r = rig();
    r.auto.lock();
    r.auto.suspend();
    r.clock.advance(60 * MIN);
    r.input();
    r.auto.resume();
    expect(r.sent).toEqual(['away']);
    expect(r.auto.reason()).toBe('lock');
    r.auto.unlock();
    expect(r.sent).toEqual(['away', 'online']);
  });
});

describe('auto-away settings changed at run time', () => {
  it('a shorter threshold already passed → away at once; 0 → back and no more polls; on again → polls again', () => {
    const r = rig({ autoAwayMinutes: 10 });
    r.clock.advance(3 * MIN);
    r.auto.configure({ autoAwayMinutes: 2, awayOnScreenLock: true });
    expect(r.sent).toEqual(['away']);
    r.auto.configure({ autoAwayMinutes: 0, awayOnScreenLock: true });
    expect(r.sent).toEqual(['away', 'online']);
    expect(r.clock.pending).toBe(0);
    r.clock.advance(20 * MIN);
    r.auto.configure({ autoAwayMinutes: 5, awayOnScreenLock: true });
    expect(r.sent).toEqual(['away', 'online', 'away']);
    expect(r.clock.pending).toBe(1);
  });

  it('a longer threshold while away by idle → back at once', () => {
    const r = rig({ autoAwayMinutes: 5 });
    r.clock.advance(6 * MIN);
    r.auto.configure({ autoAwayMinutes: 30, awayOnScreenLock: true });
    expect(r.sent).toEqual(['away', 'online']);
    r.clock.advance(24 * MIN);
    expect(r.sent).toEqual(['away', 'online', 'away']);
  });

  it('awayOnScreenLock switched while locked takes effect at once', () => {
    const r = rig();
    r.auto.lock();
    r.auto.configure({ autoAwayMinutes: 10, awayOnScreenLock: false });
    expect(r.sent).toEqual(['away', 'online']);
    expect(r.clock.pending).toBe(1); // polling again: the lock no longer decides
    r.auto.configure({ autoAwayMinutes: 10, awayOnScreenLock: true });
    expect(r.sent).toEqual(['away', 'online', 'away']);
    expect(r.clock.pending).toBe(0);
  });

  it('the same values again (another setting changed, e.g. the chosen presence) cost nothing', () => {
    const r = rig();
    const polls = r.polls();
    const pendingAt = r.clock.nextAt();
    r.auto.configure({ autoAwayMinutes: 10, awayOnScreenLock: true });
    expect(r.polls()).toBe(polls);
    expect(r.clock.nextAt()).toBe(pendingAt);
  });
});

describe('auto-away on a lock known only by polling (Linux: no lock event)', () => {
  it('a lock is noticed at the next poll, watched every 5 s, and the unlock brings back the choice', () => {
    const r = rig({}, 'online', true);
    r.clock.advance(1 * MIN);
    r.setScreenLocked(true);
    r.clock.advance(30 * S);
    expect(r.sent).toEqual(['away']);
    expect(r.auto.reason()).toBe('lock');
    const reads = r.lockReads();
    r.clock.advance(60 * S);
    expect(r.lockReads() - reads).toBe(12);
    r.reportIdle(40 * 60); // a counter that missed the password typed
    r.setScreenLocked(false);
    r.clock.advance(5 * S);
    expect(r.sent).toEqual(['away', 'online']);
    r.reportIdle(null);
    r.input();
    r.clock.advance(9 * MIN);
    expect(r.sent).toEqual(['away', 'online']);
  });

  it('unlocked (polled) while the user had picked busy elsewhere: busy stays', () => {
    const r = rig({}, 'online', true);
    r.setScreenLocked(true);
    r.clock.advance(30 * S);
    r.presence.adoptRemote('busy');
    r.setScreenLocked(false);
    r.clock.advance(5 * S);
    expect(r.sent).toEqual(['away']);
    expect(r.presence.effective()).toBe('busy');
  });

  it('with idle auto-away off it still polls the lock, every 30 s; with awayOnScreenLock off too, not at all', () => {
    const r = rig({ autoAwayMinutes: 0 }, 'online', true);
    r.clock.advance(10 * MIN);
    expect(r.lockReads()).toBe(21);
    expect(r.polls()).toBe(0); // the idle time is not even read
    r.setScreenLocked(true);
    r.clock.advance(30 * S);
    expect(r.sent).toEqual(['away']);
    r.auto.configure({ autoAwayMinutes: 0, awayOnScreenLock: false });
    expect(r.sent).toEqual(['away', 'online']);
    expect(r.clock.pending).toBe(0);
  });

  it('the lock event, where there is one, stops the polls; its unlock ends a polled lock too', () => {
    const r = rig({}, 'online', true);
    r.setScreenLocked(true);
    r.auto.lock();
    const reads = r.lockReads();
    r.clock.advance(60 * MIN);
    expect(r.lockReads()).toBe(reads);
    r.setScreenLocked(false);
    r.auto.unlock();
    expect(r.sent).toEqual(['away', 'online']);
  });

  it('a failing lock read counts as unlocked, with a log line', () => {
    const r = rig({}, 'online', true);
    r.setScreenLocked(new Error('no screensaver service'));
    r.clock.advance(30 * S);
    expect(r.sent).toEqual([]);
    expect(r.lines).toContain('auto-away: reading the lock state failed: no screensaver service');
  });
});
