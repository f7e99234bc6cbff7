// History that tells the truth, through createCore against the real sandbox: masked values carry a
// keyed fingerprint (never the value, never an unkeyed hash, under a key that stays in the data
// dir), rows say kid, cookie and the playback verdict, and an export leaves tokens out unless asked.
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import type { Core } from '../../../../electron/core/index.ts';
import { FINGERPRINT_KEY_FILE } from '../../../../electron/history/fingerprint.ts';
import { HISTORY_DIR } from '../../../../electron/history/history.ts';
import { STRIPPED_TOKEN } from '../../../../electron/history/export-tokens.ts';
import { compareFingerprints } from '../../../../shared/history/fingerprint-label.ts';
import type { HistoryEntry, HistoryListResult, HistorySummary, TokenResult } from '../../../../shared/ipc/contract.ts';
import { coreSessions, err, externalSandbox, ok, tempDir } from '../../../support/core.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

let dataDir: { path: string; remove(): Promise<void> };
const { start, stop, closeAll } = coreSessions(() => ({ sandbox: externalSandbox(sandbox) }));
afterEach(async () => {
  await closeAll();
  await dataDir.remove();
});

let n = 0;
const send = async (core: Core, params: [string, string][]): Promise<TokenResult> =>
  ok<TokenResult>(await core.dispatch('token.request', { requestId: `t${++n}`, environment: 'sandbox', drm: 'widevine', params }));
const get = async (core: Core, id: string) => ok<HistoryEntry>(await core.dispatch('history.get', { id }));

const WRONG_KEY = '00112233445566778899aabbccddeeff';
const OTHER_WRONG_KEY = 'ffeeddccbbaa99887766554433221100';
const request = (contentKey: string, cookie: string): [string, string][] => [
  ['kid', sandbox.sample.kid],
  ['contentKey', contentKey],
  ['securityLevel', '1'],
  ['hdcpOutputControl', '0'],
  ['cookie', cookie],
];
const fingerprintOf = (e: HistoryEntry, name: string) => {
  const index = e.params.findIndex(([p]) => p === name);
  return e.fingerprints?.find((f) => f.index === index);
};

