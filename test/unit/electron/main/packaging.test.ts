import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The packaging configuration, read and validated by electron-builder's own loader and schema —
// no build. (test/e2e/scripts/desktop/dist.test.ts packages for real with a stand-in Electron.)
const root = join(import.meta.dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
// electron-builder's own modules, as electron-builder itself resolves them.
const fromBuilder = createRequire(createRequire(join(root, 'package.json')).resolve('electron-builder/package.json'));

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  files?: (string | { filter?: string[] })[];
  electronFuses?: Record<string, boolean>;
  mac?: { target?: unknown };
  win?: { target?: unknown };
  linux?: { target?: unknown; maintainer?: string };
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, debug: unknown): Promise<void>;
  };
  const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, null, null);
  // Throws on any key or value electron-builder would refuse.
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('the packaged app', () => {
  it('is named, and built for Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('com.example.drmworkbench');
    expect(config.productName).toBe('DRM Workbench');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    expect(config.linux?.maintainer).toBeTruthy(); // a .deb refuses to build without one
  });

  it('has its Electron fuses set: no Node mode, no NODE_OPTIONS, no inspector, only its own integrity-checked asar, encrypted cookies', async () => {
    const { electronFuses } = await loadConfig();
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('is one asar holding what the build writes (out/: main with its dependencies bundled, preload, renderer) and no node_modules', async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    // The loader normalises the list into file sets.
    expect(config.files?.flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])))).toEqual(['out/**', 'package.json', '!node_modules/**']);
    // …which holds only because main bundles its dependencies instead of requiring them at run time.
    expect(read('electron.vite.config.ts')).toMatch(/main: \{[\s\S]*?externalizeDeps: false[\s\S]*?\n {2}\},\n {2}preload/);
  });

  it('the sandbox locates its sample with the expression the build plugin copies for', () => {
    expect(read('sandbox/media/sample.ts')).toMatch(/new URL\(["']\.\.\/sample\/["'], import\.meta\.url\)/);
    expect(read('electron.vite.config.ts')).toContain(String.raw`new URL\(["']\.\.\/sample\/["'], import\.meta\.url\)`);
  });
});
