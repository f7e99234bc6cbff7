// castLabs ECS ("Electron for Content Security"): Electron with the Widevine CDM, published as
// GitHub releases of castlabs/electron-releases, Widevine builds tagged `v<electron>+wvcus`, each
// with `electron-v<electron>+wvcus-<platform>-<arch>.zip` assets. `npm run start:widevine` installs
// the release matching the project's Electron (or the nearest castLabs has, and says so) into a
// folder of its own — never node_modules/electron, never package-lock — and runs the app with it.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { explained } from '../../shared/explained.ts';
import { downloadElectronZip, DownloadFailed, extractZipInto, failureReason } from './download.ts';
import type { ResolvedElectron } from './electron-install.ts';
import { electronPackageDir, electronVersion, executableName, findElectron } from './electron-executable.ts';
import { badOverride, BROWSER_ALTERNATIVE, LaunchProblem, type LauncherCommand } from './problems.ts';
import { progressReporter, type ProgressSink } from './progress.ts';

export const ECS_RELEASES_URL = 'https://api.github.com/repos/castlabs/electron-releases/releases?per_page=100';
export const ECS_DOWNLOAD_BASE = 'https://github.com/castlabs/electron-releases/releases/download/';
export const ECS_RELEASES_PAGE = 'https://github.com/castlabs/electron-releases/releases';
const LOOKUP_TIMEOUT_MS = 15_000;

/** One release as the GitHub API lists it (only what is used here). */
export interface EcsRelease {
  tag: string;
  prerelease: boolean;
  draft: boolean;
  assets: { name: string; url: string | null; sha256: string | null }[];
}

/** `v45.4.1+wvcus` → its parts; null for anything else (alphas, betas, old `wvvmp` builds). */
export function parseEcsTag(tag: string): { version: string; major: number; minor: number; patch: number } | null {
  const match = /^v(\d+)\.(\d+)\.(\d+)\+wvcus$/.exec(tag);
  if (!match) return null;
  return { version: tag.slice(1), major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** The zip of one ECS version for one platform, as castLabs names it. */
export function ecsZipName(version: string, platform: string, arch: string): string {
  return `electron-v${version}-${platform}-${arch}.zip`;
}

export interface EcsChoice {
  release: EcsRelease;
  version: string;
  exact: boolean;
  /** For the user: which build, and why this one. */
  note: string;
}

/**
 * The ECS build to use for the project's Electron `wanted` (e.g. `45.4.1`): the same version when
 * castLabs built it; else their newest stable build of the same major; else the nearest major
 * (the older one when two are as near: castLabs follows Electron, it does not run ahead). Only
 * releases with a zip for this platform count. Null when there is none at all.
 */
export function chooseEcsRelease(releases: EcsRelease[], wanted: string, platform: string, arch: string): EcsChoice | null {
  const [wantedMajor] = wanted.split('.').map(Number) as [number];
  const usable = releases
    .filter((r) => !r.draft && !r.prerelease)
    .flatMap((release) => {
      const parsed = parseEcsTag(release.tag);
      return parsed && release.assets.some((a) => a.name === ecsZipName(parsed.version, platform, arch)) ? [{ release, ...parsed }] : [];
    })
    .sort((a, b) => b.major - a.major || b.minor - a.minor || b.patch - a.patch);
  const exact = usable.find((r) => r.version === `${wanted}+wvcus`);
  if (exact) return { release: exact.release, version: exact.version, exact: true, note: `castLabs ECS ${exact.version}: the project's Electron ${wanted}, with Widevine` };
  const sameMajor = usable.find((r) => r.major === wantedMajor);
  if (sameMajor) {
    return {
      release: sameMajor.release,
      version: sameMajor.version,
      exact: false,
      note: `castLabs ECS ${sameMajor.version}: castLabs has no build of Electron ${wanted}, this is their newest of Electron ${wantedMajor}`,
    };
  }
  const nearest = [...usable].sort((a, b) => Math.abs(a.major - wantedMajor) - Math.abs(b.major - wantedMajor) || a.major - b.major)[0];
  if (!nearest) return null;
  return {
    release: nearest.release,
    version: nearest.version,
    exact: false,
    note:
      `castLabs ECS ${nearest.version}: castLabs has no build of Electron ${wantedMajor} for ${platform}-${arch}; this is the nearest ` +
      `(Electron ${nearest.major}), so the app may not behave exactly as on Electron ${wanted}`,
  };
}

/** Where ECS builds are installed, one folder per version: the user's cache, shared by every clone. */
export function ecsRoot(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform, home: string = homedir()): string {
  if (env.DRM_WORKBENCH_ECS_DIR) return resolve(env.DRM_WORKBENCH_ECS_DIR);
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'drm-workbench', 'ecs');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'drm-workbench', 'Cache', 'ecs');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'drm-workbench', 'ecs');
}

