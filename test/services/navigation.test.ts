// "Show this thread" (Navigation) and a notification click (NotificationHost.activate):
// the thread is read before the window is asked to show it; a click on a
// notification no longer shown, or on a server notice, opens nothing. The
// host runs the real policy over a fake clock, fed batches as the workspace
// sends them.
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/main/log';
import { MemoryNotifiedStore, type NotifyDecision } from '../../src/main/notify';
import { Navigation } from '../../src/main/services/navigation';
import { NotificationHost } from '../../src/main/services/notification-host';
import { defaultSettings } from '../../src/main/settings/schema';
import type { MessageItem, Notice, WorkspaceBatch } from '../../src/shared/ipc/workspace-schemas';
import { FakeClock } from '../connection/support/fake-clock';

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`) };
}

describe('Navigation.showThread', () => {
  const known = new Set(['deploys']);
  function setup() {
    const log = recordingLog();
    const calls: string[] = [];
    const navigation = new Navigation({
      open: (threadId) => {
        if (!known.has(threadId)) throw new Error(`no thread "${threadId}"`);
        calls.push(`read ${threadId}`);
      },
      log,
    });
    navigation.onShowThread((threadId) => calls.push(`show ${threadId}`));
    return { navigation, calls, log };
  }

  it('reads a known thread, then tells the listeners (the window follows)', () => {
    const { navigation, calls, log } = setup();
    expect(navigation.showThread('deploys')).toBe(true);
    expect(calls).toEqual(['read deploys', 'show deploys']);
    expect(log.lines).toEqual([]);
  });

  it('an unknown thread: false, nothing emitted, a log line', () => {
    const { navigation, calls, log } = setup();
    expect(navigation.showThread('nope')).toBe(false);
    expect(calls).toEqual([]);
    expect(log.lines).toEqual(['warn: navigation: not showing thread: no thread "nope"']);
  });

  it('a failing listener is logged and the others still hear it; an unsubscribed one does not', () => {
    const { navigation, calls, log } = setup();
    const off = navigation.onShowThread(() => calls.push('gone'));
    off();
    navigation.onShowThread(() => {
      throw new Error('boom');
    });
    navigation.onShowThread((threadId) => calls.push(`also ${threadId}`));
    expect(navigation.showThread('deploys')).toBe(true);
    expect(calls).toEqual(['read deploys', 'show deploys', 'also deploys']);
    expect(log.lines).toEqual(['warn: navigation: a listener failed: boom']);
  });
});

describe('NotificationHost.activate', () => {
  function setup() {
    const clock = new FakeClock();
    const log = recordingLog();
    const read: string[] = [];
    const shown: string[] = [];
    const navigation = new Navigation({ open: (threadId) => void read.push(threadId), log });
    navigation.onShowThread((threadId) => shown.push(threadId));
    const host = new NotificationHost({
      store: new MemoryNotifiedStore(),
      settings: () => defaultSettings().notifications,
      presence: () => 'online',
      openThreadId: () => null,
      scope: () => 'ws://relay/#h1',
      log,
      clock,
      showThread: (threadId) => navigation.showThread(threadId),
    });
    const decided: NotifyDecision[] = [];
    host.onDecision((d) => decided.push(d));
    let seq = 0;
    let unread = 0;
    const batch = (b: Partial<WorkspaceBatch>) => host.onBatch({ reset: false, threads: [], items: [], people: [], notices: [], ...b });
    const view = () => ({ id: 'deploys', title: 'Deploys', unread, lastActivity: clock.now(), muted: false, preview: null });
    /** Another user's message in Deploys, as the workspace batches it. */
    const message = (body: string) => {
      seq++;
      unread++;
      const item: MessageItem = {
        kind: 'message', key: `m:${seq}`, threadId: 'deploys', id: `id${seq}`, seq, sender: 'ann', body,
        encrypted: false, ts: clock.now(), own: false, delivery: 'received', failure: null,
      };
      batch({ threads: [view()], items: [item] });
    };
    let notices = 0;
    const notice = (message: string) => {
      const n: Notice = { id: `n${++notices}`, kind: 'notification', level: 'warning', title: 'Deploy', at: clock.now(), message };
      batch({ notices: [n] });
    };
    const readHere = () => {
      unread = 0;
      batch({ threads: [view()] });
    };
    const shows = () => decided.filter((d) => d.kind === 'show' || d.kind === 'replace').map((d) => `${d.kind} ${d.key}`);
    return { host, clock, log, read, shown, message, notice, readHere, shows, decided };
  }

  it('a live thread notification: dismissed, and its thread read and shown', () => {
    const t = setup();
    t.message('build 42 is green');
    t.clock.advance(600); // past the policy's 0.5 s gathering
    expect(t.shows()).toEqual(['show thread:deploys']);
    t.host.activate('thread:deploys');
    expect(t.read).toEqual(['deploys']);
    expect(t.shown).toEqual(['deploys']);
    // Dismissed: the next message is a new notification, not a replacement of the clicked one.
    t.message('and 43');
    t.clock.advance(6_000);
    expect(t.shows()).toEqual(['show thread:deploys', 'show thread:deploys']);
  });

  it('a key never shown, or one the policy closed meanwhile: ignored (logged), nothing read or shown', () => {
    const t = setup();
    t.host.activate('thread:elsewhere');
    t.message('hello');
    t.clock.advance(600);
    t.readHere(); // read on another device: the policy closes it
    expect(t.decided.at(-1)).toEqual({ kind: 'close', key: 'thread:deploys', threadId: 'deploys' });
    t.host.activate('thread:deploys');
    expect(t.read).toEqual([]);
    expect(t.shown).toEqual([]);
    expect(t.log.lines.filter((l) => l.includes('no longer shown'))).toHaveLength(2);
  });

  it('a clicked server notice: dismissed, no thread', () => {
    const t = setup();
    t.notice('Build 43 failed'); // warnings go at once
    expect(t.shows()).toEqual(['show server']);
    t.host.activate('server');
    expect(t.read).toEqual([]);
    expect(t.shown).toEqual([]);
    t.notice('Build 44 failed');
    t.clock.advance(6_000);
    expect(t.shows()).toEqual(['show server', 'show server']);
    // Clicked twice (a second window, a late event): the second is ignored.
    t.host.activate('server');
    t.host.activate('server');
    expect(t.log.lines.filter((l) => l.includes('no longer shown'))).toHaveLength(1);
  });
});
