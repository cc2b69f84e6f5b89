// One WorkspaceService over the workspaces of the servers the user signs in
// to: the workspace of a server is opened when its engine is made (so the
// engine resumes from the stored cursors), follows that engine's events, and
// is cleared with its files on sign-out. Switching server closes the old
// workspace and tells the window to start over (a reset batch), so two
// servers' threads never mix.
import type { HeldWorkspaceSnapshot, MessagesPage, ThreadView, WorkspaceBatch } from '../../shared/ipc/workspace-schemas';
import type { PresenceStatus } from '../../shared/types';
import { TypedEmitter } from '../connection/emitter';
import type { Logger } from '../log';
import { workspaceDirFor } from '../session';
import { openWorkspace, type Workspace, type WorkspaceEngine, type WorkspaceOptions } from '../workspace';
import type { HeldWorkspaceService } from './services';

/** The engine surface followed here: the workspace's, plus state and presence for the own id. */
export interface HostedEngine extends WorkspaceEngine {
  readonly state: { state: string; userId?: string };
}

export interface WorkspaceHostOptions {
  /** Per-server stores live under this (null: memory only). */
  readonly dataDir: string | null;
  readonly log: Logger;
  readonly isMuted: WorkspaceOptions['isMuted'];
  readonly setMuted: WorkspaceOptions['setMuted'];
  /** The server reported the user's own presence (set from another device). */
  readonly onOwnPresence?: (status: PresenceStatus) => void;
}

export type BatchEvents = { batch: WorkspaceBatch };

/** The workspace's batches to every listener; one that throws is logged and the rest still get the batch. */
export function batchEmitter(log: Logger): TypedEmitter<BatchEvents> {
  return new TypedEmitter<BatchEvents>((_event, error) => log.warn(`workspace: a batch listener failed: ${error instanceof Error ? error.message : String(error)}`));
}

interface Current {
  readonly serverUrl: string;
  readonly workspace: Workspace;
  readonly offBatch: () => void;
  detach: () => void;
}

const EMPTY: HeldWorkspaceSnapshot = { selfId: null, threads: [], people: [], notices: [], openThreadId: null, activity: [] };
const RESET: WorkspaceBatch = { reset: true, threads: [], items: [], people: [], notices: [] };

export class WorkspaceHost implements HeldWorkspaceService {
  readonly #o: WorkspaceHostOptions;
  readonly #batches: TypedEmitter<BatchEvents>;
  #current: Current | null = null;
  /** The open thread, read from the workspace once and then followed here (undefined: read it again). */
  #openThreadId: string | null | undefined = undefined;

  constructor(options: WorkspaceHostOptions) {
    this.#o = options;
    this.#batches = batchEmitter(options.log);
  }

