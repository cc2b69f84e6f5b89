// Activity notifies by rule: each kind of rule, the `becomes` memory (a change,
// not a repeat; not again after a restart), the gates, coalescing per key; and
// the server's welcome shown once per sign-in.
import { describe, expect, it } from 'vitest';
import { Harness } from '../../../test/notify/policy-harness';
import { RATE_MS } from './policy';

const STOPPED = { type: 'agent_status', field: 'state', becomes: 'stopped' } as const;

function agents(rules = [STOPPED] as Harness['ctx']['rules']): Harness {
  const h = new Harness();
  h.ctx.rules = [...rules];
  return h;
}
const status = (h: Harness, state: string, detail = 'Deploy (45%)', title = 'CLOUD_ASSISTANT') =>
  h.activity({ title, state, detail, level: state === 'stopped' ? 'warning' : 'info' });

describe('activity notifications: rules', () => {
  it('`becomes`: a change to the value notifies once, worded "<title>: <state>" over the detail; repeats and other values do not', () => {
    const h = agents();
    status(h, 'idle');
    status(h, 'working');
    h.clock.advance(0);
    expect(h.shown()).toEqual([]);
    status(h, 'stopped', 'Deploy (45%)');
    h.clock.advance(0);
    expect(h.shown()).toEqual([
      { kind: 'show', key: 'activity:agent_status:CLOUD_ASSISTANT', title: 'CLOUD_ASSISTANT: stopped', body: 'Deploy (45%)', threadId: null, silent: false, level: 'warning' },
    ]);
    // The same status again (the server broadcasts every 10 s), or stopped with another task: not a change of state.
    status(h, 'stopped');
    status(h, 'stopped', 'Cleanup');
    h.clock.advance(RATE_MS * 3);
    expect(h.shown()).toHaveLength(1);
    expect(h.skips().slice(-2)).toEqual(['replayed', 'no-rule']);
    // Working again, then stopped again: a new change.
    status(h, 'working');
    status(h, 'stopped');
    h.clock.advance(0);
    expect(h.shown().map((d) => d.kind)).toEqual(['show', 'replace']);
  });

  it('`becomes` sees a change that came and went within one batch (the batch carries both lines, newest first)', () => {
    const h = agents();
    status(h, 'working');
    const line = (state: string) => ({ key: 'agent_status:CLOUD_ASSISTANT', source: 'agent_status', action: null, title: 'CLOUD_ASSISTANT', detail: null, state, level: 'info' as const, ts: 1 });
    h.batch({ activity: [line('working'), line('stopped')] });
    h.clock.advance(0);
    expect(h.shown().map((d) => d.title)).toEqual(['CLOUD_ASSISTANT: stopped']);
  });

  it('`becomes` counts a key seen for the first time as a change', () => {
    const h = agents();
    status(h, 'stopped');
    h.clock.advance(0);
    expect(h.shown()).toHaveLength(1);
  });

  it('`equals` notifies every new line with the value; an identical repeat does not', () => {
    const h = agents([{ type: 'agent_status', field: 'state', equals: 'working' }]);
    status(h, 'working', 'step 1');
    h.clock.advance(0);
    status(h, 'working', 'step 1');
    h.clock.advance(RATE_MS);
    status(h, 'working', 'step 2');
    h.clock.advance(RATE_MS);
    status(h, 'idle', 'done');
    h.clock.advance(RATE_MS);
    expect(h.shown().map((d) => d.body)).toEqual(['step 1', 'step 2']);
  });

  it('by type glob, action and level, with no field: every matching line', () => {
    const h = agents([{ type: '*.completed' }, { type: 'task_update', action: 'failed' }, { type: 'my_plugin_update', level: 'error' }]);
    h.activity({ key: 'session.completed:s1', source: 'session.completed', title: 'session:1' });
    h.activity({ key: 'session.stream_output:s1', source: 'session.stream_output', title: 'session:1', detail: 'output…' });
    h.activity({ key: 'task_update:t1', source: 'task_update', action: 'created', title: 'Task t1' });
    h.activity({ key: 'task_update:t2', source: 'task_update', action: 'failed', title: 'Task t2' });
    h.activity({ key: 'my_plugin_update:p', source: 'my_plugin_update', level: 'info', title: 'Plugin' });
    h.activity({ key: 'my_plugin_update:q', source: 'my_plugin_update', level: 'error', title: 'Plugin Q' });
    h.clock.advance(0);
    expect(h.shown().map((d) => d.title)).toEqual(['session:1', 'Task t2: failed', 'Plugin Q']);
  });

  it('no rules (the beacon-v1 defaults), or none that matches: nothing', () => {
    const h = agents([]);
    status(h, 'stopped');
    h.clock.advance(RATE_MS);
    expect(h.shown()).toEqual([]);
    expect(h.skips()).toEqual(['no-rule']);
  });

  it('editing the rules changes what notifies from the next line on', () => {
    const h = agents();
    status(h, 'working');
    h.clock.advance(0);
    h.ctx.rules = [{ type: 'agent_status', field: 'state', becomes: 'idle' }];
    status(h, 'stopped');
    status(h, 'idle');
    h.clock.advance(0);
    expect(h.shown().map((d) => d.title)).toEqual(['CLOUD_ASSISTANT: idle']);
  });
});

