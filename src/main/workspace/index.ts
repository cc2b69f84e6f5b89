// The workspace: what the user can see of one server (threads, timelines,
// people, notices), fed by the connection engine, kept on disk, and sent to
// the window as coalesced batches. Plain TypeScript: no electron import.
export { openWorkspace, Workspace } from './workspace';
export type { WorkspaceEngine, WorkspaceOptions, Schedule, Scheduled } from './types';
export { DEFAULT_BATCH_MS, DEFAULT_MAX_PER_THREAD } from './types';
