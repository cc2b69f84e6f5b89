import { describe, expect, it } from 'vitest';
import { watchOnline } from './online-watcher';

describe('watchOnline', () => {
  it('reports only changes of net.isOnline between polls, and stops', () => {
    let online = true;
    let tick: () => void = () => {};
    let cleared = false;
    const changes: boolean[] = [];
    const stop = watchOnline({
      isOnline: () => online,
      onChange: (o) => changes.push(o),
      setInterval: (fn) => ((tick = fn), 7),
      clearInterval: (h) => (cleared = h === 7),
    });
    tick();
    online = false;
    tick();
    tick();
    online = true;
    tick();
    stop();
    expect(changes).toEqual([false, true]);
    expect(cleared).toBe(true);
  });
});
