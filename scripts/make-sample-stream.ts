// Regenerates the committed sample stream in sandbox/sample/:
//   npx tsx scripts/make-sample-stream.ts [--out DIR]
// ffmpeg makes a clear 5 s 320×180 H.264 baseline + AAC clip, fragmented per track; the
// project's own CENC encryptor encrypts it (ffmpeg 5.1 cannot write playable encrypted
// fragments); then ffmpeg decrypts the result and its decoded frames must match the clear
// file's, frame for frame, or the script fails and writes nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bytesEqual, hexToBytes } from '../shared/bytes.ts';
import { decryptFragmentedMp4, encryptFragmentedMp4 } from '../sandbox/media/cenc.ts';
import { buildOnDemandMpd } from '../sandbox/media/mpd.ts';
import { DEFAULT_SAMPLE_DIR, type SampleDescriptor } from '../sandbox/media/sample.ts';

/** Documented in README and sample.json: memorable on purpose, never a real content key. */
const KID = '0123456789abcdef0123456789abcdef';
const CONTENT_KEY = 'fedcba9876543210fedcba9876543210';

/** Runs ffmpeg; with `what`, a failure ends the script, without it a failure gives null. */
function ffmpeg(args: string[], what: string): string;
function ffmpeg(args: string[]): string | null;
function ffmpeg(args: string[], what?: string): string | null {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) fail(`cannot run ffmpeg (${run.error.message}); install it: apt-get install -y ffmpeg`);
  if (run.status === 0) return run.stdout;
  if (what) fail(`ffmpeg failed while ${what}:\n${run.stderr}`);
  return null;
}

function fail(message: string): never {
  console.error(`make-sample-stream: ${message}`);
  process.exit(1);
}

/** Decoded-frame checksums, without the header comments (they name the input). */
function frameMd5(file: string, decryptionKey?: string): string[] {
  const keyArgs = decryptionKey ? ['-decryption_key', decryptionKey] : [];
  return checksums(ffmpeg([...keyArgs, '-i', file, '-map', '0', '-f', 'framemd5', '-'], `checksumming ${file}`));
}

function checksums(framemd5: string): string[] {
  return framemd5.split('\n').filter((line) => line && !line.startsWith('#'));
}

function durationOf(file: string): number {
  const run = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const seconds = Number(run.stdout.trim());
  if (run.status !== 0 || !Number.isFinite(seconds)) fail(`ffprobe could not read the duration of ${file}: ${run.stderr}`);
  return seconds;
}

const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 && process.argv[outIndex + 1] ? resolve(process.argv[outIndex + 1]!) : DEFAULT_SAMPLE_DIR;
const work = mkdtempSync(join(tmpdir(), 'drm-workbench-sample-'));
try {
  const clear = join(work, 'clear.mp4');
  ffmpeg(
    [
      '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25:duration=5',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=5',
      '-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-b:v', '300k',
      // One thread: x264 output then does not depend on the machine's core count.
      '-threads', '1',
      '-c:a', 'aac', '-b:a', '64k', '-ac', '2', '-shortest', clear,
    ],
    'encoding the clear clip',
  );
  const clearVideo = join(work, 'clear-video.mp4');
  const clearAudio = join(work, 'clear-audio.mp4');
  ffmpeg(['-i', clear, '-map', '0:v', '-c', 'copy', '-movflags', '+frag_keyframe+empty_moov+default_base_moof+global_sidx', clearVideo], 'fragmenting video');
  ffmpeg(['-i', clear, '-map', '0:a', '-c', 'copy', '-frag_duration', '1000000', '-movflags', '+empty_moov+default_base_moof+global_sidx', clearAudio], 'fragmenting audio');

  const kid = hexToBytes(KID)!;
  const key = hexToBytes(CONTENT_KEY)!;
  const tracks = [
    { name: 'video.mp4', clear: clearVideo },
    { name: 'audio.mp4', clear: clearAudio },
  ].map(({ name, clear: clearFile }) => {
    const clearBytes = readFileSync(clearFile);
    const bytes = encryptFragmentedMp4(clearBytes, { kid, key });
    if (!bytesEqual(decryptFragmentedMp4(bytes, { key, kid }), clearBytes)) fail(`${name}: our own decryptor does not give back the clear file`);
    const encFile = join(work, `enc-${name}`);
    writeFileSync(encFile, bytes);
    const expected = frameMd5(clearFile);
    const actual = frameMd5(encFile, CONTENT_KEY);
    if (expected.length === 0 || expected.join('\n') !== actual.join('\n')) {
      const firstBad = expected.findIndex((line, i) => line !== actual[i]);
      fail(`${name}: ffmpeg's decryption of our encryption differs from the clear file at frame ${firstBad} of ${expected.length}:\n  clear:     ${expected[firstBad]}\n  decrypted: ${actual[firstBad]}`);
    }
    // With a wrong key the decoder must fail or give other frames, else nothing was encrypted.
    const wrongKey = ffmpeg(['-decryption_key', '00000000000000000000000000000000', '-i', encFile, '-map', '0', '-f', 'framemd5', '-']);
    if (wrongKey !== null && checksums(wrongKey).join('\n') === expected.join('\n')) fail(`${name}: decrypts with a wrong key too — it is not encrypted`);
    console.log(`${name}: ${bytes.length} bytes, ${expected.length} frames match the clear file after ffmpeg -decryption_key`);
    return { name, bytes };
  });

  const durationSeconds = Math.round(durationOf(clear) * 1000) / 1000;
  const manifest = buildOnDemandMpd({ durationSeconds, representations: tracks.map((t) => ({ url: t.name, bytes: t.bytes })) });
  const descriptor: SampleDescriptor = {
    kid: KID,
    contentKey: CONTENT_KEY,
    durationSeconds,
    files: { manifest: 'manifest.mpd', video: 'video.mp4', audio: 'audio.mp4' },
    description:
      'DRM Workbench sample stream: ffmpeg testsrc 320x180 25 fps H.264 baseline + 440 Hz AAC stereo, CENC (cenc, AES-128-CTR) ' +
      'encrypted by sandbox/media/cenc.ts; DASH on-demand profile with ClearKey (DASH-IF and W3C) and Widevine ContentProtection. ' +
      'The kid/contentKey are public test values. Regenerate: npx tsx scripts/make-sample-stream.ts',
  };
  mkdirSync(outDir, { recursive: true });
  for (const t of tracks) writeFileSync(join(outDir, t.name), t.bytes);
  writeFileSync(join(outDir, 'manifest.mpd'), manifest);
  writeFileSync(join(outDir, 'sample.json'), `${JSON.stringify(descriptor, null, 2)}\n`);
  console.log(`wrote ${outDir} (kid ${KID}, contentKey ${CONTENT_KEY}, ${durationSeconds} s)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
