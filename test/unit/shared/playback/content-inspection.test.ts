// The content inspection over the test streams (test/support/streams.ts), fetched in memory:
// each packaging fault comes out as its finding, with the track, KID and step at fault and a
// fix that fits the stream's kind. Real HTTP and the CLI: test/integration/cli/inspect.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findBoxes } from '../../../../shared/media/boxes.ts';
import { faultKids, type Explained } from '../../../../shared/explained.ts';
import { inspectContent } from '../../../../shared/playback/content-fetch.ts';
import { analyzeContent, type ContentReport } from '../../../../shared/playback/content-inspection.ts';
import { CLEARKEY_ONLY_RUNTIME, type RuntimeSupport } from '../../../../shared/playback/content-key-systems.ts';
import { memoryFetch } from '../../../support/memory-fetch.ts';
import { buildStreams, TEST_KEYS, type BuiltStream, type StreamVariant } from '../../../support/streams.ts';

const ORIGIN = 'https://cdn.test';
const A = TEST_KEYS.a.kid;
const B = TEST_KEYS.b.kid;

let root: string;
let streams: Record<StreamVariant, BuiltStream>;

beforeAll(() => {
  ({ root, streams } = buildStreams());
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function filesOf(variant: StreamVariant): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(`${ORIGIN}/${relative(root, path)}`, new Uint8Array(readFileSync(path)));
    }
  };
  walk(join(root, variant));
  return out;
}

async function inspect(variant: StreamVariant, opts: { runtime?: RuntimeSupport; patch?: (files: Map<string, Uint8Array>) => void } = {}): Promise<ContentReport> {
  const files = filesOf(variant);
  opts.patch?.(files);
  return inspectContent(`${ORIGIN}/${streams[variant].manifestPath}`, opts.runtime ?? CLEARKEY_ONLY_RUNTIME, { fetch: memoryFetch(files) });
}

