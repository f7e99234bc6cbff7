import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { cpSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { appCspMeta, moduleSideEffects } from './renderer/vite.config.ts';

/**
 * The in-process sandbox finds its sample stream at `new URL('../sample/', import.meta.url)`
 * (sandbox/media/sample.ts → sandbox/sample). Once bundled, that URL is relative to the chunk
 * holding it, so copy sandbox/sample next to that chunk (inside out/, hence inside the asar).
 */
function copySandboxSample(): Plugin {
  return {
    name: 'drm-workbench:copy-sandbox-sample',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir ?? resolve(__dirname, 'out/main');
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !/new URL\(["']\.\.\/sample\/["'], import\.meta\.url\)/.test(chunk.code)) continue;
        const target = resolve(dirname(resolve(outDir, chunk.fileName)), '../sample');
        cpSync(resolve(__dirname, 'sandbox/sample'), target, { recursive: true });
      }
    },
  };
}

export default defineConfig({
  main: {
    plugins: [copySandboxSample()],
    build: {
      outDir: 'out/main',
      // Bundle main's dependencies (zod, @bufbuild/protobuf) into out/main: the packaged app is
      // out/ alone (electron-builder.yml packs no node_modules), and Electron stays external.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron' and a few built-ins: bundle the contract
      // into one CommonJS file (ESM preloads do not run in sandboxed renderers).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), appCspMeta()],
    build: {
      outDir: 'out/renderer',
      // The packaged app ships what the web host serves: minified (electron-vite leaves it as is).
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') }, treeshake: { moduleSideEffects } },
    },
  },
});
