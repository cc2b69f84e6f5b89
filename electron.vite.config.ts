import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/main/serve/csp';

// `npm run dev` only (apply: 'serve'): index.html's meta CSP would block Vite's
// inline React-refresh preamble and injected styles, so the dev page carries the
// development policy main also sends for the dev server (src/main/serve/csp.ts).
// Builds keep index.html's strict meta tag.
const devServerCsp: Plugin = {
  name: 'beacon-dev-server-csp',
  apply: 'serve',
  transformIndexHtml(html, ctx) {
    const url = ctx.server?.resolvedUrls?.local[0];
    if (!url) return html;
    // The window may load it as localhost or 127.0.0.1 (ELECTRON_RENDERER_URL); HMR connects to the page's own host.
    const port = new URL(url).port;
    const connectSrc = ['localhost', '127.0.0.1', '[::1]'].map((host) => `ws://${host}:${port}`);
    const policy = contentSecurityPolicy({ devServerUrl: url, connectSrc, meta: true });
    return html.replace(/(http-equiv="Content-Security-Policy"\s+content=")[^"]*"/, `$1${policy}"`);
  },
};

export default defineConfig({
  main: {
    build: {
      // keytar is native and electron-store/conf are ESM-only: keep all deps external.
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): bundle everything
      // into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), devServerCsp],
    build: {
      // electron-vite leaves bundles unminified; the renderer is also served
      // by the web preview, so ship it small.
      minify: 'esbuild',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
