import type { WorkbenchBridge } from '../../../shared/ipc/contract.ts';

declare global {
  interface Window {
    /**
     * Set by the Electron preload; absent in a browser. Its functions resolve to Wire data; use
     * `getWorkbench()` from ./workbench.ts, which gives the same Workbench over either transport.
     */
    readonly workbench?: WorkbenchBridge;
  }
}

export {};
