// How Beacon quits: the tray's Quit (before-quit, will-quit held until the
// services are closed), and the OS ending the session, where Windows emits no
// before-quit: the window's session-end events must do the same work.
import { describe, expect, it } from 'vitest';
import { QuitSequence } from '../../src/main/lifecycle';

function rig() {
  const calls: string[] = [];
  let finishClose: () => void = () => {};
  const quit = new QuitSequence({
    quit: () => calls.push('app.quit'),
    exit: (code) => calls.push(`exit:${code}`),
    log: (line) => calls.push(`log:${line}`),
  });
  const attach = (): void =>
    quit.attach([() => calls.push('cleanup:tray'), () => calls.push('cleanup:ipc')], () => {
      calls.push('services.close');
      return new Promise<void>((resolve) => (finishClose = resolve));
    });
  const willQuit = (): boolean => {
    let prevented = false;
    quit.willQuit({ preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { quit, calls, attach, willQuit, closed: async () => (finishClose(), await new Promise((r) => setTimeout(r, 0))) };
}

describe('QuitSequence', () => {
  it("the tray's Quit: before-quit lets the window close, will-quit waits for the services, then exits 0; a second will-quit is held too", async () => {
    const r = rig();
    r.attach();
    expect(r.quit.quitting).toBe(false);
    r.quit.beforeQuit();
    expect(r.quit.quitting).toBe(true);
    expect(r.willQuit()).toBe(true);
    expect(r.willQuit()).toBe(true);
    expect(r.calls).toEqual(['cleanup:tray', 'cleanup:ipc', 'services.close']);
    await r.closed();
    expect(r.calls.at(-1)).toBe('exit:0');
  });

  it('Windows log-off: query-session-end only stops hiding the window; session-end cleans up at once and quits (no before-quit came)', async () => {
    const r = rig();
    r.attach();
    r.quit.sessionEnding('Windows is ending the session (logoff)', false);
    expect(r.quit.quitting).toBe(true);
    expect(r.calls).toEqual(['log:main: Windows is ending the session (logoff)']);
    r.quit.sessionEnding('Windows ends the session (logoff)', true);
    expect(r.calls.slice(1)).toEqual(['log:main: Windows ends the session (logoff); quitting', 'cleanup:tray', 'cleanup:ipc', 'services.close', 'app.quit']);
    // Should Electron still get to will-quit, it waits for the same close; nothing runs twice.
    expect(r.willQuit()).toBe(true);
    await r.closed();
    expect(r.calls.filter((c) => c === 'services.close' || c === 'exit:0')).toEqual(['services.close', 'exit:0']);
  });

  it('powerMonitor shutdown (Linux, macOS) does the same; before the services exist a quit just goes ahead', () => {
    const r = rig();
    expect(r.willQuit()).toBe(false);
    r.quit.sessionEnding('the system is shutting down', true);
    expect(r.calls).toEqual(['log:main: the system is shutting down; quitting', 'app.quit']);
  });

  it('a failing cleanup is logged and the rest still run', async () => {
    const r = rig();
    r.quit.attach(
      [
        () => {
          throw new Error('tray gone');
        },
        () => r.calls.push('cleanup:ipc'),
      ],
      async () => {},
    );
    r.quit.sessionEnding('Windows ends the session', true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(r.calls).toEqual(['log:main: Windows ends the session; quitting', 'log:main: a cleanup failed: tray gone', 'cleanup:ipc', 'app.quit', 'exit:0']);
  });
});