/** ECS versions already installed under `root` (complete ones: the executable is there), newest first. */
export function installedEcs(root: string, platform: string = process.platform): { version: string; dir: string; executable: string }[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const parsed = parseEcsTag(`v${name}`);
      const executable = join(root, name, executableName(platform));
      return parsed && existsSync(executable) ? [{ ...parsed, dir: join(root, name), executable }] : [];
    })
    .sort((a, b) => b.major - a.major || b.minor - a.minor || b.patch - a.patch)
    .map(({ version, dir, executable }) => ({ version, dir, executable }));
}

/** The GitHub API's release list, reduced to what chooseEcsRelease needs. */
export function parseReleases(json: unknown): EcsRelease[] {
  if (!Array.isArray(json)) throw new Error('the release list is not a JSON array');
  return json.map((r: { tag_name?: unknown; prerelease?: unknown; draft?: unknown; assets?: unknown }) => ({
    tag: String(r.tag_name ?? ''),
    prerelease: r.prerelease === true,
    draft: r.draft === true,
    assets: (Array.isArray(r.assets) ? r.assets : []).map((a: { name?: unknown; browser_download_url?: unknown; digest?: unknown }) => ({
      name: String(a.name ?? ''),
      url: typeof a.browser_download_url === 'string' ? a.browser_download_url : null,
      sha256: typeof a.digest === 'string' && /^sha256:[0-9a-f]{64}$/i.test(a.digest) ? a.digest.slice('sha256:'.length).toLowerCase() : null,
    })),
  }));
}

function ecsProblem(title: string, options: { wanted: string; platform: string; arch: string; facts?: string[] }): LaunchProblem {
  const major = options.wanted.split('.')[0];
  return new LaunchProblem(
    explained({
      source: 'network',
      code: 'ecs-unavailable',
      title,
      cause:
        'Stock Electron has no Widevine CDM; castLabs ECS (Electron for Content Security) does. npm run start:widevine ' +
        `installs the ECS build for Electron ${options.wanted} once, from castLabs' GitHub releases, into a folder of its own.`,
      fix:
        `Retry when online. Or download electron-v${major}.x.y+wvcus-${options.platform}-${options.arch}.zip from ${ECS_RELEASES_PAGE}, ` +
        'unzip it, and run `npm start` with ELECTRON_OVERRIDE_DIST_PATH set to that folder. ' +
        `Or, for Widevine without ECS, ${BROWSER_ALTERNATIVE} — and open it in Google Chrome.`,
      facts: options.facts ?? [],
    }),
  );
}

