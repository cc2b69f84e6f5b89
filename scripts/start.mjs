// `npm start`: the Electron app when its binary is installed; otherwise one
// clear line saying so, then the web preview (same UI, same contract).
import { spawn } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';

function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 1));
}

if (electronBinary().path) {
  run('npx', ['electron-vite', 'preview']);
} else {
  console.log(
    'beacon: the Electron binary is not installed (installed with --ignore-scripts, or its download host is unreachable); opening the web preview instead.',
  );
  run('npx', ['tsx', 'src/web/index.ts']);
}
