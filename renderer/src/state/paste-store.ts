// A customer's pasted request (curl, URL, form body …): read, loaded into the builder, and what the
// reading left behind (an authenticator hint, findings, notes) shown above the builder.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Drm, EnvironmentId, Finding } from '../../../shared/expressplay/types.ts';
import type { BuilderStore } from './builder-store.ts';
import { loadChecks, loadedChecks } from './checks.ts';
import { messageOf } from './message.ts';
import type { SettingsStore } from './settings-store.ts';
import type { UiStore } from './ui-store.ts';

/** What a pasted customer request left behind, shown above the builder. */
export interface PasteOutcome {
  authenticatorHint: string | null;
  findings: Finding[];
  notes: string[];
  /**
   * What the paste switched the app to, and from what (absent: it did not switch). The banner
   * reads it against the app's current environment and DRM, so it says what holds now and
   * offers the way back in one click.
   */
  switched?: {
    environment?: { from: EnvironmentId; to: EnvironmentId };
    drm?: { from: Drm; to: Drm };
  };
}

export interface PasteActions {
  /**
   * Loads the paste into the builder; false (with a note saying why) when it cannot be read. The
   * reader is one of the checks (state/checks.ts): Support tools, where a paste comes from, loads
   * with them, so they are in; if not, it says so and the paste stays where it was.
   */
  paste(text: string, drmHint: Drm | null): boolean;
  dismiss(): void;
}

export interface PasteState {
  outcome: PasteOutcome | null;
  actions: PasteActions;
}

export type PasteStore = StoreApi<PasteState>;

export interface PasteDeps {
  builder: BuilderStore;
  settings: SettingsStore;
  ui: UiStore;
}

export function createPasteStore({ builder, settings, ui }: PasteDeps): PasteStore {
  return createStore<PasteState>()((set) => ({
    outcome: null,
    actions: {
      paste(text, drmHint) {
        const checks = loadedChecks();
        if (!checks) {
          void loadChecks().catch(() => undefined);
          set({ outcome: { authenticatorHint: null, findings: [], notes: ['The request reader is still loading: press Load into builder again in a moment.'] } });
          return false;
        }
        let parsed;
        try {
          parsed = checks.parseTokenRequest(text, drmHint ?? undefined);
        } catch (e) {
          set({ outcome: { authenticatorHint: null, findings: [], notes: [`Could not read the paste: ${messageOf(e)}`] } });
          return false;
        }
        const notes: string[] = [];
        const before = builder.getState().draft;
        const drm = parsed.drm ?? drmHint ?? before.drm;
        if (!parsed.drm && !drmHint) notes.push(`The paste does not say which DRM: loaded as ${drm}.`);
        const target = parsed.target;
        const environment = target?.kind;
        const switched: NonNullable<PasteOutcome['switched']> = {};
        if (environment && environment !== before.environment) switched.environment = { from: before.environment, to: environment };
        if (drm !== before.drm) switched.drm = { from: before.drm, to: drm };
        const current = settings.getState().settings;
        if (target?.kind === 'production' && current && target.domain !== current.prodDomain) {
          notes.push(`The request went to ${target.domain}; Settings sends production requests to ${current.prodDomain}.`);
        }
        builder.getState().actions.load({
          drm,
          params: parsed.request.params,
          ...(environment ? { environment } : {}),
          ...(parsed.method ? { method: parsed.method } : {}),
        });
        set({ outcome: { authenticatorHint: parsed.authenticatorHint, findings: parsed.findings, notes, switched } });
        ui.getState().actions.announce('Customer request loaded into the builder');
        return true;
      },
      dismiss: () => set({ outcome: null }),
    },
  }));
}
