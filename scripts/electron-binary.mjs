// Where the Electron binary is, for `npm start` and the Electron test suite.
// It reads electron's path.txt rather than require('electron'): when the
// binary is missing, electron's index.js tries to download it, which fails offline.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));

/** @returns {{ path: string } | { path: null, reason: string }} the binary, or null with why it is missing */
export function electronBinary() {
  if (!existsSync(join(PACKAGE, 'package.json'))) return { path: null, reason: 'the electron package is not installed' };
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(PACKAGE, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (!relative && !override) {
    return { path: null, reason: 'node_modules/electron has no path.txt (installed with --ignore-scripts or the download failed)' };
  }
  const binary = override ? join(override, relative || 'electron') : join(PACKAGE, 'dist', relative);
  return existsSync(binary) ? { path: binary } : { path: null, reason: `${binary} does not exist` };
}