async function listReleases(url: string, fetchImpl: typeof fetch): Promise<EcsRelease[]> {
  const response = await fetchImpl(url, { headers: { Accept: 'application/vnd.github+json' }, signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
  if (!response.ok) {
    const limited = response.status === 403 || response.status === 429;
    throw Object.assign(new Error(`HTTP ${response.status}${limited ? " (GitHub's rate limit for anonymous API calls; wait an hour, or set DRM_WORKBENCH_ECS_VERSION)" : ''}`), { status: response.status });
  }
  return parseReleases(await response.json());
}

export interface EnsureEcsOptions {
  command: LauncherCommand;
  env?: NodeJS.ProcessEnv;
  platform?: string;
  arch?: string;
  electronDir?: string;
  sink: ProgressSink;
  fetch?: typeof fetch;
  stallMs?: number;
}

/** The ECS build to run: ELECTRON_OVERRIDE_DIST_PATH as given, else one installed before, else installed now. */
export async function ensureEcs(options: EnsureEcsOptions): Promise<ResolvedElectron> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const say = (line: string): void => options.sink.write(`${line}\n`);
  const wanted = electronVersion(options.electronDir ?? electronPackageDir());
  const wantedMajor = wanted.split('.')[0];

  if (env.ELECTRON_OVERRIDE_DIST_PATH || env.ELECTRON_EXEC_PATH) {
    // The user points at their own (castLabs) build: use it as given, Widevine or not (the app says).
    const found = findElectron({ electronDir: options.electronDir ?? electronPackageDir(), env, platform });
    if (found.kind === 'bad-override') throw new LaunchProblem(badOverride({ ...found, command: options.command }));
    if (found.kind === 'override' || found.kind === 'exec-path') return { executable: found.executable, dir: found.dir, describe: `the Electron in ${found.dir} (given by ${found.kind === 'override' ? 'ELECTRON_OVERRIDE_DIST_PATH' : 'ELECTRON_EXEC_PATH'})` };
  }

  const root = ecsRoot(env, platform);
  const pinned = env.DRM_WORKBENCH_ECS_VERSION?.replace(/^v/, '');
  const pinnedVersion = pinned ? (pinned.endsWith('+wvcus') ? pinned : `${pinned}+wvcus`) : null;
  const installed = installedEcs(root, platform);
  const reuse = pinnedVersion ? installed.find((i) => i.version === pinnedVersion) : installed.find((i) => i.version.split('.')[0] === wantedMajor);
  if (reuse) {
    const why = pinnedVersion ? 'DRM_WORKBENCH_ECS_VERSION' : `installed earlier; DRM_WORKBENCH_ECS_VERSION picks another`;
    return { executable: reuse.executable, dir: reuse.dir, describe: `castLabs ECS ${reuse.version} (${reuse.dir}; ${why})` };
  }

  // Which release: the one pinned, or the one the release list offers.
  const mirror = env.DRM_WORKBENCH_ECS_MIRROR || ECS_DOWNLOAD_BASE;
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`;
  let version: string;
  let zipUrl: string;
  let checksums: Record<string, string> | undefined;
  if (pinnedVersion) {
    if (!parseEcsTag(`v${pinnedVersion}`)) throw ecsProblem(`DRM_WORKBENCH_ECS_VERSION=${pinned} is not an ECS Widevine version (like ${wanted}+wvcus).`, { wanted, platform, arch });
    version = pinnedVersion;
    zipUrl = `${base}${encodeURIComponent(`v${version}`)}/${ecsZipName(version, platform, arch)}`;
    say(`castLabs ECS ${version} (DRM_WORKBENCH_ECS_VERSION) is not installed yet: installing it once into ${root}…`);
  } else {
    const releasesUrl = env.DRM_WORKBENCH_ECS_RELEASES_URL || ECS_RELEASES_URL;
    const host = new URL(releasesUrl).host;
    say(`Looking up castLabs ECS builds for Electron ${wantedMajor} (${host})…`);
    let releases: EcsRelease[];
    try {
      releases = await listReleases(releasesUrl, options.fetch ?? fetch);
    } catch (error) {
      const reason = (error as { status?: number }).status ? (error as Error).message : failureReason(error, host, LOOKUP_TIMEOUT_MS);
      throw ecsProblem(`Could not list castLabs ECS releases: ${reason}.`, { wanted, platform, arch, facts: [`tried ${releasesUrl}`] });
    }
    const choice = chooseEcsRelease(releases, wanted, platform, arch);
    if (!choice) throw ecsProblem(`castLabs lists no ECS Widevine build for ${platform}-${arch}.`, { wanted, platform, arch, facts: [`looked at ${releases.length} releases from ${releasesUrl}`] });
    version = choice.version;
    const zipName = ecsZipName(version, platform, arch);
    const asset = choice.release.assets.find((a) => a.name === zipName)!;
    // Checked like Electron's own download: the asset's published SHA-256, else the release's SHASUMS256.txt.
    checksums = asset.sha256 ? { [zipName]: asset.sha256 } : undefined;
    zipUrl = env.DRM_WORKBENCH_ECS_MIRROR || !asset.url ? `${base}${encodeURIComponent(choice.release.tag)}/${zipName}` : asset.url;
    say(`${choice.note}. Installing it once into ${root}…`);
  }

  const releaseBase = zipUrl.slice(0, zipUrl.lastIndexOf('/') + 1);
  const reporter = progressReporter(`Downloading castLabs ECS ${version} (${platform}-${arch})`, options.sink);
  let zip: string;
  try {
    zip = await downloadElectronZip({
      version,
      platform,
      arch,
      checksums,
      resolveUrl: (file) => (file.endsWith('.zip') ? zipUrl : `${releaseBase}${file}`),
      cacheRoot: env.electron_config_cache || undefined,
      stallMs: options.stallMs,
      onProgress: reporter.update,
    });
  } catch (error) {
    if (!(error instanceof DownloadFailed)) throw error;
    throw ecsProblem(`Could not download castLabs ECS ${version}: ${error.reason}.`, { wanted, platform, arch, facts: [`tried ${error.url}`] });
  } finally {
    reporter.done();
  }
  const dir = join(root, version);
  await extractZipInto(zip, dir);
  const executable = join(dir, executableName(platform));
  if (!existsSync(executable)) throw ecsProblem(`The castLabs ECS ${version} download holds no ${executableName(platform)}.`, { wanted, platform, arch, facts: [`unpacked into ${dir}`] });
  say(`castLabs ECS ${version} is installed in ${dir}.`);
  return { executable, dir, describe: `castLabs ECS ${version} (${dir}, installed now)` };
}

/** What the user should know before an ECS start (printed once, before the app opens). */
export const ECS_NOTES = [
  'Widevine: the CDM is a component ECS downloads on first start (internet needed); the Environment check shows its status.',
  "On Linux a CDM installed for the first time works only after a restart of the app (castLabs' note).",
  'ECS builds are VMP-signed for development: they play against test services (ExpressPlay Test, Widevine UAT); Production answers -7008 unless the app is VMP production-signed (README → Widevine).',
];
