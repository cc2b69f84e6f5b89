import { describe, expect, it } from 'vitest';
import { PresenceController } from './presence';

describe('PresenceController', () => {
  it('applies the choice, tells listeners, and skips repeats', () => {
    const applied: string[] = [];
    const heard: string[] = [];
    const p = new PresenceController((s) => applied.push(s));
    p.subscribe((s) => heard.push(s));
    p.set('busy');
    p.set('busy');
    p.set('online');
    expect(applied).toEqual(['busy', 'online']);
    expect(heard).toEqual(['busy', 'online']);
    expect(p.get()).toBe('online');
  });

  it('goes away on auto-away only over "online", and returns to the choice after', () => {
    const applied: string[] = [];
    const p = new PresenceController((s) => applied.push(s));
    p.setAutoAway(true);
    expect(p.effective()).toBe('away');
    expect(p.get()).toBe('online');
    p.set('busy');
    expect(p.effective()).toBe('busy');
    p.set('online');
    p.setAutoAway(false);
    expect(applied).toEqual(['away', 'busy', 'away', 'online']);
  });

  it('re-sends the effective status on reapply (a new engine)', () => {
    const applied: string[] = [];
    const p = new PresenceController((s) => applied.push(s), 'away');
    p.reapply();
    p.reapply();
    expect(applied).toEqual(['away', 'away']);
  });
});
