// Vault and settings: what the privileged side keeps for the user (authenticators, shown only as
// masked hints; connection settings), and the facts it reports at start (the sandbox, the app).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo, SandboxInfo, Settings, VaultStatus, Workbench } from '../../../shared/ipc/contract.ts';
import { messageOf } from './message.ts';
import type { UiStore } from './ui-store.ts';

export interface SettingsActions {
  /** Asks the privileged side for everything at start; a part that does not answer is a boot problem, never fatal. */
  load(): Promise<void>;
  setAuthenticator(environment: 'test' | 'production', authenticator: string, sessionOnly: boolean): Promise<boolean>;
  clearAuthenticator(environment: 'test' | 'production'): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<void>;
}

export interface SettingsState {
  settings: Settings | null;
  vault: VaultStatus | null;
  sandbox: SandboxInfo | null;
  appInfo: AppInfo | null;
  /** Problems reaching the privileged side at start (shown, never fatal). */
  bootProblems: string[];
  settingsError: string | null;
  actions: SettingsActions;
}

export type SettingsStore = StoreApi<SettingsState>;

export interface SettingsDeps {
  workbench: Workbench;
  ui: UiStore;
}

export function createSettingsStore({ workbench, ui }: SettingsDeps): SettingsStore {
  const announce = (text: string): void => ui.getState().actions.announce(text);
  return createStore<SettingsState>()((set) => ({
    settings: null,
    vault: null,
    sandbox: null,
    appInfo: null,
    bootProblems: [],
    settingsError: null,
    actions: {
      async load() {
        const problems: string[] = [];
        const attempt = async <T,>(what: string, p: () => Promise<T>): Promise<T | null> => {
          try {
            return await p();
          } catch (e) {
            problems.push(`${what}: ${messageOf(e)}`);
            return null;
          }
        };
        const [sandbox, settings, vault, appInfo] = await Promise.all([
          attempt('Sandbox', () => workbench.sandboxInfo()),
          attempt('Settings', () => workbench.getSettings()),
          attempt('Authenticators', () => workbench.vaultStatus()),
          attempt('App info', () => workbench.appInfo()),
        ]);
        set({ sandbox, settings, vault, appInfo, bootProblems: problems });
      },
      async setAuthenticator(environment, authenticator, sessionOnly) {
        try {
          const vault = await workbench.setAuthenticator({ environment, authenticator, sessionOnly });
          set({ vault, settingsError: null });
          announce(`${environment === 'test' ? 'Test' : 'Production'} authenticator saved`);
          return true;
        } catch (e) {
          set({ settingsError: messageOf(e) });
          return false;
        }
      },
      async clearAuthenticator(environment) {
        try {
          const vault = await workbench.clearAuthenticator({ environment });
          set({ vault, settingsError: null });
          announce(`${environment === 'test' ? 'Test' : 'Production'} authenticator cleared`);
        } catch (e) {
          set({ settingsError: messageOf(e) });
        }
      },
      async updateSettings(patch) {
        try {
          const settings = await workbench.setSettings(patch);
          set({ settings, settingsError: null });
          announce('Settings saved');
        } catch (e) {
          set({ settingsError: messageOf(e) });
        }
      },
    },
  }));
}
