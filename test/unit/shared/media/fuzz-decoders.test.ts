// Seeded fuzzing of every decoder that reads bytes or text a person pastes or a server sends:
// the committed sample stream, built Widevine messages, ClearKey JSON and the sample MPD —
// truncated, bit-flipped, spliced, or plain random. Nothing may throw; every result must be
// JSON-serialisable (it goes into reports); and input that is pure garbage must say so in
// `problems`. Deterministic: a failure names its seed and iteration so it can be replayed.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hexToBytes } from '../../../../shared/bytes.ts';
import { decodeClearKeyMessage, decodeClearKeyRequest, decodeClearKeyResponse } from '../../../../shared/media/clearkey.ts';
import { parseInitSegment, walkBoxes } from '../../../../shared/media/mp4.ts';
import { decodeWidevinePsshData, parseMpdContentProtection, parsePsshBox, parsePsshBoxes } from '../../../../shared/media/pssh.ts';
import { decodeWidevineMessage, SERVICE_CERTIFICATE_REQUEST } from '../../../../shared/media/widevine.ts';
import { inspectInitSegment, inspectLicenseRequest, inspectLicenseResponse, inspectManifest } from '../../../../shared/playback/inspect-media.ts';
import { toPlaybackError } from '../../../../shared/playback/playback-error.ts';
import { parseDashManifest, selectDashRepresentations } from '../../../../shared/media/dash.ts';
import { parseMediaSegment, parseSidx } from '../../../../shared/media/fragment.ts';
import { parseHlsPlaylist } from '../../../../shared/media/hls.ts';
import { analyzeContent } from '../../../../shared/playback/content-inspection.ts';
import { CLEARKEY_ONLY_RUNTIME } from '../../../../shared/playback/content-key-systems.ts';
import { widevinePsshBox, widevinePsshData } from '../../../../sandbox/media/pssh-boxes.ts';
import { KID, license, licenseRequest, message, signed } from './widevine-fixtures.ts';
import { WireType } from '@bufbuild/protobuf/wire';
import { int, rng, type Next } from '../../../support/seeded.ts';

const SAMPLE = join(import.meta.dirname, '..', '..', '..', '..', 'sandbox', 'sample');
const video = new Uint8Array(readFileSync(join(SAMPLE, 'video.mp4')));
const audio = new Uint8Array(readFileSync(join(SAMPLE, 'audio.mp4')));
const mpd = readFileSync(join(SAMPLE, 'manifest.mpd'), 'utf8');

/** ftyp + moov (+ sidx) and the first fragment: what a player fetches first, small enough to fuzz often. */
function head(bytes: Uint8Array, size = 6000): Uint8Array {
  return bytes.subarray(0, Math.min(bytes.length, size));
}

function randomBytes(next: Next, max: number): Uint8Array {
  return Uint8Array.from({ length: int(next, max + 1) }, () => int(next, 256));
}

/** One mutation of a valid input: cut, flip bits, overwrite a size field, splice junk, duplicate a slice. */
function mutate(next: Next, input: Uint8Array): Uint8Array {
  const out = Uint8Array.from(input);
  switch (int(next, 6)) {
    case 0:
      return out.subarray(0, int(next, out.length + 1));
    case 1: {
      for (let i = 0, n = 1 + int(next, 8); i < n && out.length > 0; i++) out[int(next, out.length)]! ^= 1 << int(next, 8);
      return out;
    }
    case 2: {
      // Box sizes and protobuf lengths are where parsers go wrong: write a big or zero number.
      if (out.length >= 4) {
        const at = int(next, out.length - 3);
        const value = [0, 1, 7, 0xffffffff, 0x7fffffff, out.length * 2][int(next, 6)]!;
        out[at] = value >>> 24;
        out[at + 1] = (value >>> 16) & 0xff;
        out[at + 2] = (value >>> 8) & 0xff;
        out[at + 3] = value & 0xff;
      }
      return out;
    }
    case 3: {
      const at = int(next, out.length + 1);
      const junk = randomBytes(next, 32);
      const spliced = new Uint8Array(out.length + junk.length);
      spliced.set(out.subarray(0, at));
      spliced.set(junk, at);
      spliced.set(out.subarray(at), at + junk.length);
      return spliced;
    }
    case 4: {
      const at = int(next, out.length + 1);
      return out.subarray(at);
    }
    default: {
      const at = int(next, out.length + 1);
      const len = int(next, 64);
      const piece = out.slice(at, at + len);
      const doubled = new Uint8Array(out.length + piece.length);
      doubled.set(out.subarray(0, at + piece.length));
      doubled.set(piece, at + piece.length);
      doubled.set(out.subarray(at + piece.length), at + 2 * piece.length);
      return doubled;
    }
  }
}

