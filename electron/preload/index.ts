// The preload: exposes exactly one object, `window.workbench`, of task-level functions built
// from the shared contract. The renderer never gets ipcRenderer, channels, or events.
// Sandboxed preloads can require only 'electron' (and a few built-ins), so electron-vite
// bundles the contract into this file as CommonJS (the zod schemas stay on the privileged side) (see electron.vite.config.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { makeWorkbench, type Channel, type Wire } from '../../shared/ipc/contract.ts';
import { bridgeable } from './wire-error.ts';

const workbench = makeWorkbench((channel: Channel, payload: unknown) => ipcRenderer.invoke(channel, payload) as Promise<Wire<unknown>>);

contextBridge.exposeInMainWorld('workbench', bridgeable(workbench));
