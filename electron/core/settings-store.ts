// The user's settings, in <dataDir>/settings.json (atomic writes). A file that cannot be read is
// set aside and the defaults used; unknown or out-of-range values fall back one by one, so one
// bad field from an older version does not reset the others. A write changes only the fields it
// was given: it re-reads the file and applies its patch to what is there, so a field changed
// since this process last read it (by hand, or by another writer) is kept, not overwritten.
import { join } from 'node:path';
import type { Settings, ValidRequestOf } from '../../shared/ipc/contract.ts';
import { requestSchemas } from '../../shared/ipc/schemas.ts';
import { readTextIfExists, serialQueue, setAside, writeFileAtomic } from '../storage/atomic-file.ts';

export const SETTINGS_FILE = 'settings.json';

export const DEFAULT_SETTINGS: Settings = {
  prodDomain: 'service.expressplay.com',
  defaultMethod: 'POST',
  timeoutMs: 20_000,
  revealContentKeysInHistory: false,
};

export interface SettingsStore {
  get(): Settings;
  set(patch: ValidRequestOf<'settings.set'>): Promise<Settings>;
  problems(): string[];
}

export async function openSettings(options: { dataDir: string; now?: () => Date; log?: (line: string) => void }): Promise<SettingsStore> {
  const now = options.now ?? (() => new Date());
  const path = join(options.dataDir, SETTINGS_FILE);
  const problems: string[] = [];
  const queue = serialQueue();
  let current: Settings = { ...DEFAULT_SETTINGS };

  const text = await readTextIfExists(path);
  if (text !== null) {
    const loaded = parseSettings(text);
    if (loaded) current = loaded;
    else {
      const aside = await setAside(path, now());
      const message = `Settings (${SETTINGS_FILE}) could not be read and were set aside as ${aside}; defaults are used.`;
      problems.push(message);
      options.log?.(`settings: ${message}`);
    }
  }

  return {
    get: () => ({ ...current }),
    set: (patch) =>
      queue(async () => {
        const onDisk = await readTextIfExists(path).then((t) => (t === null ? null : parseSettings(t)), () => null);
        const next: Settings = { ...(onDisk ?? current) };
        for (const [key, value] of Object.entries(patch)) if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
        await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`);
        current = next;
        return { ...current };
      }),
    problems: () => [...problems],
  };
}

function parseSettings(text: string): Settings | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const out: Settings = { ...DEFAULT_SETTINGS };
  const shape = requestSchemas['settings.set'].shape;
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const parsed = shape[key].safeParse((data as Record<string, unknown>)[key]);
    if (parsed.success && parsed.data !== undefined) (out as unknown as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}
