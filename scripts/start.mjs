// `npm start`: the Electron app when its binary is installed; otherwise one
// clear line saying so, then the web preview (same UI, same contract) if present.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Read electron's path.txt rather than require('electron'): when the binary is
// missing, electron's index.js tries to download it, which fails offline.
function electronBinary() {
  const pkg = new URL('../node_modules/electron/', import.meta.url).pathname;
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) return null;
  const binary = override ? join(override, relative || 'electron') : join(pkg, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 1));
}

if (electronBinary()) {
  run('npx', ['electron-vite', 'preview']);
} else {
  console.log(
    'beacon: the Electron binary is not installed (installed with --ignore-scripts, or its download host is unreachable); opening the web preview instead.',
  );
  if (existsSync(new URL('../src/web/index.ts', import.meta.url))) {
    run('npx', ['tsx', 'src/web/index.ts']);
  } else {
    console.log('beacon: the web preview is not built yet; run `npm run relay -- --demo` to try the relay.');
    process.exit(1);
  }
}
