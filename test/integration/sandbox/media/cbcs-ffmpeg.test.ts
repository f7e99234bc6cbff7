// ffmpeg, an independent decryptor, decrypts the encryptor's cbcs output into exactly the
// frames of the clear source — the check media-and-playback.md prescribes for own encryption.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes } from '../../../../shared/bytes.ts';
import { decryptFragmentedMp4, encryptFragmentedMp4 } from '../../../../sandbox/media/cenc.ts';
import { loadSample } from '../../../../sandbox/media/sample.ts';

const probe = spawnSync('ffmpeg', ['-hide_banner', '-version'], { encoding: 'utf8' });
const missing = probe.error || probe.status !== 0 ? 'ffmpeg is not installed (apt-get install -y ffmpeg)' : null;
if (missing) console.warn(`[skip] cbcs decryption by ffmpeg: ${missing}`);

const KEY = '88887777666655554444333322221111';

function framemd5(file: string, key?: string): Promise<string[]> {
  const args = ['-hide_banner', '-v', 'error', ...(key ? ['-decryption_key', key] : []), '-i', file, '-map', '0', '-f', 'framemd5', '-'];
  return new Promise((resolve, reject) =>
    execFile('ffmpeg', args, { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg failed on ${file}: ${stderr}`));
      else resolve(stdout.split('\n').filter((l) => l && !l.startsWith('#')));
    }),
  );
}

describe.skipIf(missing !== null)('cbcs output decrypted by ffmpeg -decryption_key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbcs-ffmpeg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sample = loadSample();

  it.each([
    ['video', sample.videoPath, 125],
    ['audio', sample.audioPath, 200],
  ] as const)('the %s track decrypts to the clear frames, frame for frame', async (name, path, atLeast) => {
    const clear = decryptFragmentedMp4(new Uint8Array(readFileSync(path)), { key: hexToBytes(sample.contentKey)! });
    const cbcs = encryptFragmentedMp4(clear, { kid: hexToBytes('11112222333344445555666677778888')!, key: hexToBytes(KEY)!, scheme: 'cbcs' });
    writeFileSync(join(dir, `${name}-clear.mp4`), clear);
    writeFileSync(join(dir, `${name}-cbcs.mp4`), cbcs);
    const [expected, decrypted, wrongKey] = await Promise.all([
      framemd5(join(dir, `${name}-clear.mp4`)),
      framemd5(join(dir, `${name}-cbcs.mp4`), KEY),
      framemd5(join(dir, `${name}-cbcs.mp4`), '00000000000000000000000000000000').catch(() => [] as string[]),
    ]);
    expect(expected.length).toBeGreaterThanOrEqual(atLeast);
    expect(decrypted).toEqual(expected);
    expect(wrongKey).not.toEqual(expected);
  });
});
