import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadElectronZip, DownloadFailed, failureReason } from '../../../../scripts/desktop/download.ts';
import { serveFiles, silentServer } from '../../../support/file-server.ts';
import { makeZip } from '../../../support/zip.ts';

// The launcher's download over real loopback HTTP: a network that never answers ends the attempt
// (no hang), a tampered file is refused, and every failure names the host it tried.

const zip = makeZip([{ name: 'electron', data: '#!/bin/sh\n', mode: 0o755 }]);
const ZIP = 'electron-v45.4.1-linux-x64.zip';

describe('downloading an Electron zip', () => {
  let cache: string;
  beforeAll(() => {
    cache = mkdtempSync(join(tmpdir(), 'wb-download-cache-'));
  });
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  /** Electron 45.4.1 for linux-x64 from `base` (a loopback mirror) into this test's cache. */
  const download = (base: string, more: Omit<Parameters<typeof downloadElectronZip>[0], 'version' | 'platform' | 'arch' | 'resolveUrl' | 'cacheRoot'>) =>
    downloadElectronZip({ version: '45.4.1', platform: 'linux', arch: 'x64', resolveUrl: (file) => `${base}v45.4.1/${file}`, cacheRoot: cache, ...more });

  it('a server that accepts the connection but never answers ends the download after the stall bound, naming the host', async () => {
    const silent = await silentServer();
    try {
      const failure = await download(silent.url, { checksums: { [ZIP]: 'a'.repeat(64) }, stallMs: 300 }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DownloadFailed);
      expect((failure as DownloadFailed).host).toBe(silent.host);
      expect((failure as DownloadFailed).reason).toBe(`no data from ${silent.host} for 300 ms (offline, or the network drops the connection)`);
      expect((failure as DownloadFailed).url).toBe(`${silent.url}v45.4.1/${ZIP}`);
    } finally {
      await silent.close();
    }
  });

  it('a file that does not match its published SHA-256 is refused', async () => {
    const mirror = await serveFiles({ [`/v45.4.1/${ZIP}`]: zip });
    try {
      const failure = await download(mirror.url, { checksums: { [ZIP]: createHash('sha256').update('something else').digest('hex') } }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DownloadFailed);
      expect((failure as DownloadFailed).reason).toBe(`the file from ${mirror.host} does not match its published SHA-256 checksum (a broken or tampered download)`);
    } finally {
      await mirror.close();
    }
  });

  it('a missing release answers with the HTTP status', async () => {
    const mirror = await serveFiles({});
    try {
      const failure = await download(mirror.url, { checksums: { [ZIP]: 'a'.repeat(64) } }).catch((e: unknown) => e);
      expect((failure as DownloadFailed).reason).toBe(`${mirror.host} answered HTTP 404 Not Found`);
    } finally {
      await mirror.close();
    }
  });

  it('a matching file lands in the cache, and the progress reaches the whole size', async () => {
    const mirror = await serveFiles({ [`/v45.4.1/${ZIP}`]: zip });
    const seen: number[] = [];
    try {
      const path = await download(mirror.url, { checksums: { [ZIP]: createHash('sha256').update(zip).digest('hex') }, onProgress: (p) => seen.push(p.transferred) });
      expect(path.startsWith(cache)).toBe(true);
      expect(seen.at(-1)).toBe(zip.length);
    } finally {
      await mirror.close();
    }
  });
});

describe('failure reasons name the host and say what happened', () => {
  const fetchError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
  it.each([
    ['ENOTFOUND', 'cannot resolve github.com (no network, or DNS blocked)'],
    ['EAI_AGAIN', 'cannot resolve github.com (no network, or DNS blocked)'],
    ['ECONNREFUSED', 'github.com refused the connection'],
    ['ECONNRESET', 'the connection to github.com was reset'],
    ['UND_ERR_CONNECT_TIMEOUT', 'github.com cannot be reached (UND_ERR_CONNECT_TIMEOUT)'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'the TLS certificate of github.com was not trusted (SELF_SIGNED_CERT_IN_CHAIN; behind a proxy that re-signs HTTPS, set NODE_EXTRA_CA_CERTS)'],
  ])('%s', (code, reason) => {
    expect(failureReason(fetchError(code), 'github.com', 30_000)).toBe(reason);
  });
});

describe('unpacking', () => {
  it('is all or nothing, and clears what a stopped earlier unpack left — never a running one’s', async () => {
    const { extractZipInto } = await import('../../../../scripts/desktop/download.ts');
    const { existsSync, mkdirSync, readdirSync, writeFileSync } = await import('node:fs');
    const base = mkdtempSync(join(tmpdir(), 'wb-unpack-'));
    try {
      const zipPath = join(base, 'e.zip');
      writeFileSync(zipPath, zip);
      // A stopped earlier run (its pid no longer exists) and a running one (this test's parent).
      mkdirSync(join(base, 'dist.partial-999999999-aaaa'));
      mkdirSync(join(base, `dist.partial-${process.ppid}-bbbb`));
      await extractZipInto(zipPath, join(base, 'dist'));
      expect(existsSync(join(base, 'dist', 'electron'))).toBe(true);
      expect(readdirSync(base).sort()).toEqual(['dist', `dist.partial-${process.ppid}-bbbb`, 'e.zip']);
      // A damaged zip leaves the earlier complete folder as it was.
      writeFileSync(zipPath, 'not a zip');
      await expect(extractZipInto(zipPath, join(base, 'dist'))).rejects.toThrow();
      expect(existsSync(join(base, 'dist', 'electron'))).toBe(true);
      expect(readdirSync(base).filter((n) => n.startsWith('dist.partial-') && !n.includes(String(process.ppid)))).toEqual([]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
