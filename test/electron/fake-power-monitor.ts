// A fake of the part of Electron's powerMonitor the power adapter uses: events
// with on/off like an EventEmitter, and a settable system idle time.
import type { PowerEvent, PowerMonitorLike } from '../../src/main/electron/power-forward';

export class FakePowerMonitor implements PowerMonitorLike {
  idleSeconds = 0;
  idleReads = 0;
  idleState: 'active' | 'idle' | 'locked' | 'unknown' = 'active';
  stateThresholds: number[] = [];
  private readonly listeners = new Map<PowerEvent, Set<() => void>>();

  on(event: PowerEvent, listener: () => void): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: PowerEvent, listener: () => void): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  getSystemIdleTime(): number {
    this.idleReads++;
    return this.idleSeconds;
  }

  getSystemIdleState(idleThreshold: number): string {
    this.stateThresholds.push(idleThreshold);
    return this.idleState;
  }

  /** What the OS does: fires the event to every listener. */
  emit(event: PowerEvent): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l();
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
}