describe('activity notifications: memory, gates, coalescing', () => {
  it('a restart does not notify again a state already seen (the memory is in the notified store)', () => {
    const h = agents();
    status(h, 'stopped');
    h.clock.advance(0);
    expect(h.shown()).toHaveLength(1);
    h.restart();
    h.take();
    // The new engine reports the same status again.
    status(h, 'stopped');
    h.clock.advance(RATE_MS);
    expect(h.shown()).toEqual([]);
    expect(h.skips()).toEqual(['replayed']);
    // A real change after the restart still notifies.
    status(h, 'working');
    status(h, 'stopped');
    h.clock.advance(0);
    expect(h.shown()).toHaveLength(1);
  });

  it('another server forgets what was seen', () => {
    const h = agents();
    status(h, 'stopped');
    h.clock.advance(0);
    h.ctx.scope = 'ws://other/';
    status(h, 'stopped');
    h.clock.advance(RATE_MS);
    expect(h.shown()).toHaveLength(2);
  });

  it('busy, paused, switched off and quiet hours silence it; the change is still remembered (not shown later)', () => {
    const cases: [string, (h: Harness) => void][] = [
      ['busy', (h) => (h.ctx.presence = 'busy')],
      ['paused', (h) => (h.ctx.paused = true)],
      ['disabled', (h) => (h.ctx.settings = { ...h.ctx.settings, enabled: false })],
      ['quiet-hours', (h) => (h.ctx.settings = { ...h.ctx.settings, quietHours: { enabled: true, start: '00:00', end: '23:59' } })],
    ];
    for (const [reason, set] of cases) {
      const h = agents();
      set(h);
      status(h, 'stopped');
      h.clock.advance(RATE_MS);
      expect(h.shown(), reason).toEqual([]);
      expect(h.skips(), reason).toEqual([reason]);
      h.ctx.presence = 'online';
      h.ctx.paused = false;
      h.ctx.settings = new Harness().ctx.settings;
      status(h, 'stopped');
      h.clock.advance(RATE_MS);
      expect(h.shown(), reason).toEqual([]);
    }
  });

  it('one live notification per key, at most one decision per key every RATE_MS; keys are independent', () => {
    const h = agents([{ type: 'agent_status', field: 'state', equals: 'stopped' }]);
    status(h, 'stopped', 'a');
    h.clock.advance(0);
    status(h, 'stopped', 'b');
    status(h, 'stopped', 'c');
    status(h, 'stopped', 'x', 'OTHER_AGENT');
    h.clock.advance(0);
    expect(h.shown().map((d) => `${d.kind} ${d.key} ${d.body}`)).toEqual(['show activity:agent_status:CLOUD_ASSISTANT a', 'show activity:agent_status:OTHER_AGENT x']);
    h.clock.advance(RATE_MS - 1);
    expect(h.shown()).toHaveLength(2);
    h.clock.advance(1);
    // The latest of the key, replacing its live notification.
    expect(h.shown().at(-1)).toMatchObject({ kind: 'replace', key: 'activity:agent_status:CLOUD_ASSISTANT', body: 'c' });
    h.policy.dismissed('activity:agent_status:CLOUD_ASSISTANT');
    status(h, 'stopped', 'd');
    h.clock.advance(RATE_MS);
    expect(h.shown().at(-1)).toMatchObject({ kind: 'show', body: 'd' });
  });
});

describe('the server welcome', () => {
  const welcome = { id: 'n:welcome:code-cloud-agents', message: 'Connected to Code Cloud Agents WebSocket' };

  it('shows at most once per sign-in: not again after a reconnect or a restart, once more after a sign-out and sign-in', () => {
    const h = new Harness();
    h.ctx.scope = 'ws://agents:3000/ws';
    h.notice(welcome);
    h.clock.advance(RATE_MS);
    expect(h.shown().map((d) => d.body)).toEqual([welcome.message]);
    // The engine emits it once per sign-in; even so, another copy (a restart's new engine) is not shown.
    h.notice(welcome);
    h.restart();
    h.notice(welcome);
    h.clock.advance(RATE_MS);
    expect(h.shown()).toHaveLength(1);
    // Sign-out: the workspace is gone (no scope) and a reset batch says so.
    h.ctx.scope = null;
    h.batch({ reset: true });
    h.ctx.scope = 'ws://agents:3000/ws';
    h.batch({ reset: true });
    h.notice(welcome);
    h.notice(welcome);
    h.clock.advance(RATE_MS);
    expect(h.shown().map((d) => d.body)).toEqual([welcome.message, welcome.message]);
    // Other notices stay remembered across the sign-out.
    expect(h.store.state.notices).toContain('n:welcome:code-cloud-agents');
  });

  it('a sign-out forgets only welcomes: other server notices stay shown once', () => {
    const h = new Harness();
    h.notice({ id: 'n:42', message: 'maintenance at 10' });
    h.clock.advance(RATE_MS);
    h.ctx.scope = null;
    h.batch({ reset: true });
    h.ctx.scope = 'ws://relay/#h1';
    h.notice({ id: 'n:42', message: 'maintenance at 10' });
    h.clock.advance(RATE_MS);
    expect(h.shown()).toHaveLength(1);
  });
});
