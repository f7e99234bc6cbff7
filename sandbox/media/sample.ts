// The committed sample stream (sandbox/sample/): a 5 s CENC-encrypted DASH clip with a fixed,
// documented kid/contentKey. The sandbox serves these files at /sample/…; tests and the
// player panel use the kid/key from here instead of repeating them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes, isHex16 } from '../../shared/bytes.ts';
import { decryptFragmentedMp4, encryptFragmentedMp4, defaultPsshBoxes } from './cenc.ts';
import { buildOnDemandMpd } from './mpd.ts';

/** Where the sandbox serves the sample; `SAMPLE_URL_PATHS.manifest` is what a player loads. */
export const SAMPLE_URL_PATHS = {
  manifest: '/sample/manifest.mpd',
  video: '/sample/video.mp4',
  audio: '/sample/audio.mp4',
} as const;

export const DEFAULT_SAMPLE_DIR = fileURLToPath(new URL('../sample/', import.meta.url));

export interface SampleFiles {
  manifest: string;
  video: string;
  audio: string;
}

/** sample.json, as written by scripts/make-sample-stream.ts. */
export interface SampleDescriptor {
  kid: string;
  contentKey: string;
  durationSeconds: number;
  files: SampleFiles;
  description: string;
}

export interface Sample extends SampleDescriptor {
  dir: string;
  manifestPath: string;
  videoPath: string;
  audioPath: string;
}

/** Reads and checks sample.json; throws with the path and what is wrong when it is unusable. */
export function loadSample(dir: string = DEFAULT_SAMPLE_DIR): Sample {
  const jsonPath = join(dir, 'sample.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the sample stream's ${jsonPath}: ${(err as Error).message}. Regenerate it: npx tsx scripts/make-sample-stream.ts`);
  }
  const d = raw as Partial<SampleDescriptor>;
  const files = d.files as Partial<SampleFiles> | undefined;
  if (
    typeof d.kid !== 'string' || !isHex16(d.kid) ||
    typeof d.contentKey !== 'string' || !isHex16(d.contentKey) ||
    typeof d.durationSeconds !== 'number' ||
    typeof files?.manifest !== 'string' || typeof files.video !== 'string' || typeof files.audio !== 'string'
  ) {
    throw new Error(`${jsonPath} lacks kid/contentKey (32 hex), durationSeconds or files. Regenerate it: npx tsx scripts/make-sample-stream.ts`);
  }
  return {
    kid: d.kid.toLowerCase(),
    contentKey: d.contentKey.toLowerCase(),
    durationSeconds: d.durationSeconds,
    files: { manifest: files.manifest, video: files.video, audio: files.audio },
    description: typeof d.description === 'string' ? d.description : '',
    dir,
    manifestPath: join(dir, files.manifest),
    videoPath: join(dir, files.video),
    audioPath: join(dir, files.audio),
  };
}

/** The three files of a stream, by file name (`manifest.mpd`, `video.mp4`, `audio.mp4`). */
export type StreamFiles = Map<string, Uint8Array>;

const reencrypted = new Map<string, StreamFiles>();

/**
 * The sample re-encrypted for another kid/contentKey (32 hex each), with a matching MPD —
 * so a sandbox token for any key can be played. Decrypts the committed files with the
 * documented key and encrypts them again (a few milliseconds); results are cached.
 */
export function sampleStreamFor(kid: string, contentKey: string, sample: Sample = loadSample()): StreamFiles {
  const kidBytes = hexToBytes(kid);
  const keyBytes = hexToBytes(contentKey);
  if (!kidBytes || kidBytes.length !== 16 || !keyBytes || keyBytes.length !== 16) {
    throw new Error(`kid and contentKey must be 32 hex digits each (got ${kid.length} and ${contentKey.length} characters)`);
  }
  const cacheKey = `${sample.dir}|${bytesToHex(kidBytes)}|${bytesToHex(keyBytes)}`;
  const cached = reencrypted.get(cacheKey);
  if (cached) return cached;
  const sampleKey = hexToBytes(sample.contentKey)!;
  const pssh = defaultPsshBoxes(kidBytes);
  const out: StreamFiles = new Map();
  const reps = [sample.files.video, sample.files.audio].map((name) => {
    const clear = decryptFragmentedMp4(readFileSync(join(sample.dir, name)), { key: sampleKey });
    const bytes = encryptFragmentedMp4(clear, { kid: kidBytes, key: keyBytes, pssh });
    out.set(name, bytes);
    return { url: name, bytes };
  });
  out.set(sample.files.manifest, new TextEncoder().encode(buildOnDemandMpd({ durationSeconds: sample.durationSeconds, representations: reps })));
  if (reencrypted.size > 32) reencrypted.clear(); // a test run makes a handful; never grow without bound
  reencrypted.set(cacheKey, out);
  return out;
}