  /** The workspace of `serverUrl`, opened now if another (or none) is open: for the engine's resume cursors. */
  forServer(serverUrl: string): Workspace {
    if (this.#current?.serverUrl === serverUrl) return this.#current.workspace;
    this.#drop();
    this.#openThreadId = undefined;
    const workspace = openWorkspace({
      dir: workspaceDirFor(this.#o.dataDir, serverUrl),
      log: this.#o.log,
      isMuted: this.#o.isMuted,
      setMuted: this.#o.setMuted,
    });
    const offBatch = workspace.onBatch((batch) => this.#emit(batch));
    this.#current = { serverUrl, workspace, offBatch, detach: () => {} };
    this.#emit(RESET);
    return workspace;
  }

  /** Follows the session's engine for `serverUrl` (null: signed out or quitting; the store stays). */
  follow(engine: HostedEngine | null, serverUrl: string | null): void {
    if (this.#current) {
      this.#current.detach();
      this.#current.detach = () => {};
    }
    if (!engine || serverUrl === null) return;
    // Usually already open (the engine was made with its cursors); forServer returns it then.
    const workspace = this.forServer(serverUrl);
    const entry = this.#current;
    if (!entry) return;
    const selfOf = (): string | null => (engine.state.state === 'connected' ? (engine.state.userId ?? null) : null);
    const detachEvents = workspace.attach(engine, selfOf());
    const offState = engine.on('state', (state) => {
      if (state.state === 'connected') workspace.setSelf(state.userId);
    });
    const offPresence = engine.on('presence', ({ userId, status }) => {
      // `offline` for the own id can mean "one of your connections closed" (issue: some servers
      // broadcast it); only a real choice made elsewhere is adopted.
      if (userId === selfOf() && status !== 'offline') this.#o.onOwnPresence?.(status);
    });
    entry.detach = () => {
      detachEvents();
      offState();
      offPresence();
    };
  }

  /** Sign-out: forget the workspace and its files. */
  async clear(): Promise<void> {
    const workspace = this.#release();
    if (!workspace) return;
    await workspace.clear();
    this.#emit(RESET);
  }

  /** Quit: flush, keep the files. */
  async close(): Promise<void> {
    await this.#release()?.close();
  }

  snapshot(): HeldWorkspaceSnapshot {
    return this.#current?.workspace.snapshot() ?? EMPTY;
  }

  openThread(threadId: string | null): { thread: ThreadView | null; page: MessagesPage | null } {
    if (!this.#current) return { thread: null, page: null };
    this.#openThreadId = undefined;
    const opened = this.#current.workspace.openThread(threadId);
    this.#openThreadId = threadId;
    return opened;
  }

  /** The thread the window has open: cheap, for the notification policy's every message. */
  openThreadId(): string | null {
    if (this.#openThreadId === undefined) this.#openThreadId = this.#current?.workspace.snapshot().openThreadId ?? null;
    return this.#openThreadId;
  }

  /** Whose seq numbering the workspace holds, "server#historyId" (just "server" while the history is unknown); null when none. */
  scope(): string | null {
    if (!this.#current) return null;
    const history = this.#current.workspace.storedHistoryId();
    return history === null ? this.#current.serverUrl : `${this.#current.serverUrl}#${history}`;
  }

  messages(input: { threadId: string; beforeSeq?: number | undefined; limit?: number | undefined }): MessagesPage {
    const query: { threadId: string; beforeSeq?: number; limit?: number } = { threadId: input.threadId };
    if (input.beforeSeq !== undefined) query.beforeSeq = input.beforeSeq;
    if (input.limit !== undefined) query.limit = input.limit;
    return this.#need().messages(query);
  }

  markRead(threadId: string): ThreadView {
    return this.#need().markRead(threadId);
  }

  setMuted(threadId: string, muted: boolean): ThreadView {
    return this.#need().setMuted(threadId, muted);
  }

  send(threadId: string, body: string): { clientId: string } {
    return this.#need().send(threadId, body);
  }

  retry(clientId: string): { clientId: string } {
    return this.#need().retry(clientId);
  }

  onBatch(listener: (batch: WorkspaceBatch) => void): () => void {
    return this.#batches.on('batch', listener);
  }

  #need(): Workspace {
    if (!this.#current) throw new Error('Not signed in: sign in or try the demo workspace first.');
    return this.#current.workspace;
  }

  /** Stops following the current workspace and hands it over (to clear or close). */
  #release(): Workspace | null {
    const current = this.#current;
    this.#current = null;
    this.#openThreadId = undefined;
    if (!current) return null;
    current.detach();
    current.offBatch();
    return current.workspace;
  }

  #drop(): void {
    const workspace = this.#release();
    if (!workspace) return;
    // Only a sign-in to another server replaces the workspace, and that sign-in forgets the
    // previous server (its token and session files): its store goes too, not just flushed.
    workspace.clear().catch((error: unknown) => {
      this.#o.log.warn(`workspace: could not remove the previous server's store: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  #emit(batch: WorkspaceBatch): void {
    this.#batches.emit('batch', batch);
  }
}
