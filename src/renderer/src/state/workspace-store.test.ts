// The store's rules, against a scripted stand-in for window.beacon (the real
// contract is covered end to end in test/e2e/workspace.test.ts).
import { describe, expect, it } from 'vitest';
import type { MessageItem, ThreadView, WorkspaceBatch, WorkspaceSnapshot } from '../../../shared/ipc/workspace-schemas';
import { WorkspaceStore, type WorkspaceApi } from './workspace-store';

const thread = (id: string, lastActivity: number, unread = 0): ThreadView => ({ id, title: id.toUpperCase(), unread, lastActivity, muted: false, preview: null });
const msg = (threadId: string, seq: number): MessageItem => ({
  kind: 'message', key: `m:${threadId}:${seq}`, threadId, id: `${seq}`, seq, sender: 'bob', body: `b${seq}`, encrypted: false, ts: seq, own: false, delivery: 'received', failure: null,
});
const batch = (part: Partial<WorkspaceBatch>): WorkspaceBatch => ({ reset: false, threads: [], items: [], people: [], notices: [], ...part });

function fakeApi(snapshot: WorkspaceSnapshot) {
  const listeners = new Map<string, (payload: unknown) => void>();
  let snapshots = 0;
  const pending: (() => void)[] = [];
  const opened: (string | null)[] = [];
  const api = {
    on: (event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
    workspace: {
      snapshot: () => {
        snapshots++;
        return new Promise<WorkspaceSnapshot>((resolve) => pending.push(() => resolve(snapshot)));
      },
    },
    thread: {
      open: ({ threadId }: { threadId: string | null }) => {
        opened.push(threadId);
        return Promise.resolve({ thread: null, page: threadId ? { threadId, items: [msg(threadId, 1), msg(threadId, 2)], hasMore: false } : null });
      },
    },
  } as unknown as WorkspaceApi;
  return {
    api,
    emit: (b: WorkspaceBatch) => listeners.get('workspace:batch')?.(b),
    showThread: (threadId: string) => listeners.get('window:showThread')?.({ threadId }),
    listening: () => [...listeners.keys()].sort(),
    release: () => pending.splice(0).forEach((f) => f()),
    snapshots: () => snapshots,
    opened,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const empty: WorkspaceSnapshot = { selfId: 'you', threads: [thread('a', 1), thread('b', 2)], people: [], notices: [], openThreadId: null, activity: [], server: null };

describe('WorkspaceStore', () => {
  it('drops batches that arrive before the snapshot (they are in it), then applies the rest', async () => {
    const f = fakeApi(empty);
    const store = new WorkspaceStore(f.api);
    store.start();
    f.emit(batch({ threads: [thread('a', 99, 5)] }));
    f.release();
    await flush();
    expect(store.getState().threads.map((t) => t.id)).toEqual(['b', 'a']);
    f.emit(batch({ threads: [thread('a', 3, 1)] }));
    expect(store.getState().threads.map((t) => `${t.id}:${t.unread}`)).toEqual(['a:1', 'b:0']);
  });

  it('applies a batch of many messages as one state change', async () => {
    const f = fakeApi({ ...empty, openThreadId: 'a' });
    const store = new WorkspaceStore(f.api);
    store.start();
    f.release();
    await flush();
    expect(store.getState().timeline?.items).toHaveLength(2);
    let changes = 0;
    store.subscribe(() => changes++);
    const items = Array.from({ length: 5_000 }, (_, i) => msg('a', i + 3));
    f.emit(batch({ items: [...items, msg('b', 1)], threads: [thread('a', 10, 5_000)] }));
    expect(changes).toBe(1);
    expect(store.getState().timeline?.items).toHaveLength(5_002);
    expect(store.getState().timeline?.appended).toBe(5_000);
  });

  it('starts over from a fresh snapshot on reset', async () => {
    const f = fakeApi(empty);
    const store = new WorkspaceStore(f.api);
    store.start();
    f.release();
    await flush();
    f.emit(batch({ reset: true }));
    expect(store.getState().phase).toBe('loading');
    expect(store.getState().threads).toEqual([]);
    f.release();
    await flush();
    expect(f.snapshots()).toBe(2);
    expect(store.getState().phase).toBe('ready');
  });

  it("opens the thread main asks for (a notification click), and stops listening when stopped", async () => {
    const f = fakeApi(empty);
    const store = new WorkspaceStore(f.api);
    const stop = store.start();
    f.release();
    await flush();
    f.showThread('b');
    await flush();
    expect(store.getState().openThreadId).toBe('b');
    expect(store.getState().timeline?.items).toHaveLength(2);
    expect(f.opened).toEqual(['b']);
    f.showThread('b'); // already open: not read again
    expect(f.opened).toEqual(['b']);
    stop();
    expect(f.listening()).toEqual([]);
  });

  it('a thread asked for while the snapshot is read wins over the snapshot\'s open thread', async () => {
    const f = fakeApi({ ...empty, openThreadId: 'a' });
    const store = new WorkspaceStore(f.api);
    store.start();
    f.showThread('b');
    expect(f.opened).toEqual([]);
    f.release();
    await flush();
    expect(store.getState().openThreadId).toBe('b');
    expect(f.opened).toEqual(['b']);
  });
});

describe('WorkspaceStore: the Activity list and the server', () => {
  const line = (title: string, state: string, ts: number) =>
    ({ key: `agent_status:${title}`, source: 'agent_status', action: null, title, detail: null, state, level: 'info', ts }) as const;

  it('takes both from the snapshot, then updates a key in place and moves it to the top', async () => {
    const server = { profile: 'code-cloud-agents', label: 'Code Cloud Agents', canSend: false, cannotSendReason: 'read only', presence: true, follow: null } as const;
    const f = fakeApi({ ...empty, server, activity: [line('A', 'idle', 2), line('B', 'working', 1)] });
    const store = new WorkspaceStore(f.api);
    store.start();
    f.release();
    await flush();
    expect(store.getState().server).toEqual(server);
    f.emit(batch({ activity: [line('B', 'stopped', 3)] }));
    expect(store.getState().activity.map((l) => `${l.title} ${l.state}`)).toEqual(['B stopped', 'A idle']);
    f.emit(batch({ activity: [line('C', 'idle', 5), line('A', 'working', 4)] }));
    expect(store.getState().activity.map((l) => `${l.title} ${l.state}`)).toEqual(['C idle', 'A working', 'B stopped']);
    // A key updated twice within one batch: its latest comes first and wins.
    f.emit(batch({ activity: [line('B', 'working', 7), line('B', 'idle', 6)] }));
    expect(store.getState().activity.map((l) => `${l.title} ${l.state}`)).toEqual(['B working', 'C idle', 'A working']);
  });

  it('a snapshot without a server (signed out, or not filled yet) holds null', async () => {
    const f = fakeApi(empty);
    const store = new WorkspaceStore(f.api);
    store.start();
    f.release();
    await flush();
    expect(store.getState().server).toBeNull();
    expect(store.getState().activity).toEqual([]);
  });
});