const codes = (r: ContentReport, severity?: Explained['severity']) => r.findings.filter((f) => !severity || f.severity === severity).map((f) => f.code);
const finding = (r: ContentReport, code: string) => {
  const f = r.findings.find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} finding; got ${codes(r).join(', ')}`);
  return f;
};
const file = (files: Map<string, Uint8Array>, variant: string, name: string) => files.get(`${ORIGIN}/${variant}/${name}`)!;
/** The offset of a box's payload (after its 8-byte header) at `path` in `bytes`. */
const payloadAt = (bytes: Uint8Array, path: string[]) => {
  const box = findBoxes(bytes, path)[0];
  if (!box) throw new Error(`no ${path.join('/')}`);
  return box.start + box.headerSize;
};
const TENC = ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', 'encv', 'sinf', 'schi', 'tenc'];
const WIDEVINE_RUNTIME: RuntimeSupport = { ...CLEARKEY_ONLY_RUNTIME, widevine: true, label: 'given: ClearKey, Widevine' };

describe('a correctly packaged stream', () => {
  it('the sandbox sample as packaged: no errors or warnings, every field of the table filled', async () => {
    const r = await inspect('dash-sample');
    expect(codes(r, 'error')).toEqual([]);
    expect(codes(r, 'warning')).toEqual([]);
    expect(r.format).toBe('dash');
    expect(r.tracks.map((t) => t.label)).toEqual(['video', 'audio (en)']);
    expect(r.tracks[0]).toMatchObject({
      kind: 'video',
      encrypted: true,
      scheme: 'cenc',
      perSampleIvSize: 8,
      defaultKid: '0123456789abcdef0123456789abcdef',
      manifestDefaultKids: ['0123456789abcdef0123456789abcdef'],
      sampleEncryption: { fragmentFound: true, senc: true, saiz: true, saio: true, sampleCount: 25, sencSampleCount: 25, sencIvSize: 8, subsamples: true },
    });
    expect(r.tracks[1]!.sampleEncryption).toMatchObject({ subsamples: false, sencIvSize: 8 });
    const widevine = r.protection.find((p) => p.system === 'Widevine')!;
    expect(widevine).toMatchObject({ keySystem: 'widevine', inManifest: true, psshInManifest: true, psshInInit: true, provider: 'drm-workbench', contentId: 'drm-workbench-sample' });
    expect(r.kids).toEqual([{ kid: '0123456789abcdef0123456789abcdef', tracks: ['video', 'audio (en)'] }]);
    expect(r.confirmation).toMatchObject({ here: true, via: ['clearkey'] });
    expect(finding(r, 'encryption-scheme').severity).toBe('info');
  });

  it('SegmentTemplate streams ($Number$ and $Time$, ContentProtection at Representation level) are read the same way', async () => {
    for (const variant of ['dash-template-number', 'dash-template-time'] as const) {
      const r = await inspect(variant);
      expect(codes(r, 'error'), variant).toEqual([]);
      expect(r.tracks.every((t) => t.sampleEncryption?.senc && t.manifestSystems.length === 4), variant).toBe(true);
      expect(r.tracks[0]!.segmentNote).toMatch(/SegmentTemplate/);
    }
  });
});

describe('packaging faults', () => {
  it('video and audio under different KIDs: a multi-key note naming each KID with its tracks, and the token parameters for both', async () => {
    const r = await inspect('dash-multi-key');
    expect(codes(r, 'error')).toEqual([]);
    const f = finding(r, 'multi-key');
    expect(f.severity).toBe('info');
    expect(faultKids(f)).toEqual([A, B]);
    expect(f.cause).toContain(`video: KID ${A}; audio (en): KID ${B}`);
    expect(f.fix).toBe(`Request the token with kid=${A}&contentKey=<key of ${A}>&kid.1=${B}&contentKey.1=<key of ${B}>.`);
    expect(f.data).toEqual({ kidsByTrack: { [A]: ['video'], [B]: ['audio (en)'] } });
  });

  it("the manifest's default_KID is not the init segments' tenc KID: one error naming both KIDs and both tracks, told as a packaging fault", async () => {
    const r = await inspect('dash-kid-mismatch');
    expect(codes(r, 'error')).toEqual(['kid-mismatch']);
    const f = finding(r, 'kid-mismatch');
    expect(f.title).toMatch(/^The stream is packaged wrong: /);
    expect(f.faults).toEqual(expect.arrayContaining([{ kind: 'track', track: 'video' }, { kind: 'track', track: 'audio (en)' }, { kind: 'kid', kid: A }, { kind: 'kid', kid: TEST_KEYS.wrongManifestKid }]));
    expect(f.fix).toContain('cenc:default_KID 11112222-3333-4444-5555-666677778888');
    expect(f.data).toMatchObject({ manifestKids: [TEST_KEYS.wrongManifestKid], initKid: A });
    // The init pssh names the same wrong KID: said once, by kid-mismatch, not again per pssh.
    expect(codes(r)).not.toContain('pssh-kid-mismatch');
  });

  it('encrypted samples without senc, saiz or saio: an error per track saying the stream is packaged wrong, not the key', async () => {
    const r = await inspect('dash-no-senc');
    const errors = r.findings.filter((f) => f.code === 'no-sample-encryption-info');
    expect(errors.map((e) => e.faults[0])).toEqual([{ kind: 'track', track: 'video' }, { kind: 'track', track: 'audio (en)' }]);
    expect(errors[0]!.title).toMatch(/^The stream is packaged wrong/);
    expect(errors[0]!.cause).toMatch(/No token or key can fix this/);
    expect(errors[0]!.faults).toContainEqual({ kind: 'step', step: 'first media segment' });
  });

  it('tenc says 16-byte IVs while senc holds 8-byte ones: iv-size-mismatch', async () => {
    const r = await inspect('dash-sample', {
      patch: (files) => {
        const video = file(files, 'dash-sample', 'video.mp4');
        video[payloadAt(video, TENC) + 7] = 16;
      },
    });
    const f = finding(r, 'iv-size-mismatch');
    expect(f.severity).toBe('error');
    expect(f.data).toEqual({ tencIvSize: 16, sencIvSize: 8 });
    expect(f.faults[0]).toEqual({ kind: 'track', track: 'video' });
  });

  it('per-sample IV size 0 with no constant IV: constant-iv-missing', async () => {
    const r = await inspect('dash-sample', {
      patch: (files) => {
        const video = file(files, 'dash-sample', 'video.mp4');
        video[payloadAt(video, TENC) + 7] = 0;
      },
    });
    expect(codes(r, 'error')).toEqual(expect.arrayContaining(['constant-iv-missing', 'iv-size-mismatch']));
  });

  it('senc listing a different number of samples than trun: senc-sample-count-mismatch', async () => {
    const r = await inspect('dash-template-number', {
      patch: (files) => {
        const segment = file(files, 'dash-template-number', 'audio_1.m4s');
        const count = payloadAt(segment, ['moof', 'traf', 'senc']) + 7; // low byte of sample_count
        segment[count] = segment[count]! - 1;
      },
    });
    expect(finding(r, 'senc-sample-count-mismatch').faults[0]).toEqual({ kind: 'track', track: 'audio (en)' });
  });

  it('a clear audio track among encrypted video: a warning that playing proves nothing about its key', async () => {
    const r = await inspect('dash-clear-audio');
    const f = finding(r, 'clear-track');
    expect(f.severity).toBe('warning');
    expect(f.faults).toEqual([{ kind: 'track', track: 'audio (en)' }]);
    expect(f.cause).toMatch(/plays without any key/);
    expect(r.tracks[1]).toMatchObject({ encrypted: false, sampleEntry: 'mp4a' });
  });

  it('cbcs: told as the scheme, with its pattern and constant IV; a warning only where the runtime cannot decrypt cbcs', async () => {
    const r = await inspect('dash-cbcs');
    expect(codes(r, 'error')).toEqual([]);
    expect(r.tracks[0]).toMatchObject({ scheme: 'cbcs', perSampleIvSize: 0, constantIvSize: 16, pattern: { crypt: 1, skip: 9 }, tencVersion: 1 });
    expect(finding(r, 'encryption-scheme').cause).toContain('video: cbcs pattern 1:9, constant 16-byte IV');
    // Audio with a constant IV and no subsamples needs no per-sample information: a note, not an error.
    expect(finding(r, 'constant-iv-no-subsamples').severity).toBe('info');
    expect(codes(r)).not.toContain('scheme-unsupported-here');
    const noCbcs = await inspect('dash-cbcs', { runtime: { ...CLEARKEY_ONLY_RUNTIME, cbcs: false } });
    expect(finding(noCbcs, 'scheme-unsupported-here').severity).toBe('warning');
  });

  it('a clear lead (seig isProtected=0, no senc) is stepped over, not taken for missing sample encryption information', async () => {
    const r = await inspect('dash-clear-lead');
    expect(codes(r, 'error')).toEqual([]);
    const f = finding(r, 'clear-lead');
    expect(f.severity).toBe('info');
    expect(f.data).toEqual({ video: 2, 'audio (en)': 2 });
    expect(f.cause).toMatch(/frames in the first seconds prove nothing about a token/);
    expect(r.tracks[0]).toMatchObject({ clearLead: 2, mediaUrl: `${ORIGIN}/dash-clear-lead/video_3.m4s`, sampleEncryption: { senc: true, clearSamples: 0 } });
  });

  it('an HLS clear lead (segments before the first EXT-X-KEY) is not a missing key', async () => {
    const r = await inspect('hls-widevine', {
      patch: (files) => {
        for (const name of ['video.m3u8', 'audio.m3u8']) {
          const url = `${ORIGIN}/hls-widevine/${name}`;
          const lines = new TextDecoder().decode(files.get(url)!).split('\n');
          const key = lines.findIndex((l) => l.startsWith('#EXT-X-KEY'));
          const [keyLine] = lines.splice(key, 1);
          lines.splice(lines.findIndex((l) => l.endsWith('_2.m4s')) - 1, 0, keyLine!);
          files.set(url, new TextEncoder().encode(lines.join('\n')));
        }
      },
    });
    expect(codes(r)).not.toContain('hls-no-key');
    expect(finding(r, 'clear-lead').cause).toMatch(/come before the first EXT-X-KEY/);
    expect(r.tracks[0]!.mediaUrl).toBe(`${ORIGIN}/hls-widevine/video_2.m4s`);
  });

  it('IVs only in a PIFF uuid box: a warning, not "no sample encryption information"', async () => {
    const r = await inspect('dash-template-number', {
      patch: (files) => {
        const segment = file(files, 'dash-template-number', 'audio_1.m4s');
        for (const type of ['senc', 'saiz', 'saio']) {
          const box = findBoxes(segment, ['moof', 'traf', type])[0]!;
          // Retype in place (sizes unchanged): senc becomes a PIFF uuid box, saiz/saio become free space.
          if (type === 'senc') segment.set([...'uuid'].map((c) => c.charCodeAt(0)), box.start + 4);
          else segment.set([...'free'].map((c) => c.charCodeAt(0)), box.start + 4);
          if (type === 'senc') segment.set([0xa2, 0x39, 0x4f, 0x52, 0x5a, 0x9b, 0x4f, 0x14, 0xa2, 0x44, 0x6c, 0x42, 0x7c, 0x64, 0x8d, 0xf4], box.start + 8);
        }
      },
    });
    expect(finding(r, 'piff-sample-encryption-only').faults[0]).toEqual({ kind: 'track', track: 'audio (en)' });
    expect(r.findings.filter((f) => f.code === 'no-sample-encryption-info')).toEqual([]);
  });

  it('an MPD that signals no protection for encrypted tracks: no-content-protection', async () => {
    const r = await inspect('dash-sample', {
      patch: (files) => {
        const url = `${ORIGIN}/dash-sample/manifest.mpd`;
        const mpd = new TextDecoder().decode(files.get(url)!);
        files.set(url, new TextEncoder().encode(mpd.replace(/<ContentProtection[^>]*\/>|<ContentProtection[\s\S]*?<\/ContentProtection>/g, '')));
      },
    });
    expect(r.findings.filter((f) => f.code === 'no-content-protection').map((f) => f.faults[0])).toEqual([
      { kind: 'track', track: 'video' },
      { kind: 'track', track: 'audio (en)' },
    ]);
    expect(r.confirmation.here).toBe(false);
  });
});

describe('what this runtime can use', () => {
  it('no ClearKey ContentProtection in a ClearKey-only runtime: a warning with the element to add (Shaka 6001), and where to confirm, once', async () => {
    const r = await inspect('dash-no-clearkey');
    const f = finding(r, 'no-clearkey-signalling');
    expect(f.severity).toBe('warning');
    expect(f.cause).toContain('6001');
    expect(f.fix).toContain('<ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0"/>');
    expect(r.findings.filter((x) => x.code === 'cannot-confirm-here')).toHaveLength(1);
    expect(r.confirmation).toMatchObject({ here: false });
    expect(r.confirmation.elsewhere).toMatch(/Widevine/);
    // The stream itself is not packaged wrong.
    expect(r.counts.error).toBe(0);
  });

  it('the same stream in a Widevine runtime is confirmable there', async () => {
    const r = await inspect('dash-no-clearkey', { runtime: WIDEVINE_RUNTIME });
    expect(r.confirmation).toMatchObject({ here: true, via: ['widevine'] });
    expect(codes(r)).not.toContain('cannot-confirm-here');
  });

  it('only the generic mp4protection element: Shaka assumes every key system but ClearKey', async () => {
    const r = await inspect('dash-no-clearkey', {
      patch: (files) => {
        const url = `${ORIGIN}/dash-no-clearkey/manifest.mpd`;
        const mpd = new TextDecoder().decode(files.get(url)!);
        files.set(url, new TextEncoder().encode(mpd.replace(/<ContentProtection schemeIdUri="urn:uuid:edef[\s\S]*?<\/ContentProtection>/g, '')));
      },
    });
    expect(finding(r, 'no-clearkey-signalling').cause).toMatch(/only the generic mp4protection element/);
  });
});

describe('HLS', () => {
  const dashWords = /ContentProtection|AdaptationSet|default_KID|\bMPD\b|Representation/;

  it('encrypted segments with no EXT-X-KEY: one error naming both playlists (Shaka 6010), fixes in HLS terms only', async () => {
    const r = await inspect('hls-no-key');
    expect(codes(r, 'error')).toEqual(['hls-no-key']);
    const f = finding(r, 'hls-no-key');
    expect(f.faults).toEqual([{ kind: 'track', track: 'video' }, { kind: 'track', track: 'audio (en)' }, { kind: 'step', step: 'manifest' }]);
    expect(f.cause).toContain('6010');
    expect(f.fix).toContain('#EXT-X-KEY:METHOD=SAMPLE-AES-CTR');
  });

  it('a Widevine-only KEYFORMAT: usable in a Widevine runtime, not in a ClearKey one — and then said once where to confirm', async () => {
    const here = await inspect('hls-widevine');
    expect(here.hlsKeys).toEqual([expect.objectContaining({ route: 'license', keySystem: 'widevine', usableHere: false, kids: [A], tracks: ['video', 'audio (en)'] })]);
    expect(finding(here, 'hls-keyformat-unusable-here').cause).toContain('6001');
    expect(here.findings.filter((f) => f.fix?.includes('Widevine-capable'))).toHaveLength(1);
    expect(here.confirmation.here).toBe(false);
    const widevine = await inspect('hls-widevine', { runtime: WIDEVINE_RUNTIME });
    expect(widevine.confirmation).toMatchObject({ here: true, via: ['widevine'] });
    expect(codes(widevine, 'warning')).toEqual([]);
  });

  it('KEYFORMAT identity: the key comes from the URI, so playing proves no token; AES-128 is not DRM', async () => {
    const identity = await inspect('hls-identity');
    expect(identity.hlsKeys[0]).toMatchObject({ route: 'key-from-uri', keySystem: 'clearkey' });
    expect(finding(identity, 'hls-identity-key').cause).toMatch(/never sends a license request/);
    expect(identity.confirmation.here).toBe(false);
    expect(identity.confirmation.elsewhere).toMatch(/^nowhere as packaged/);
    const aes = await inspect('hls-aes-128');
    expect(aes.hlsKeys[0]).toMatchObject({ method: 'AES-128', route: 'segment-aes' });
    expect(codes(aes)).toEqual(['hls-aes-128', 'cannot-confirm-here']);
  });

  it('FairPlay: a cbcs stream with SAMPLE-AES agrees with its method; the same key as SAMPLE-AES-CTR is a method/scheme mismatch', async () => {
    const r = await inspect('hls-fairplay');
    expect(codes(r)).not.toContain('hls-method-scheme-mismatch');
    expect(r.hlsKeys[0]).toMatchObject({ keySystem: 'fairplay', route: 'license' });
    const wrong = await inspect('hls-fairplay', {
      patch: (files) => {
        for (const name of ['video.m3u8', 'audio.m3u8']) {
          const url = `${ORIGIN}/hls-fairplay/${name}`;
          files.set(url, new TextEncoder().encode(new TextDecoder().decode(files.get(url)!).replace('METHOD=SAMPLE-AES,', 'METHOD=SAMPLE-AES-CTR,')));
        }
      },
    });
    expect(finding(wrong, 'hls-method-scheme-mismatch').fix).toBe('Use METHOD=SAMPLE-AES for cbcs segments.');
  });

  it('a KEYFORMAT Shaka does not read, and a KEYID that is not the tenc KID', async () => {
    const r = await inspect('hls-widevine', {
      patch: (files) => {
        for (const name of ['video.m3u8', 'audio.m3u8']) {
          const url = `${ORIGIN}/hls-widevine/${name}`;
          const text = new TextDecoder().decode(files.get(url)!);
          files.set(url, new TextEncoder().encode(text.replace('urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', 'org.w3.clearkey').replace(`KEYID=0x${A}`, `KEYID=0x${B}`)));
        }
      },
    });
    expect(finding(r, 'hls-keyformat-unknown').cause).toContain('4026');
    const mismatch = finding(r, 'kid-mismatch');
    expect(mismatch.fix).toBe(`Make the EXT-X-KEY KEYID 0x${A} (the KID the segments are encrypted with), or re-package so both agree.`);
  });

  it('never gives DASH advice for an HLS playlist', async () => {
    for (const variant of ['hls-no-key', 'hls-widevine', 'hls-fairplay', 'hls-identity', 'hls-aes-128'] as const) {
      const r = await inspect(variant);
      for (const f of r.findings) expect(`${f.title} ${f.cause} ${f.fix ?? ''}`, `${variant} ${f.code}`).not.toMatch(dashWords);
    }
  });
});

describe('reading what cannot be read', () => {
  it('an unreachable init segment is an HTTP finding naming the track and the step, and the rest is still inspected', async () => {
    const r = await inspect('dash-template-number', { patch: (files) => files.delete(`${ORIGIN}/dash-template-number/audio_init.mp4`) });
    const f = r.findings.find((x) => x.source === 'http')!;
    expect(f).toMatchObject({ code: 404, severity: 'error' });
    expect(f.faults).toEqual([{ kind: 'track', track: 'audio (en)' }, { kind: 'step', step: 'init segment' }]);
    expect(r.tracks[0]!.encrypted).toBe(true);
    expect(r.tracks[1]!.encrypted).toBeNull();
  });

  it('a page that is not a manifest (a captive portal) is not-a-manifest', async () => {
    const r = await inspect('dash-sample', {
      patch: (files) => files.set(`${ORIGIN}/dash-sample/manifest.mpd`, new TextEncoder().encode('<html><title>Sign in to Wi-Fi</title></html>')),
    });
    expect(codes(r)).toEqual(['not-a-manifest']);
    expect(r.confirmation.here).toBeNull();
  });

  it('analyzeContent passes a manifest fetch failure through as the only finding', () => {
    const error = { code: 'refused', source: 'network', severity: 'error', title: 'Connection refused', cause: 'x', faults: [], fix: null, facts: [], data: {} } as const;
    const r = analyzeContent(
      { manifestUrl: 'http://x/m.mpd', format: 'unknown', manifestError: { ...error, faults: [], facts: [], data: {} }, manifestProblems: [], selection: '', tracks: [], notInspected: [], hlsSessionKeys: [], live: false },
      CLEARKEY_ONLY_RUNTIME,
    );
    expect(r.findings.map((f) => f.code)).toEqual(['refused']);
    expect(r.counts.error).toBe(1);
  });
});
