// What a launch may change (dev server, profile directory, DevTools), decided
// from app.isPackaged and the environment; main's index.ts only applies it.
export { isDevToolsShortcut, type KeyInput } from './devtools-shortcut';
export { DEV_SERVER_ENV, launchOptions, USER_DATA_ENV, type LaunchInput, type LaunchOptions } from './launch-options';
