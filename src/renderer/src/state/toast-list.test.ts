// The toast list follows the policy's decisions exactly: one toast per key,
// a replace in place, a close removes, a local removal touches only its key.
import { describe, expect, it } from 'vitest';
import type { ToastEvent } from '../../../shared/ipc/settings-schemas';
import { applyToast, removeToast, type Toast } from './toast-list';

const show = (key: string, title: string, kind: 'show' | 'replace' = 'show'): ToastEvent => ({
  kind, key, title, body: `${title} body`, threadId: key.startsWith('thread:') ? key.slice(7) : null, level: null,
});
const run = (events: ToastEvent[], from: readonly Toast[] = []) => events.reduce(applyToast, from);

describe('applyToast', () => {
  it('adds shows in arrival order and replaces a key in place', () => {
    const list = run([show('thread:a', 'ann in A'), show('server', 'Deploy'), show('thread:a', '2 new messages in A', 'replace')]);
    expect(list.map((t) => [t.key, t.title, t.version])).toEqual([['thread:a', '2 new messages in A', 1], ['server', 'Deploy', 0]]);
    expect(list[0]?.threadId).toBe('a');
  });

  it('shows a replace whose toast is gone (dismissed here meanwhile), and a second show of a key in place', () => {
    expect(run([show('thread:a', 'x', 'replace')]).map((t) => t.title)).toEqual(['x']);
    expect(run([show('thread:a', 'x'), show('thread:a', 'y')]).map((t) => t.title)).toEqual(['y']);
  });

  it('closes only its key; closing an unknown key changes nothing', () => {
    const list = run([show('thread:a', 'a'), show('thread:b', 'b')]);
    expect(run([{ kind: 'close', key: 'thread:a', threadId: 'a' }], list).map((t) => t.key)).toEqual(['thread:b']);
    expect(run([{ kind: 'close', key: 'thread:z', threadId: 'z' }], list)).toBe(list);
  });
});

describe('removeToast', () => {
  it('removes one key and leaves the list as it is when the key is not there', () => {
    const list = run([show('thread:a', 'a'), show('server', 's')]);
    expect(removeToast(list, 'server').map((t) => t.key)).toEqual(['thread:a']);
    expect(removeToast(list, 'nope')).toBe(list);
  });
});
