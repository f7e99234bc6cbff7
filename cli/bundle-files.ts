// Repro bundles written by the CLI: `check --bundle FILE` (the check's case) and `run --bundles DIR`
// (one per case that did not meet its expectation). The same format and the same redaction as the
// app's "Export repro bundle": content keys masked, rights URL tokens stripped, every string through
// the run's scrub of the authenticators it used.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { bundleToJson, caseBundle, redactBundle } from '../shared/bundle/index.ts';
import type { CaseResult } from '../shared/suites/types.ts';
import { makeScrub } from '../electron/vault/scrub.ts';

async function cliVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function bundleJson(result: CaseResult, kind: 'check' | 'suite-case', secrets: readonly string[]): Promise<string> {
  const bundle = caseBundle(result, { createdAt: new Date().toISOString(), workbench: { version: await cliVersion(), runtime: 'cli' }, kind, sampleManifestUrl: null });
  return bundleToJson(redactBundle(bundle, { scrub: makeScrub(secrets), includeContentKeys: false, includeTokens: false }));
}

/** Writes the bundle of `check`'s one case to `file`. */
export async function writeCheckBundle(result: CaseResult, file: string, secrets: readonly string[]): Promise<string> {
  const path = resolve(file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await bundleJson(result, 'check', secrets));
  return path;
}

/** A case id as a file name: `sandbox-smoke › wrong key` → `sandbox-smoke-wrong-key`. */
export const caseFileName = (id: string): string =>
  id
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120) || 'case';

/** One bundle per case that did not meet its expectation, in `dir`; returns the files written. */
export async function writeFailedCaseBundles(results: readonly CaseResult[], dir: string, secrets: readonly string[]): Promise<string[]> {
  const failed = results.filter((r) => !r.met);
  if (failed.length === 0) return [];
  await mkdir(resolve(dir), { recursive: true });
  const used = new Set<string>();
  const written: string[] = [];
  for (const result of failed) {
    let name = caseFileName(result.case.id);
    for (let n = 2; used.has(name); n++) name = `${caseFileName(result.case.id)}-${n}`;
    used.add(name);
    const path = join(resolve(dir), `${name}.repro.json`);
    await writeFile(path, await bundleJson(result, 'suite-case', secrets));
    written.push(path);
  }
  return written;
}
