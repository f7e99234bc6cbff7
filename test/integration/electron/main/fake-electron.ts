// A stand-in for the 'electron' module, recording what the main process asks of it, so the
// real electron/main code (and the real core behind it) runs in plain Node. The real module
// would try to download a binary. Only what electron/main uses is here.
import { EventEmitter } from 'node:events';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Electron's listeners take anything
type Listener = (...args: any[]) => unknown;

export class FakeWebContents extends EventEmitter {
  readonly mainFrame = { url: '' };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly session = fakeSession;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

type PermissionRequestHandler = (wc: unknown, permission: string, callback: (ok: boolean) => void, details: { requestingUrl: string }) => void;
type PermissionCheckHandler = (wc: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean;

type DevicePermissionHandler = (details: object) => boolean;

interface FakeSession {
  permissionRequest: PermissionRequestHandler | null;
  permissionCheck: PermissionCheckHandler | null;
  devicePermission: DevicePermissionHandler | null;
  setPermissionRequestHandler(handler: PermissionRequestHandler): void;
  setPermissionCheckHandler(handler: PermissionCheckHandler): void;
  setDevicePermissionHandler(handler: DevicePermissionHandler): void;
}

export const fakeSession: FakeSession = {
  permissionRequest: null,
  permissionCheck: null,
  devicePermission: null,
  setPermissionRequestHandler(handler) {
    fakeSession.permissionRequest = handler;
  },
  setPermissionCheckHandler(handler) {
    fakeSession.permissionCheck = handler;
  },
  setDevicePermissionHandler(handler) {
    fakeSession.devicePermission = handler;
  },
};
export const session = { defaultSession: fakeSession };

/** What main asked of `protocol`, in order, and whether the app was ready by then. */
export const protocolCalls: { call: 'registerSchemesAsPrivileged' | 'handle'; scheme: string; privileges?: object; whenReady: boolean }[] = [];
export const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
export const protocol = {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: object }[]) {
    for (const s of schemes) protocolCalls.push({ call: 'registerSchemesAsPrivileged', scheme: s.scheme, privileges: s.privileges, whenReady: app.isReady });
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    protocolCalls.push({ call: 'handle', scheme, whenReady: app.isReady });
    protocolHandlers.set(scheme, handler);
  },
};

let windowCreated: (win: FakeBrowserWindow) => void = () => undefined;
/** Resolves with the first window the main process opens. */
export const firstWindow = new Promise<FakeBrowserWindow>((resolve) => (windowCreated = resolve));

export class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.windows;
  }
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.windows.push(this);
    // As Electron does for every webContents, before the constructor returns.
    app.emit('web-contents-created', {}, this.webContents);
    windowCreated(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
}

class FakeApp extends EventEmitter {
  paths = new Map<string, string>();
  isPackaged = false;
  quitCalls = 0;
  /** Codes app.exit() was called with. */
  exitCodes: number[] = [];
  sandboxEnabled = false;
  isReady = false;
  private readyResolve: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`no fake path for ${name}`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  getVersion(): string {
    return '0.1.0-test';
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  makeReady(): void {
    this.isReady = true;
    this.readyResolve();
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exit(code: number): void {
    this.exitCodes.push(code);
  }
}

export const app = new FakeApp();
export const handlers = new Map<string, Listener>();
export const ipcMain = {
  handle(channel: string, listener: Listener) {
    if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    handlers.set(channel, listener);
  },
  removeHandler(channel: string) {
    handlers.delete(channel);
  },
};
export const opened: string[] = [];
export const shell = {
  async openExternal(url: string) {
    opened.push(url);
  },
};
export const menus: unknown[] = [];
export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: (menu: unknown) => void menus.push(menu),
};
export const errorBoxes: { title: string; message: string }[] = [];
export const dialog = { showErrorBox: (title: string, message: string) => void errorBoxes.push({ title, message }) };
export const net = { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) };
/** Linux without a keyring: the vault must refuse to persist. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: () => {
    throw new Error('basic_text must never be used');
  },
  decryptString: () => {
    throw new Error('basic_text must never be used');
  },
};
export const BrowserWindow = FakeBrowserWindow;

export default { app, ipcMain, shell, Menu, dialog, net, safeStorage, BrowserWindow, protocol, session };
