// `npm start`: the Electron app when its binary is installed; otherwise one
// clear line saying so, then the web preview (same UI, same contract).
// `npm run demo` (`--demo`) opens straight onto the embedded demo workspace.
import { spawn } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';

const demo = process.argv.includes('--demo');
const env = demo ? { ...process.env, BEACON_DEMO: '1' } : process.env;

function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
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