describe('fingerprints of masked values', () => {
  it('two different masked contentKeys fingerprint differently, the same one alike, and each says it is masked', async () => {
    dataDir = await tempDir('fp');
    const core = await start(dataDir.path);
    const a = await get(core, (await send(core, request(WRONG_KEY, 'a'))).historyId);
    const b = await get(core, (await send(core, request(OTHER_WRONG_KEY, 'b'))).historyId);
    const c = await get(core, (await send(core, request(WRONG_KEY, 'c'))).historyId);
    // Masked the same way ("0011…eeff" / "ffee…1100"): the masks alone could not say.
    expect(a.params).toContainEqual(['contentKey', '0011…eeff']);
    const [fa, fb, fc] = [fingerprintOf(a, 'contentKey')!, fingerprintOf(b, 'contentKey')!, fingerprintOf(c, 'contentKey')!];
    expect(fa.masked).toBe('key-material');
    expect(compareFingerprints(fa.fingerprint, fb.fingerprint)).toBe('different');
    expect(compareFingerprints(fa.fingerprint, fc.fingerprint)).toBe('same');
    expect(fa.fingerprint).toMatch(/^hmac-sha256\/128:[0-9a-f]{8}:[A-Za-z0-9_-]{22}$/);
  });

  it('a fingerprint is neither the value nor an unkeyed hash of it, and the key never leaves the data dir', async () => {
    dataDir = await tempDir('fp-keyed');
    const core = await start(dataDir.path);
    const result = await send(core, request(WRONG_KEY, 'k'));
    const entry = await get(core, result.historyId);
    const fp = fingerprintOf(entry, 'contentKey')!.fingerprint;
    const mac = fp.split(':')[2]!;
    const unkeyed = [createHash('sha256').update(WRONG_KEY).digest(), createHash('sha256').update(Buffer.from(WRONG_KEY, 'hex')).digest()];
    for (const h of unkeyed) {
      expect(mac).not.toBe(h.subarray(0, 16).toString('base64url'));
      expect(fp).not.toContain(h.toString('hex').slice(0, 12));
    }
    expect(fp).not.toContain(WRONG_KEY.slice(0, 12));

    const keyPath = join(dataDir.path, FINGERPRINT_KEY_FILE);
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    const key = (JSON.parse(await readFile(keyPath, 'utf8')) as { key: string }).key;
    const answers = JSON.stringify([
      result,
      entry,
      ok(await core.dispatch('history.list', {})),
      ok(await core.dispatch('history.export', {})),
      ok(await core.dispatch('history.export', { includeTokens: true })),
      ok(await core.dispatch('settings.get', {})),
      ok(await core.dispatch('app.info', {})),
    ]);
    expect(answers).not.toContain(key);
    expect(answers).not.toContain(Buffer.from(key, 'base64').toString('hex').slice(0, 12));
  });

  it('the key survives a restart (fingerprints still compare), and a damaged key is set aside: old fingerprints then do not compare, they are never called different', async () => {
    dataDir = await tempDir('fp-restart');
    let core = await start(dataDir.path);
    const before = await get(core, (await send(core, request(WRONG_KEY, 'r1'))).historyId);
    await stop(core);
    core = await start(dataDir.path);
    const after = await get(core, (await send(core, request(WRONG_KEY, 'r2'))).historyId);
    expect(compareFingerprints(fingerprintOf(before, 'contentKey')!.fingerprint, fingerprintOf(after, 'contentKey')!.fingerprint)).toBe('same');
    await stop(core);

    await writeFile(join(dataDir.path, FINGERPRINT_KEY_FILE), '{"half');
    core = await start(dataDir.path);
    const list = ok<HistoryListResult>(await core.dispatch('history.list', {}));
    expect(list.problems.join(' ')).toMatch(/fingerprint key .* set aside .* cannot be compared/);
    const fresh = await get(core, (await send(core, request(WRONG_KEY, 'r3'))).historyId);
    expect(compareFingerprints(fingerprintOf(before, 'contentKey')!.fingerprint, fingerprintOf(fresh, 'contentKey')!.fingerprint)).toBe('not-comparable');
  });

  it('a value revealed by the setting is not masked but still fingerprinted, so it compares with a masked one', async () => {
    dataDir = await tempDir('fp-reveal');
    const core = await start(dataDir.path);
    const masked = await get(core, (await send(core, request(WRONG_KEY, 'm'))).historyId);
    ok(await core.dispatch('settings.set', { revealContentKeysInHistory: true }));
    const clear = await get(core, (await send(core, request(WRONG_KEY, 'c'))).historyId);
    expect(clear.params).toContainEqual(['contentKey', WRONG_KEY]);
    expect(fingerprintOf(clear, 'contentKey')!.masked).toBeNull();
    expect(compareFingerprints(fingerprintOf(masked, 'contentKey')!.fingerprint, fingerprintOf(clear, 'contentKey')!.fingerprint)).toBe('same');
  });

  it('an entry recorded before fingerprints has none, and loads as it was', async () => {
    dataDir = await tempDir('fp-legacy');
    let core = await start(dataDir.path);
    const id = (await send(core, request(WRONG_KEY, 'old'))).historyId;
    await stop(core);
    const path = join(dataDir.path, HISTORY_DIR, `${id}.json`);
    const stored = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    for (const field of ['fingerprints', 'kids', 'cookie', 'playback']) delete stored[field];
    stored['summary'] = `Token issued (${new URL(sandbox.url).host})`;
    await writeFile(path, JSON.stringify(stored));
    core = await start(dataDir.path);
    const entry = await get(core, id);
    expect(entry.fingerprints).toBeUndefined();
    expect(entry).toMatchObject({ summary: 'Token issued', kids: [sandbox.sample.kid], cookie: 'old', playback: null });
    expect(entry.params).toContainEqual(['contentKey', '0011…eeff']);
    // Its row is written as today's rows are.
    expect(ok<HistoryListResult>(await core.dispatch('history.list', {})).entries[0]).toMatchObject({ summary: 'Token issued', kids: [sandbox.sample.kid], cookie: 'old', playback: null });
  });
});

describe('history rows', () => {
  it('show the kid(s), the cookie and "Token issued" — not the same host on every row', async () => {
    dataDir = await tempDir('rows');
    const core = await start(dataDir.path);
    await send(core, [
      ['kid', sandbox.sample.kid],
      ['contentKey', sandbox.sample.contentKey],
      ['kid.1', 'aa'.repeat(16)],
      ['contentKey.1', 'bb'.repeat(16)],
      ['securityLevel', '1'],
      ['hdcpOutputControl', '0'],
      ['cookie', 'batch-9'],
    ]);
    const [row] = ok<HistoryListResult>(await core.dispatch('history.list', {})).entries;
    expect(row).toMatchObject({ kids: [sandbox.sample.kid, 'aa'.repeat(16)], cookie: 'batch-9', summary: 'Token issued', playback: null });
  });

  it('record the playback verdict of an entry\'s token: state and one line, never the token or a secret', async () => {
    dataDir = await tempDir('verdict');
    const core = await start(dataDir.path);
    const result = await send(core, request(sandbox.sample.contentKey, 'played'));
    const rights = result.decoded?.ok ? result.decoded.rights.rightsUrl : '';
    const secretHex = sandbox.authenticators[0]!.split(',')[1]!;
    const row = ok<HistorySummary>(
      await core.dispatch('history.playback', { id: result.historyId, state: 'failed', summary: `6007 LICENSE_REQUEST_FAILED at ${rights} — key ${secretHex}\nsecond line` }),
    );
    expect(row.playback).toMatchObject({ state: 'failed' });
    expect(row.playback!.summary).toMatch(/^6007 LICENSE_REQUEST_FAILED at .*ExpressPlayToken=\(not kept\) — key .* second line$/);
    const token = result.decoded?.ok ? result.decoded.rights.token : 'x';
    const onDisk = await readFile(join(dataDir.path, HISTORY_DIR, `${result.historyId}.json`), 'utf8');
    expect(JSON.parse(onDisk).playback.summary).not.toContain(token);
    expect(onDisk).not.toContain(secretHex.slice(0, 12));
    expect(ok<HistoryListResult>(await core.dispatch('history.list', {})).entries[0]!.playback).toMatchObject({ state: 'failed' });

    // A later verdict replaces it; a bad state or an unknown entry is refused by name.
    ok(await core.dispatch('history.playback', { id: result.historyId, state: 'confirmed', summary: 'Playback confirmed' }));
    expect((await get(core, result.historyId)).playback).toMatchObject({ state: 'confirmed', summary: 'Playback confirmed' });
    expect(err(await core.dispatch('history.playback', { id: result.historyId, state: 'Confirmed!', summary: '' }))).toMatchObject({ code: 'invalid-request', path: 'state' });
    expect(err(await core.dispatch('history.playback', { id: 'gone', state: 'failed', summary: '' })).code).toBe('not-found');
  });
});

