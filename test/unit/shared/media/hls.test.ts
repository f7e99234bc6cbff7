import { describe, expect, it } from 'vitest';
import { parseHlsPlaylist, type HlsMasterPlaylist, type HlsMediaPlaylist } from '../../../../shared/media/hls.ts';

const BASE = 'https://cdn.example.com/hls/title/master.m3u8';

describe('parseHlsPlaylist: master playlists', () => {
  it('reads variants, audio renditions and EXT-X-SESSION-KEYs with their attributes (quoted commas included)', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://abc",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="en",NAME="English, stereo",DEFAULT=YES,URI="audio/en.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=640x360,AUDIO="aud"',
      'video/360.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=3000000,CODECS="avc1.640028,mp4a.40.2",RESOLUTION=1280x720,AUDIO="aud"',
      'https://other.example.com/720.m3u8',
    ].join('\n');
    const p = parseHlsPlaylist(text, BASE) as HlsMasterPlaylist;
    expect(p.kind).toBe('master');
    expect(p.problems).toEqual([]);
    expect(p.variants.map((v) => [v.uri, v.bandwidth, v.codecs, v.audioGroup])).toEqual([
      ['https://cdn.example.com/hls/title/video/360.m3u8', 900000, 'avc1.64001f,mp4a.40.2', 'aud'],
      ['https://other.example.com/720.m3u8', 3000000, 'avc1.640028,mp4a.40.2', 'aud'],
    ]);
    expect(p.renditions[0]).toMatchObject({ type: 'AUDIO', language: 'en', name: 'English, stereo', isDefault: true, uri: 'https://cdn.example.com/hls/title/audio/en.m3u8' });
    expect(p.sessionKeys[0]).toMatchObject({ tag: 'EXT-X-SESSION-KEY', method: 'SAMPLE-AES', keyFormat: 'com.apple.streamingkeydelivery', uri: 'skd://abc' });
  });
});

describe('parseHlsPlaylist: media playlists', () => {
  it('gives each segment the EXT-X-MAP and the EXT-X-KEYs in effect, one per KEYFORMAT; METHOD=NONE clears them', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:4',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="data:text/plain;base64,AAAA",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed",KEYID=0x00112233445566778899aabbccddeeff',
      '#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="key.bin"',
      '#EXTINF:4.0,',
      'seg1.m4s',
      '#EXT-X-KEY:METHOD=NONE',
      '#EXTINF:4.0,',
      'seg2.m4s',
      '#EXT-X-ENDLIST',
    ].join('\n');
    const p = parseHlsPlaylist(text, BASE) as HlsMediaPlaylist;
    expect(p.kind).toBe('media');
    expect(p.endList).toBe(true);
    const [s1, s2] = p.segments;
    expect(s1!.map).toEqual({ uri: 'https://cdn.example.com/hls/title/init.mp4', range: null });
    expect(s1!.keys.map((k) => [k.keyFormat, k.keyId])).toEqual([
      ['urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', '0x00112233445566778899aabbccddeeff'],
      ['identity', null],
    ]);
    expect(s1!.keys[0]!.uri).toBe('data:text/plain;base64,AAAA');
    expect(s1!.keys[1]!.uri).toBe('https://cdn.example.com/hls/title/key.bin');
    expect(s2!.keys).toEqual([]);
    expect(p.keys).toHaveLength(3);
  });

  it('reads EXT-X-BYTERANGE, continuing from the previous range of the same file when no offset is given', () => {
    const text = ['#EXTM3U', '#EXT-X-MAP:URI="all.mp4",BYTERANGE="800@0"', '#EXTINF:2,', '#EXT-X-BYTERANGE:1000@800', 'all.mp4', '#EXTINF:2,', '#EXT-X-BYTERANGE:500', 'all.mp4'].join('\n');
    const p = parseHlsPlaylist(text, BASE) as HlsMediaPlaylist;
    expect(p.segments[0]!.map!.range).toEqual({ start: 0, end: 800 });
    expect(p.segments.map((s) => s.range)).toEqual([
      { start: 800, end: 1800 },
      { start: 1800, end: 2300 },
    ]);
  });

  it('says what is wrong instead of throwing', () => {
    expect(parseHlsPlaylist('<MPD/>', BASE).problems).toContain('not an HLS playlist: the first line is not #EXTM3U');
    expect(parseHlsPlaylist('#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES\n#EXTINF:1,\na.ts', BASE).problems).toContain('EXT-X-KEY with METHOD=SAMPLE-AES but no URI');
    expect(parseHlsPlaylist('#EXTM3U\n', BASE).problems).toContain('the media playlist lists no segment');
  });
});
