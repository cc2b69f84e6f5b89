// Browser-side bench code (the probe, the naive renderer) bundled in memory at
// bench start with esbuild: production React, one classic script each.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [here(entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`bundling ${entry} produced no output`);
  return file.text;
}

/** The MutationObserver probe, for Playwright's addInitScript. */
export const bundleProbe = (): Promise<string> => bundle('./browser/probe.ts');

/** The naive renderer's page script. */
export const bundleNaive = (): Promise<string> => bundle('./browser/naive/main.tsx');
