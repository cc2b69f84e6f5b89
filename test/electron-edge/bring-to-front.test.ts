import { describe, expect, it } from 'vitest';
import { bringToFront, type FrontApp, type FrontWindow } from '../../src/main/electron/bring-to-front';

function fakes(minimized = false): { win: FrontWindow; app: FrontApp; calls: string[] } {
  const calls: string[] = [];
  const win: FrontWindow = {
    isMinimized: () => minimized,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
    moveTop: () => calls.push('moveTop'),
    setAlwaysOnTop: (flag) => calls.push(`alwaysOnTop:${flag}`),
  };
  return { win, app: { focus: (o) => calls.push(`app.focus:${JSON.stringify(o)}`) }, calls };
}

describe('bringToFront', () => {
  it('on Windows goes briefly topmost around focus (foreground lock), restoring a minimized window first', () => {
    const f = fakes(true);
    bringToFront(f.win, f.app, 'win32');
    expect(f.calls).toEqual(['restore', 'alwaysOnTop:true', 'show', 'focus', 'alwaysOnTop:false']);
  });

  it('on macOS asks the app to steal focus', () => {
    const f = fakes();
    bringToFront(f.win, f.app, 'darwin');
    expect(f.calls).toEqual(['show', 'app.focus:{"steal":true}', 'focus']);
  });

  it('on Linux raises and focuses', () => {
    const f = fakes();
    bringToFront(f.win, f.app, 'linux');
    expect(f.calls).toEqual(['show', 'moveTop', 'focus']);
  });
});
