import type { Workbench } from '../../../shared/ipc/contract.ts';

declare global {
  interface Window {
    /**
     * Set by the Electron preload; absent in a browser. Use `getWorkbench()` from
     * ./workbench.ts, which also restores WorkbenchError details that contextBridge drops.
     */
    readonly workbench?: Workbench;
  }
}

export {};
