// The workspace as the window sees it on one server: the WorkspaceHost's
// threads and messages, plus what the server's profile says (its label,
// whether it takes messages, whether it has channels to follow), and the
// channels the user follows there (agentcmd `session:123`): subscribed through
// the engine, shown as threads before anything arrives on them, kept for the
// next start. On such servers the window shows exactly the followed channels.
import type { MessagesPage, ThreadView, WorkspaceBatch, WorkspaceSnapshot } from '../../shared/ipc/workspace-schemas';
import type { ServerProfile } from '../../shared/protocol/profiles';
import type { TokenTransport } from '../../shared/types';
import type { EngineError } from '../connection';
import type { TypedEmitter } from '../connection/emitter';
import type { Logger } from '../log';
import { followedPathFor } from '../session';
import { checkFollowable, FollowedChannels, followedView, serverInfoOf } from './followed';
import type { HeldWorkspaceService, WorkspaceService } from './services';
import { batchEmitter, type BatchEvents } from './workspace-host';

/** The engine's part in following: its profile, and subscribing to a channel now and after every reconnect. */
export interface FollowingEngine {
  readonly profile: ServerProfile;
  /** How the token travels (shown to the window so "Sign in again" keeps it). */
  readonly transport?: TokenTransport;
  follow(threadId: string): void;
  unfollow(threadId: string): void;
  /** The server's errors; one naming a followed channel is its refusal (agentcmd `global.subscription_error`). */
  on?(event: 'error', listener: (error: EngineError) => void): () => void;
}

export interface ServerWorkspaceOptions {
  /** Per-server session files live here (null: memory only). */
  readonly dataDir: string | null;
  readonly log: Logger;
  readonly isMuted: (threadId: string) => boolean;
  readonly setMuted: (threadId: string, muted: boolean) => void;
}

interface Server {
  readonly serverUrl: string;
  readonly engine: FollowingEngine;
  readonly followed: FollowedChannels;
  /** A followed channel the window opened before the workspace held anything of it. */
  openFollowed: string | null;
  /** Stops hearing the engine's errors. */
  readonly off: () => void;
}

const RESET: WorkspaceBatch = { reset: true, threads: [], items: [], people: [], notices: [] };
const emptyPage = (threadId: string): MessagesPage => ({ threadId, items: [], hasMore: false });

export class ServerWorkspace implements WorkspaceService {
  readonly #host: HeldWorkspaceService;
  readonly #o: ServerWorkspaceOptions;
  readonly #batches: TypedEmitter<BatchEvents>;
  #server: Server | null = null;