function mutateText(next: Next, text: string): string {
  const bytes = new TextEncoder().encode(text);
  const insertions = ['<', '>', '&#99999999;', '&#x110000;', '&', '"', '<!--', ']]>', '<ContentProtection', 'urn:uuid:', '\uFFFF', '\u0000', '/>'];
  if (next() < 0.5) return new TextDecoder().decode(mutate(next, bytes));
  const at = int(next, text.length + 1);
  return text.slice(0, at) + insertions[int(next, insertions.length)] + text.slice(at);
}

/** The result must survive a report export (no BigInt, no cycles). */
function serialisable(value: unknown): void {
  JSON.stringify(value);
}

function fuzz(seed: number, iterations: number, body: (next: Next, i: number) => void): void {
  const next = rng(seed);
  for (let i = 0; i < iterations; i++) {
    try {
      body(next, i);
    } catch (err) {
      throw new Error(`seed ${seed}, iteration ${i}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }
}

const KID_BYTES = hexToBytes(KID)!;
const WIDEVINE_CORPUS: Uint8Array[] = [
  signed(2, license()),
  signed(1, licenseRequest(widevinePsshBox([KID_BYTES], { provider: 'intertrust', contentId: new TextEncoder().encode('movie') }))),
  signed(1, licenseRequest(widevinePsshData([KID_BYTES], { provider: 'intertrust' }))),
  signed(3, message((w) => w.tag(1, WireType.Varint).int32(3))),
  SERVICE_CERTIFICATE_REQUEST,
];
const PSSH_CORPUS: Uint8Array[] = [widevinePsshBox([KID_BYTES], { provider: 'intertrust' }), widevinePsshData([KID_BYTES], { provider: 'intertrust' })];
const CLEARKEY_CORPUS = [
  '{"kids":["ASNFZ4mrze8BI0VniavN7w"],"type":"temporary"}',
  '{"keys":[{"kty":"oct","kid":"ASNFZ4mrze8BI0VniavN7w","k":"_-3LqYdlQxD-3LqYdlQxAA"}],"type":"temporary"}',
].map((t) => new TextEncoder().encode(t));

describe('decoders never throw on damaged or random input (seeded fuzz)', () => {
  it('MP4 init segments: the sample video and audio, mutated 1,500 times, and random bytes', () => {
    const corpus = [head(video), head(audio), video.subarray(0, 1200)];
    fuzz(1, 1500, (next) => {
      const input = next() < 0.85 ? mutate(next, corpus[int(next, corpus.length)]!) : randomBytes(next, 300);
      const info = parseInitSegment(input);
      serialisable(info);
      serialisable(walkBoxes(input));
      serialisable(inspectInitSegment(input, 'video'));
    });
  });

  it('pssh boxes and WidevinePsshData, mutated 1,500 times', () => {
    fuzz(2, 1500, (next) => {
      const input = mutate(next, PSSH_CORPUS[int(next, PSSH_CORPUS.length)]!);
      serialisable(parsePsshBox(input));
      serialisable(parsePsshBoxes(input));
      serialisable(decodeWidevinePsshData(input));
    });
  });

  it('Widevine SignedMessages (license, request, error, certificate request), mutated 2,000 times', () => {
    fuzz(3, 2000, (next) => {
      const input = mutate(next, WIDEVINE_CORPUS[int(next, WIDEVINE_CORPUS.length)]!);
      serialisable(decodeWidevineMessage(input));
      serialisable(inspectLicenseRequest(input, 'com.widevine.alpha'));
      serialisable(inspectLicenseResponse(input, 'com.widevine.alpha'));
    });
  });

  it('ClearKey messages, mutated 1,000 times', () => {
    fuzz(4, 1000, (next) => {
      const input = mutate(next, CLEARKEY_CORPUS[int(next, CLEARKEY_CORPUS.length)]!);
      serialisable(decodeClearKeyMessage(input));
      serialisable(decodeClearKeyRequest(input));
      const response = decodeClearKeyResponse(input);
      serialisable(response);
      // A mutated license still never shows more than the last 4 hex digits of a key.
      for (const k of response.keys) expect(k.k.length === 0 || /^…[0-9a-f]{0,4}$/.test(k.k)).toBe(true);
      serialisable(inspectLicenseResponse(input, 'org.w3.clearkey'));
    });
  });

  it('MPD and HLS manifests, mutated 800 times (entities out of range, unclosed elements, stray markup)', () => {
    const hls = '#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AAAAQHBzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAACAiGFlPVVRVQkU6MmMxMDM0NGVmZWJlMTc1OUjj3JWbBg==",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"\n';
    fuzz(5, 800, (next) => {
      const source = next() < 0.75 ? mpd : hls;
      let text = source;
      for (let n = 1 + int(next, 3); n > 0; n--) text = mutateText(next, text);
      serialisable(parseMpdContentProtection(text));
      serialisable(inspectManifest(text));
    });
  });

  it('media segments and segment indexes (the content inspection), mutated 1,500 times, then analyzed', () => {
    const init = parseInitSegment(video);
    const index = video.subarray(init.indexRange!.start, init.indexRange!.end);
    const { sidx } = parseSidx(index, init.indexRange!.start);
    const segment = video.subarray(sidx!.firstByte, sidx!.firstByte + sidx!.references[0]!.size);
    fuzz(7, 1500, (next) => {
      const input = next() < 0.85 ? mutate(next, next() < 0.8 ? segment : index) : randomBytes(next, 300);
      serialisable(parseMediaSegment(input));
      serialisable(parseSidx(input, 100));
      const initBytes = next() < 0.5 ? video.subarray(0, init.initRange!.end) : mutate(next, video.subarray(0, init.initRange!.end));
      const track = { url: 'x', range: null, error: null };
      serialisable(
        analyzeContent(
          {
            manifestUrl: 'https://x/m.mpd', format: 'dash', manifestError: null, manifestProblems: [], selection: '', notInspected: [], hlsSessionKeys: [], live: false,
            tracks: [{ label: 'video', kind: 'video', language: null, source: 'v', bandwidth: null, codecs: null, contentProtection: [], hlsKeys: [], segmentNote: '', clearLead: 0, init: { ...track, bytes: initBytes }, media: { ...track, bytes: input } }],
          },
          CLEARKEY_ONLY_RUNTIME,
        ),
      );
    });
  });

  it('MPD structure and HLS playlists (the content inspection), mutated 800 times', () => {
    const playlist = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="avc1",AUDIO="a"\nv.m3u8\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="a.m3u8"\n';
    const media = '#EXTM3U\n#EXT-X-MAP:URI="i.mp4",BYTERANGE="10@0"\n#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="k",KEYFORMAT="identity"\n#EXTINF:1,\n#EXT-X-BYTERANGE:5\ns.m4s\n';
    fuzz(8, 800, (next) => {
      const pick = int(next, 3);
      let text = pick === 0 ? mpd : pick === 1 ? playlist : media;
      for (let n = 1 + int(next, 3); n > 0; n--) text = mutateText(next, text);
      const dash = parseDashManifest(text, 'https://cdn.example/m.mpd');
      serialisable(dash);
      serialisable(selectDashRepresentations(dash));
      serialisable(parseHlsPlaylist(text, 'https://cdn.example/m.m3u8'));
    });
  });

  it('Shaka error objects of any shape become PlaybackErrors', () => {
    const hostile: unknown[] = [
      null, undefined, 0, 'text', Symbol('x'), [], { code: 'x' }, { code: 6007, data: null }, { code: 6007, data: [{ code: 1001, data: [1, 'x', {}] }] },
      { code: 4012, data: [{ missingKeys: [Object.create(null), 1, null], restrictedKeyStatuses: 'x' }] }, { code: 1002, data: ['u', Object.create(null)] },
      { code: 3016, data: [Object.create(null), { toString: () => { throw new Error('no'); } }, 'detail'] },
      Object.create(null), { code: 6007, data: 'not an array' }, { code: 6007, data: [{ code: 1001, data: 'x' }] },
    ];
    for (const value of hostile) serialisable(toPlaybackError(value));
  });
});

describe('pure garbage is reported, not silently decoded', () => {
  it.each([
    ['an MP4 init segment', (b: Uint8Array) => parseInitSegment(b).problems],
    ['a Widevine message', (b: Uint8Array) => decodeWidevineMessage(b).problems],
    ['a pssh box', (b: Uint8Array) => parsePsshBox(b).problems],
    ['a ClearKey message', (b: Uint8Array) => decodeClearKeyMessage(b).problems],
  ] as [string, (b: Uint8Array) => string[]][])('random bytes read as %s always come with problems', (_what, problemsOf) => {
    fuzz(6, 500, (next) => {
      // Random bytes with a first byte no decoder accepts as a start (a size, a tag or JSON).
      const input = randomBytes(next, 200);
      if (input.length < 8) return;
      input[0] = 0xff;
      expect(problemsOf(input).length).toBeGreaterThan(0);
    });
  });

  it('truncating a valid Widevine license anywhere leaves a problem', () => {
    const whole = signed(2, license());
    for (let n = 1; n < whole.length; n++) expect(decodeWidevineMessage(whole.subarray(0, n)).problems.length, `cut at ${n}`).toBeGreaterThan(0);
  });

  it('truncating the sample init segment inside moov leaves a problem', () => {
    const info = parseInitSegment(video);
    const moovEnd = info.initRange!.end;
    for (let n = 8; n < moovEnd; n += 13) expect(parseInitSegment(video.subarray(0, n)).problems.length, `cut at ${n}`).toBeGreaterThan(0);
  });
});
