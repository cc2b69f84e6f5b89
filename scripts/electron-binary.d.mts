// Types for electron-binary.mjs, for the TypeScript test suites that import it.

/** The Electron binary, or null with why it is missing (the reason is fit to show a person). */
export function electronBinary(): { path: string } | { path: null; reason: string };
