// The app's life cycle as plain, Node-tested decisions: beacon:// deep links,
// protocol registration, window bounds, launch at login. The Electron edge
// (src/main/electron/lifecycle.ts, main's index.ts) only applies them.
export { deepLinkArg, describeDeepLink, MAX_LINK_CHARS, MAX_THREAD_ID_CHARS, parseDeepLink, type DeepLink, type DeepLinkRefusal, type DeepLinkResult } from './deep-link';
export { DeepLinkOpener, PENDING_LINK_MS, type DeepLinkTarget } from './deep-link-opener';
export { protocolClientPlan, type ProtocolClientInput, type ProtocolClientPlan } from './protocol-client';
export { centredIn, clampToArea, DEFAULT_WINDOW_SIZE, restoreBounds, sameRect, titleBarVisible, type DisplayArea, type Rect, type WindowSize } from './window-bounds';
export { SAVE_BOUNDS_DEBOUNCE_MS, trackBounds, type BoundsEvent, type BoundsWindow } from './bounds-tracker';
export { settingsBoundsStore, type BoundsStore } from './bounds-store';
export {
  autostartExecutable,
  autostartFile,
  desktopEntry,
  HIDDEN_ARG,
  loginItemMechanism,
  quoteExecArg,
  xdgAutostart,
  type LoginItemMechanism,
  type XdgAutostart,
} from './login-item';
export { syncLoginItem, type LaunchAtLoginSetting, type LoginItemBackend } from './login-item-sync';
export { writeFileAtomicSync } from './atomic-write';
export { QuitSequence, type QuitActions } from './quit-sequence';
export { APP_ID, appUserModelId, type AppUserModelIdInput } from './app-user-model-id';
