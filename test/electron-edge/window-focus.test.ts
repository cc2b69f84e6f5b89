// The window's focus has two writers: main's window events (Electron) and the
// renderer's window:focus. NotificationHost combines them: in Electron a late
// renderer "focused" after main hid the window must not silence the open
// thread as 'viewing'; the web preview has only the renderer's report.
import { describe, expect, it } from 'vitest';
import type { WorkspaceBatch } from '../../src/shared/ipc/workspace-schemas';
import { QUIET_MS, type NotifyDecision } from '../../src/main/notify';
import { policyHost } from './notification-rig';

function message(seq: number): WorkspaceBatch {
  return {
    reset: false,
    threads: [{ id: 'general', title: 'general', unread: seq, lastActivity: 0, muted: false, preview: null }],
    items: [{ kind: 'message', key: `m:${seq}`, threadId: 'general', id: String(seq), seq, sender: 'alice', body: `text ${seq}`, encrypted: false, ts: null, own: false, delivery: 'received', failure: null }],
    people: [],
    notices: [],
  };
}

function rig() {
  const { clock, host, decided } = policyHost();
  let seq = 0;
  const arrives = (): NotifyDecision | undefined => {
    host.onBatch(message(++seq));
    clock.advance(QUIET_MS);
    return decided.at(-1);
  };
  return { host, arrives };
}

describe('window focus for notifications', () => {
  it('Electron: main hid the window, then a late renderer report says focused: the open thread notifies', () => {
    const r = rig();
    r.host.setShellFocused(true);
    r.host.setWindowFocused(true);
    expect(r.arrives()).toMatchObject({ kind: 'skip', reason: 'viewing' });
    r.host.setShellFocused(false); // hidden to the tray
    r.host.setWindowFocused(true); // the renderer's report of a moment before, arriving late
    expect(r.arrives()).toMatchObject({ kind: 'show', key: 'thread:general' });
  });

  it('Electron: main says focused but the page does not have focus (a blur main has not seen): not viewing', () => {
    const r = rig();
    r.host.setShellFocused(true);
    r.host.setWindowFocused(false);
    expect(r.arrives()).toMatchObject({ kind: 'show' });
  });

  it("web preview: the renderer's report alone decides", () => {
    const r = rig();
    r.host.setWindowFocused(true);
    expect(r.arrives()).toMatchObject({ kind: 'skip', reason: 'viewing' });
    r.host.setWindowFocused(false);
    expect(r.arrives()).toMatchObject({ kind: 'show' });
  });
});
