// The preload: exposes exactly one object, `window.workbench`, of task-level functions built
// from the shared contract (./bridge.ts). They resolve to plain data, never reject, because
// contextBridge would drop a rejection's details. The renderer never gets ipcRenderer, channels,
// or events. Sandboxed preloads can require only 'electron' (and a few built-ins), so
// electron-vite bundles the contract into this file as CommonJS; the zod schemas stay on the
// privileged side (see electron.vite.config.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(
  'workbench',
  createBridge((channel, payload) => ipcRenderer.invoke(channel, payload)),
);
