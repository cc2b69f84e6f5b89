// DeepLinkOpener: the window comes to front with a valid link; the thread is
// shown now, or when the workspace first knows it (within PENDING_LINK_MS).
import { describe, expect, it } from 'vitest';
import { DeepLinkOpener, PENDING_LINK_MS, protocolClientPlan } from '../../src/main/lifecycle';
import { FakeClock } from '../connection/support/fake-clock';

function rig(known: string[] = []) {
  const threads = new Set(known);
  const calls: string[] = [];
  const log: string[] = [];
  const listeners = new Set<() => void>();
  const clock = new FakeClock();
  const opener = new DeepLinkOpener(
    {
      hasThread: (id) => threads.has(id),
      showThread: (id) => (calls.push(`show:${id}`), threads.has(id)),
      onWorkspaceChange: (l) => (listeners.add(l), () => listeners.delete(l)),
      showWindow: () => calls.push('window'),
    },
    clock,
    (line) => log.push(line),
  );
  const batch = (...ids: string[]): void => {
    for (const id of ids) threads.add(id);
    for (const l of listeners) l();
  };
  return { opener, calls, log, clock, batch, listeners };
}

describe('DeepLinkOpener', () => {
  it('a known thread: the window in front and the thread shown through navigation at once', () => {
    const r = rig(['t1']);
    expect(r.opener.openUrl('beacon://thread/t1', 'open-url')).toBe(true);
    expect(r.calls).toEqual(['window', 'show:t1']);
  });

  it('an invalid link does nothing but log a sanitized line', () => {
    const r = rig(['t1']);
    expect(r.opener.openUrl('beacon://thread/t1?token=s3cret', 'open-url')).toBe(false);
    expect(r.calls).toEqual([]);
    expect(r.log).toEqual(['main: deep link from open-url ignored: query-or-fragment']);
    expect(r.log.join('\n')).not.toContain('s3cret');
  });

  it('argv without a link is not a link (a plain second launch); argv with one opens it', () => {
    const r = rig(['t2']);
    expect(r.opener.openArgv(['/usr/bin/beacon', '--no-sandbox'], 'second instance')).toBe(false);
    expect(r.opener.openArgv(['/usr/bin/beacon', 'beacon://thread/t2'], 'second instance')).toBe(true);
    expect(r.calls).toEqual(['window', 'show:t2']);
  });

  it('a thread not known yet (first launch, before sign-in syncs) is shown on the batch that brings it, without taking focus again', () => {
    const r = rig();
    r.opener.openUrl('beacon://thread/later', 'launch');
    expect(r.calls).toEqual(['window']);
    r.batch('other');
    expect(r.calls).toEqual(['window']);
    r.batch('later');
    expect(r.calls).toEqual(['window', 'show:later']);
    r.batch();
    expect(r.calls).toEqual(['window', 'show:later']);
    expect(r.clock.pending).toBe(0);
  });

  it('a waiting link is dropped after PENDING_LINK_MS, and a newer link replaces it', () => {
    const r = rig();
    r.opener.openUrl('beacon://thread/a', 'launch');
    r.opener.openUrl('beacon://thread/b', 'second instance');
    r.batch('a');
    expect(r.calls).toEqual(['window', 'window']);
    r.clock.advance(PENDING_LINK_MS);
    expect(r.log.at(-1)).toBe('main: deep link dropped: its thread did not appear');
    r.batch('b');
    expect(r.calls).toEqual(['window', 'window']);
  });

  it('dispose stops listening and cancels the wait', () => {
    const r = rig();
    r.opener.openUrl('beacon://thread/a', 'launch');
    r.opener.dispose();
    expect(r.listeners.size).toBe(0);
    expect(r.clock.pending).toBe(0);
  });
});

describe('protocolClientPlan', () => {
  const base = { isPackaged: false, defaultApp: true, argv: ['/dev/electron', 'app'], execPath: '/dev/electron', testProfile: false };

  it('packaged: the plain registration (the OS starts the app itself)', () => {
    expect(protocolClientPlan({ ...base, isPackaged: true, defaultApp: false })).toEqual({ register: true, scheme: 'beacon' });
  });

  it('development: Electron with the resolved app path, as the Electron docs describe', () => {
    const plan = protocolClientPlan(base);
    expect(plan).toMatchObject({ register: true, scheme: 'beacon', path: '/dev/electron' });
    expect(plan.register && plan.args?.[0]).toBe(`${process.cwd()}/app`);
  });

  it('a test profile or a run without an app path registers nothing, with a reason', () => {
    expect(protocolClientPlan({ ...base, testProfile: true })).toMatchObject({ register: false, reason: expect.stringContaining('test profile') });
    expect(protocolClientPlan({ ...base, argv: ['/dev/electron'] })).toMatchObject({ register: false });
    expect(protocolClientPlan({ ...base, argv: ['/dev/electron', '--inspect'] })).toMatchObject({ register: false });
  });
});
