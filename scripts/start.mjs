// `npm start`: the Electron app when its binary is installed; otherwise one
// clear line saying so, then the web preview (same UI, same contract) if present.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require('electron'); // the package's index.js returns the binary path
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
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
