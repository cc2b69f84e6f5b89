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

  it('tells effective listeners each change of what others see: auto-away, a choice, a choice made elsewhere; never twice', () => {
    const seen: string[] = [];
    const p = new PresenceController(() => {});
    p.onEffective((s) => seen.push(s));
    p.setAutoAway(true);
    p.setAutoAway(true);
    p.set('busy');
    p.setAutoAway(false);
    p.adoptRemote('online');
    p.set('online');
    expect(seen).toEqual(['away', 'busy', 'online']);
  });

  it("does not take its own auto-away echoed by the server for a choice; a real choice made elsewhere is adopted and heard", () => {
    const applied: string[] = [];
    const heard: string[] = [];
    const p = new PresenceController((s) => applied.push(s));
    p.subscribe((s) => heard.push(s));
    p.setAutoAway(true);
    p.adoptRemote('away'); // the echo of what this device just sent
    p.setAutoAway(false);
    expect(p.get()).toBe('online');
    expect(applied).toEqual(['away', 'online']);
    p.adoptRemote('busy');
    p.setAutoAway(true);
    p.adoptRemote('away'); // not auto-away's doing here (busy is never overridden): a choice
    expect(p.get()).toBe('away');
    expect(heard).toEqual(['busy', 'away']);
    expect(applied).toEqual(['away', 'online']); // the server already had both
  });

  it('re-sends the effective status on reapply (a new engine)', () => {
    const applied: string[] = [];
    const p = new PresenceController((s) => applied.push(s), 'away');
    p.reapply();
    p.reapply();
    expect(applied).toEqual(['away', 'away']);
  });
});
