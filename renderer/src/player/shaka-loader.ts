// Loads Shaka Player once, on the first Play, so the app starts without 700 KiB of player.
// The es2021 build has DASH and HLS and no UI; Chromium and Electron run it natively.
import type Shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';

export type ShakaNamespace = typeof Shaka;

let loading: Promise<ShakaNamespace> | null = null;

export function loadShaka(): Promise<ShakaNamespace> {
  loading ??= import('shaka-player/dist/shaka-player.compiled-es2021.js').then((mod) => {
    const shaka = mod.default;
    // Once per page: the polyfills patch globals (EME, MediaSource) and must not stack.
    shaka.polyfill.installAll();
    return shaka;
  });
  return loading;
}
