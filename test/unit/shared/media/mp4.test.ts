import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseInitSegment, readBoxes, walkBoxes } from '../../../../shared/media/mp4.ts';
import { loadSample } from '../../../../sandbox/media/sample.ts';

const sample = loadSample();
const video = new Uint8Array(readFileSync(sample.videoPath));
const audio = new Uint8Array(readFileSync(sample.audioPath));

describe('parseInitSegment', () => {
  it('reads track, codec and protection details from an init segment alone (the Initialization range)', () => {
    const init = parseInitSegment(video);
    const initOnly = parseInitSegment(video.subarray(0, init.initRange!.end));
    expect(initOnly.problems).toEqual([]);
    expect(initOnly.tracks).toEqual([
      expect.objectContaining({
        trackId: 1,
        handler: 'vide',
        sampleEntry: 'encv',
        originalFormat: 'avc1',
        codec: 'avc1.42c00d',
        timescale: 12800,
        width: 320,
        height: 180,
        scheme: 'cenc',
        defaultKid: sample.kid,
        ivSize: 8,
      }),
    ]);
    expect(initOnly.pssh.map((p) => p.systemName)).toEqual(['Widevine', 'W3C Common (ClearKey)']);
  });

  it('gives the byte ranges a DASH SegmentBase needs', () => {
    const init = parseInitSegment(audio);
    const mpd = readFileSync(sample.manifestPath, 'utf8');
    expect(mpd).toContain(`indexRange="${init.indexRange!.start}-${init.indexRange!.end - 1}"`);
    expect(mpd).toContain(`<Initialization range="0-${init.initRange!.end - 1}"/>`);
    expect(init.tracks[0]).toMatchObject({ handler: 'soun', channels: 2, sampleRate: 48000 });
  });

  it('walks the whole box tree down to tenc', () => {
    const tree = walkBoxes(video.subarray(0, parseInitSegment(video).initRange!.end));
    const path: string[] = [];
    const find = (nodes: typeof tree, depth: string[]): boolean =>
      nodes.some((n) => (n.type === 'tenc' ? (path.push(...depth, 'tenc'), true) : find(n.children ?? [], [...depth, n.type])));
    expect(find(tree, [])).toBe(true);
    expect(path).toEqual(['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', 'encv', 'sinf', 'schi', 'tenc']);
  });

  it('reports truncated or foreign input as problems, never throws', () => {
    expect(parseInitSegment(new Uint8Array(0)).problems).toContain('no bytes');
    expect(parseInitSegment(new TextEncoder().encode('<MPD>hello</MPD>')).problems.join()).toMatch(/claims|moov/);
    const cut = parseInitSegment(video.subarray(0, 600));
    expect(cut.tracks).toEqual([]);
    expect(cut.problems.join()).toMatch(/'moov' at offset 28 claims/);
    const problems: string[] = [];
    expect(readBoxes(new Uint8Array([0, 0, 0, 4, 1, 2, 3, 4]), 0, 8, problems)).toEqual([]);
    expect(problems[0]).toMatch(/claims 4 bytes/);
    for (let n = 0; n < 1100; n += 37) expect(() => parseInitSegment(video.subarray(0, n))).not.toThrow();
  });
});
