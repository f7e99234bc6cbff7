// Downloading an Electron zip (stock, or castLabs ECS) with Electron's own @electron/get (the
// version electron 45 itself depends on, pinned as our devDependency), so the
// user's ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache and checksum settings work as
// they do for `npx electron`; and extracting it with Electron's own extractor. What is added here:
// a bound on waiting (no byte for `stallMs` ends the attempt, so an offline machine or a black-holed
// network gets an answer, not a hang), progress for the caller to show, and failures reduced to
// what happened with which host.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Progress } from '@electron/get';

/** No byte for this long (no answer, or a transfer that stopped) ends the download. */
export const DEFAULT_STALL_MS = 30_000;

export interface ZipDownload {
  /** Version as the release names it: `45.4.1`, `45.4.1+wvcus`. */
  version: string;
  platform: string;
  arch: string;
  /** file name → sha256; undefined: the release's SHASUMS256.txt is fetched and checked. */
  checksums?: Record<string, string>;
  /** Where the zip is fetched from; undefined: @electron/get's default (github.com/electron) and env vars. */
  resolveUrl?: (fileName: string) => string;
  /** @electron/get's cache (default: its own, e.g. ~/.cache/electron). */
  cacheRoot?: string;
  force?: boolean;
  stallMs?: number;
  onProgress?: (progress: Progress) => void;
}

/** A download that did not happen, reduced to what a person can act on. */
export class DownloadFailed extends Error {
  constructor(
    readonly url: string,
    /** The host it tried (`github.com`), or '' when the failure came before any request. */
    readonly host: string,
    /** What went wrong, in a few words: "cannot resolve github.com (no network, or DNS blocked)". */
    readonly reason: string,
  ) {
    super(`${reason}${url ? ` (${url})` : ''}`);
    this.name = 'DownloadFailed';
  }
}

// Loaded when a download is needed: a start with Electron on disk never loads them.
const loadElectronGet = () => import('@electron/get');
const loadExtract = async () => (await import('@electron-internal/extract-zip')).extract;

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

class Stalled extends Error {}

/** The reason behind a failed fetch, in words: Node's fetch hides it in `cause`. */
export function failureReason(error: unknown, host: string, stallMs: number): string {
  const where = host || 'the download server';
  if (error instanceof Stalled || (error as { cause?: unknown })?.cause instanceof Stalled) {
    return `no data from ${where} for ${stallMs >= 1000 ? `${Math.round(stallMs / 1000)} s` : `${stallMs} ms`} (offline, or the network drops the connection)`;
  }
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string }; response?: { status?: number; statusText?: string } };
  if (e?.name === 'HTTPError' && e.response) return `${where} answered HTTP ${e.response.status}${e.response.statusText ? ` ${e.response.statusText}` : ''}`;
  const code = e?.cause?.code ?? (e as { code?: string })?.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve ${where} (no network, or DNS blocked)`;
    case 'ECONNREFUSED':
      return `${where} refused the connection`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the connection to ${where} was reset`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `${where} cannot be reached (${code})`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_HAS_EXPIRED':
      return `the TLS certificate of ${where} was not trusted (${code}; behind a proxy that re-signs HTTPS, set NODE_EXTRA_CA_CERTS)`;
  }
  const message = e?.message ?? String(error);
  if (/checksum/i.test(message)) return `the file from ${where} does not match its published SHA-256 checksum (a broken or tampered download)`;
  if (e?.cause?.message) return `${message}: ${e.cause.message}`;
  return message;
}

/** Downloads the release's `electron-v<version>-<platform>-<arch>.zip`; resolves with its path (in @electron/get's cache). */
export async function downloadElectronZip(options: ZipDownload): Promise<string> {
  const get = await loadElectronGet();
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  let lastUrl = '';
  const fetcher = new get.FetchDownloader();
  const downloader = {
    async download(url: string, target: string, downloadOptions: Record<string, unknown> = {}): Promise<void> {
      lastUrl = url;
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(new Stalled()), stallMs);
      };
      arm();
      const isZip = url.endsWith('.zip');
      try {
        await fetcher.download(url, target, {
          ...downloadOptions,
          quiet: true,
          signal: controller.signal,
          getProgressCallback: async (progress: Progress) => {
            arm();
            if (isZip) options.onProgress?.(progress);
          },
        });
      } finally {
        clearTimeout(timer);
      }
    },
  };
  try {
    return await get.downloadArtifact({
      version: options.version,
      artifactName: 'electron',
      platform: options.platform,
      arch: options.arch,
      cacheRoot: options.cacheRoot,
      // Electron's force_no_cache: fetch again, then refresh the cache.
      ...(options.force ? { cacheMode: get.ElectronDownloadCacheMode.WriteOnly } : {}),
      checksums: options.checksums,
      downloader,
      ...(options.resolveUrl
        ? { mirrorOptions: { resolveAssetURL: async (details: { artifactName: string; version: string; platform?: string; arch?: string; isGeneric?: boolean }) => options.resolveUrl!(artifactFileName(details)) } }
        : {}),
    });
  } catch (error) {
    const host = hostOf(lastUrl);
    throw new DownloadFailed(lastUrl, host, failureReason(error, host, stallMs));
  }
}

/** The file name @electron/get asks for: `electron-v45.4.1-linux-x64.zip`, or `SHASUMS256.txt`. */
function artifactFileName(details: { artifactName: string; version: string; platform?: string; arch?: string; isGeneric?: boolean }): string {
  if (details.isGeneric) return details.artifactName;
  const version = details.version.startsWith('v') ? details.version : `v${details.version}`;
  return `${details.artifactName}-${version}-${details.platform}-${details.arch}.zip`;
}

/**
 * Unpacks `zip` as `dir`, all or nothing: into a sibling folder first, renamed into place once
 * complete, so an interrupted extraction never leaves a half Electron where a whole one is expected.
 */
export async function extractZipInto(zip: string, dir: string): Promise<void> {
  const extract = await loadExtract();
  await mkdir(dirname(dir), { recursive: true });
  await removeAbandonedPartials(dir);
  const partial = `${dir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await extract(zip, { dir: partial });
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Half-unpacked folders of earlier runs that were stopped (Ctrl+C, kill) — never a running one's. */
async function removeAbandonedPartials(dir: string): Promise<void> {
  const prefix = `${basename(dir)}.partial-`;
  const names = await readdir(dirname(dir)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) continue;
    await rm(join(dirname(dir), name), { recursive: true, force: true }).catch(() => undefined);
  }
}
