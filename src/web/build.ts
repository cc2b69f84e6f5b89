// Builds what the web host serves: the bridge script (in memory, every start:
// it is small) and the renderer (into out/renderer, only when missing or
// older than its sources), with vite, the same bundler electron-vite uses.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, type Rollup } from 'vite';
import { newestMtime } from './mtime';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const RENDERER_SRC = join(REPO_ROOT, 'src/renderer');
export const RENDERER_OUT = join(REPO_ROOT, 'out/renderer');
const BRIDGE_ENTRY = join(REPO_ROOT, 'src/web/bridge/main.ts');

function outputs(result: Awaited<ReturnType<typeof build>>): Rollup.OutputChunk[] {
  const list = Array.isArray(result) ? result : [result];
  return list.flatMap((r) => ('output' in r ? r.output : [])).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
}

/** The bridge as one classic script (it must run before the renderer's module). */
export async function buildBridgeScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: REPO_ROOT,
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      lib: { entry: BRIDGE_ENTRY, formats: ['iife'], name: 'BeaconBridge', fileName: () => 'bridge.js' },
      rollupOptions: { output: { inlineDynamicImports: true } },
    },
  });
  const chunk = outputs(result)[0];
  if (!chunk) throw new Error('web: building the bridge script produced no output');
  return chunk.code;
}

/** Whether out/renderer is missing, or (when checked) older than the renderer's sources. */
export function rendererNeedsBuild(outDir = RENDERER_OUT, checkSources = true): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  if (!checkSources) return false;
  const sources = Math.max(newestMtime(RENDERER_SRC), newestMtime(join(REPO_ROOT, 'src/shared')));
  return sources > statSync(index).mtimeMs;
}

/** The same renderer build electron-vite makes (relative base, React plugin). */
export async function buildRenderer(outDir = RENDERER_OUT): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: RENDERER_SRC,
    base: './',
    plugins: [react()],
    build: { outDir, emptyOutDir: true },
  });
}
