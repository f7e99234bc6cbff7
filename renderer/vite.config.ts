import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { APP_CSP_META } from '../shared/app-csp.ts';

/** Where renderer/index.html asks for the app's CSP. */
export const CSP_PLACEHOLDER = '%APP_CSP%';

/**
 * Writes the app's CSP (shared/app-csp.ts, its one home) into index.html's meta tag when building.
 * The dev server gets no meta tag: its React refresh runs an inline script the policy refuses.
 */
export function appCspMeta(): Plugin {
  return {
    name: 'drm-workbench:app-csp-meta',
    transformIndexHtml: (html, ctx) =>
      ctx.server ? html.replace(/\s*<meta[^>]*%APP_CSP%[^>]*>/, '') : html.replace(CSP_PLACEHOLDER, APP_CSP_META),
  };
}

// Standalone build of the renderer, used by the web host (`drm-workbench web`) and by the CLI's
// suite runner (`drm-workbench check` / `run`), which opens headless.html: one case played with the
// app's own player code, a second entry the app's index.html never loads.
// electron.vite.config.ts builds the same renderer (the app alone) for the desktop app.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), appCspMeta()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        headless: fileURLToPath(new URL('headless.html', import.meta.url)),
      },
    },
  },
});