  constructor(host: HeldWorkspaceService, options: ServerWorkspaceOptions) {
    this.#host = host;
    this.#o = options;
    this.#batches = batchEmitter(options.log);
    host.onBatch((batch) => this.#emit(this.#shown(batch)));
  }

  /** Follows the session's engine (null: signed out); its followed channels are subscribed again. */
  attach(engine: FollowingEngine | null, serverUrl: string | null): void {
    const before = this.#server;
    before?.off();
    if (!engine || serverUrl === null) {
      this.#server = null;
      if (before) this.#emit(RESET);
      return;
    }
    const followed = before?.serverUrl === serverUrl ? before.followed : new FollowedChannels(followedPathFor(this.#o.dataDir, serverUrl), this.#o.log);
    const off = engine.profile.follow && engine.on ? engine.on('error', (e) => this.#refused(engine, e)) : () => {};
    this.#server = { serverUrl, engine, followed, openFollowed: null, off };
    if (engine.profile.follow) {
      for (const channel of followed.list()) {
        try {
          engine.follow(channel);
        } catch (error) {
          this.#o.log.warn(`workspace: could not follow a saved channel: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    // Another server type on the same address: the window reads the server info again.
    if (before?.engine.profile.id !== engine.profile.id) this.#emit(RESET);
  }

  snapshot(): WorkspaceSnapshot {
    const base = this.#host.snapshot();
    const server = this.#server;
    if (!server) return { ...base, server: null };
    const info = serverInfoOf(server.engine.profile, server.engine.transport);
    if (!server.engine.profile.follow) return { ...base, server: info };
    const followed = server.followed.list();
    const held = new Map(base.threads.map((t) => [t.id, t]));
    const threads = followed.map((id) => held.get(id) ?? followedView(id, this.#o.isMuted(id)));
    const open = base.openThreadId !== null && server.followed.has(base.openThreadId) ? base.openThreadId : server.openFollowed;
    return { ...base, threads, openThreadId: open, server: info };
  }

  follow(threadId: string, follow: boolean): ThreadView | null {
    const server = this.#server;
    checkFollowable(server?.engine.profile ?? null, threadId);
    if (!server) return null; // checkFollowable threw already
    if (!follow) {
      if (server.followed.remove(threadId)) server.engine.unfollow(threadId);
      if (server.openFollowed === threadId) server.openFollowed = null;
      if (this.#host.snapshot().openThreadId === threadId) this.#host.openThread(null);
      // Batches only add and update: a reset makes the window read the list without it.
      this.#emit(RESET);
      return null;
    }
    if (!server.followed.add(threadId)) throw new Error(`You already follow ${threadId}.`);
    try {
      server.engine.follow(threadId);
    } catch (error) {
      server.followed.remove(threadId);
      throw error;
    }
    const view = this.#view(threadId);
    this.#emit({ reset: false, threads: [view], items: [], people: [], notices: [] });
    return view;
  }

  openThread(threadId: string | null): { thread: ThreadView | null; page: MessagesPage | null } {
    const server = this.#server;
    if (server) server.openFollowed = null;
    if (threadId !== null && server?.followed.has(threadId) && !this.#held(threadId)) {
      this.#host.openThread(null);
      server.openFollowed = threadId;
      return { thread: followedView(threadId, this.#o.isMuted(threadId)), page: emptyPage(threadId) };
    }
    return this.#host.openThread(threadId);
  }

  messages(input: { threadId: string; beforeSeq?: number | undefined; limit?: number | undefined }): MessagesPage {
    return this.#orFollowed(input.threadId, () => this.#host.messages(input), () => emptyPage(input.threadId));
  }

  markRead(threadId: string): ThreadView {
    return this.#orFollowed(threadId, () => this.#host.markRead(threadId), () => followedView(threadId, this.#o.isMuted(threadId)));
  }

  setMuted(threadId: string, muted: boolean): ThreadView {
    return this.#orFollowed(
      threadId,
      () => this.#host.setMuted(threadId, muted),
      () => {
        this.#o.setMuted(threadId, muted);
        return followedView(threadId, muted);
      },
    );
  }

  send(threadId: string, body: string): { clientId: string } {
    this.#refuseUnsendable();
    return this.#host.send(threadId, body);
  }

  retry(clientId: string): { clientId: string } {
    this.#refuseUnsendable();
    return this.#host.retry(clientId);
  }

  onBatch(listener: (batch: WorkspaceBatch) => void): () => void {
    return this.#batches.on('batch', listener);
  }

  /**
   * The server refused a followed channel (its error names the channel; the workspace shows the
   * error as a notice): it is followed no longer, here nor after a reconnect or the next start.
   */
  #refused(engine: FollowingEngine, error: EngineError): void {
    const server = this.#server;
    if (error.kind !== 'server' || error.threadId === null || server?.engine !== engine || !server.followed.has(error.threadId)) return;
    const channel = error.threadId;
    try {
      server.followed.remove(channel);
      engine.unfollow(channel);
    } catch (e) {
      this.#o.log.warn(`workspace: could not drop a refused channel: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (server.openFollowed === channel) server.openFollowed = null;
    this.#o.log.info(`workspace: the server refused a followed channel: ${error.message}`);
    this.#emit(RESET);
  }

  /** Said before the workspace is asked (it would name the thread first): the server's own reason. */
  #refuseUnsendable(): void {
    const canSend = this.#server?.engine.profile.canSend;
    if (canSend && !canSend.ok) throw new Error(canSend.reason);
  }

  #held(threadId: string): boolean {
    return this.#host.snapshot().threads.some((t) => t.id === threadId);
  }

  #view(threadId: string): ThreadView {
    return this.#host.snapshot().threads.find((t) => t.id === threadId) ?? followedView(threadId, this.#o.isMuted(threadId));
  }

  /** The workspace's answer, or (for a followed channel it holds nothing of yet) the fallback. */
  #orFollowed<T>(threadId: string, held: () => T, fallback: () => T): T {
    if (this.#server?.followed.has(threadId) && !this.#held(threadId)) return fallback();
    return held();
  }

  /** On a server of followed channels, what arrives for one no longer followed is not shown. */
  #shown(batch: WorkspaceBatch): WorkspaceBatch {
    const server = this.#server;
    if (!server?.engine.profile.follow || batch.reset) return batch;
    const followed = (id: string): boolean => server.followed.has(id);
    return { ...batch, threads: batch.threads.filter((t) => followed(t.id)), items: batch.items.filter((i) => followed(i.threadId)) };
  }

  #emit(batch: WorkspaceBatch): void {
    this.#batches.emit('batch', batch);
  }
}