describe('history export and redeemable tokens', () => {
  it('strips every rights URL token by default and says so; keeps them only when asked, and says that', async () => {
    dataDir = await tempDir('export-tokens');
    const core = await start(dataDir.path);
    const result = await send(core, request(sandbox.sample.contentKey, 'exp'));
    expect(result.decoded?.ok).toBe(true);
    const token = result.decoded?.ok ? result.decoded.rights.token : '';
    expect(token.length).toBeGreaterThan(20);

    const stripped = ok<{ json: string }>(await core.dispatch('history.export', {})).json;
    const parsed = JSON.parse(stripped) as { tokens: string; entries: HistoryEntry[] };
    expect(parsed.tokens).toBe('stripped');
    expect(stripped).not.toContain(token);
    expect(stripped).not.toContain(token.slice(0, 24));
    const rights = parsed.entries[0]!.result.decoded;
    expect(rights?.ok && rights.rights.rightsUrl).toBe(`${sandbox.url}/hms/wv/rights/?ExpressPlayToken=${STRIPPED_TOKEN}`);
    expect(rights?.ok && rights.rights.token).toBe(STRIPPED_TOKEN);
    expect(rights?.raw).toContain(STRIPPED_TOKEN);

    const included = ok<{ json: string }>(await core.dispatch('history.export', { includeTokens: true })).json;
    expect(JSON.parse(included).tokens).toBe('included');
    expect(included).toContain(token);
  });
});

describe('a PlayReady answer in history and its export', () => {
  it('the JSON answer\'s token is stripped from the export everywhere it is written (token field, license URL, raw JSON body)', async () => {
    dataDir = await tempDir('export-playready');
    const core = await start(dataDir.path);
    const params: [string, string][] = [
      ['kid', sandbox.sample.kid],
      ['contentKey', sandbox.sample.contentKey],
      ['rightsType', 'BuyToOwn'],
      ...['analogVideoOPL', 'compressedDigitalAudioOPL', 'compressedDigitalVideoOPL', 'uncompressedDigitalAudioOPL', 'uncompressedDigitalVideoOPL'].map((n): [string, string] => [n, '0']),
    ];
    const result = ok<TokenResult>(await core.dispatch('token.request', { requestId: 'pr-1', environment: 'sandbox', drm: 'playready', params }));
    expect(result.decoded?.ok).toBe(true);
    const token = result.decoded?.ok ? result.decoded.rights.token : '';
    expect(token.length).toBeGreaterThan(20);
    expect(result.decoded?.ok && result.decoded.rights.playready?.licenseAcquisitionUrl).toBe(`${sandbox.url}/hms/pr/rights/`);
    // History keeps the entry as a PlayReady one.
    const [row] = ok<HistoryListResult>(await core.dispatch('history.list', {})).entries;
    expect(row).toMatchObject({ drm: 'playready', summary: 'Token issued' });

    const stripped = ok<{ json: string }>(await core.dispatch('history.export', {})).json;
    expect(stripped).not.toContain(token);
    expect(stripped).not.toContain(token.slice(0, 24));
    const decoded = (JSON.parse(stripped) as { entries: HistoryEntry[] }).entries[0]!.result.decoded;
    expect(decoded?.ok && decoded.rights.token).toBe(STRIPPED_TOKEN);
    expect(decoded?.raw).toContain(`"token":"${STRIPPED_TOKEN}"`);
    expect(decoded?.ok && decoded.rights.playready?.licenseAcquisitionUrl).toBe(`${sandbox.url}/hms/pr/rights/`);
  });
});
