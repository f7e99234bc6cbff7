import { describe, expect, it } from 'vitest';
import { fillTemplate, parseDashManifest, selectDashRepresentations } from '../../../../shared/media/dash.ts';
import { attr, parseXml } from '../../../../shared/media/xml.ts';

const URL_ = 'https://cdn.example.com/titles/42/manifest.mpd';

describe('the XML reader', () => {
  it('reads prefixed elements, entities, self-closing tags and the offsets of inner XML', () => {
    const source = '<?xml version="1.0"?><!-- hi --><a:MPD x="1 &amp; 2"><b>t&lt;1</b><c/><![CDATA[raw <x>]]></a:MPD>';
    const { root, problems } = parseXml(source);
    expect(problems).toEqual([]);
    expect(root!.name).toBe('MPD');
    expect(root!.prefix).toBe('a');
    expect(attr(root!, 'X')).toBe('1 & 2');
    expect(root!.children.map((c) => c.name)).toEqual(['b', 'c']);
    expect(root!.children[0]!.text).toBe('t<1');
    expect(source.slice(root!.innerStart, root!.innerEnd)).toBe('<b>t&lt;1</b><c/><![CDATA[raw <x>]]>');
  });

  it('never throws on broken XML: unclosed elements end with their parent and are listed', () => {
    const { root, problems } = parseXml('<MPD><Period><AdaptationSet></MPD>');
    expect(root!.children[0]!.children[0]!.name).toBe('AdaptationSet');
    expect(problems.join()).toMatch(/<AdaptationSet> is never closed/);
    expect(parseXml('').problems).toEqual(['empty document']);
    expect(parseXml('just text').root).toBeNull();
  });
});

describe('parseDashManifest', () => {
  it('resolves BaseURL through MPD, Period, AdaptationSet and Representation', () => {
    const mpd = `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><BaseURL>https://media.example.net/root/</BaseURL>
      <Period id="p0"><BaseURL>period/</BaseURL>
        <AdaptationSet mimeType="video/mp4"><BaseURL>video/</BaseURL>
          <Representation id="v1" bandwidth="500000" codecs="avc1.64001f"><BaseURL>v1.mp4</BaseURL>
            <SegmentBase indexRange="900-1099"><Initialization range="0-899"/></SegmentBase>
          </Representation>
        </AdaptationSet>
      </Period></MPD>`;
    const rep = parseDashManifest(mpd, URL_).periods[0]!.representations[0]!;
    expect(rep.baseUrl).toBe('https://media.example.net/root/period/video/v1.mp4');
    expect(rep.contentType).toBe('video');
    expect(rep.segments).toEqual({
      kind: 'base',
      url: 'https://media.example.net/root/period/video/v1.mp4',
      init: { url: 'https://media.example.net/root/period/video/v1.mp4', range: { start: 0, end: 900 } },
      indexRange: { start: 900, end: 1100 },
    });
  });

  it('fills SegmentTemplates: $RepresentationID$, $Number%05d$, $Bandwidth$, and $Time$ from the SegmentTimeline, inherited from the AdaptationSet', () => {
    const mpd = `<MPD><Period>
      <AdaptationSet contentType="audio" lang="fr">
        <SegmentTemplate timescale="48000" initialization="$RepresentationID$/init-$Bandwidth$.mp4" media="$RepresentationID$/$Number%05d$.m4s" startNumber="7"/>
        <Representation id="a1" bandwidth="64000"/>
      </AdaptationSet>
      <AdaptationSet contentType="video">
        <SegmentTemplate timescale="90000" initialization="$RepresentationID$_init.mp4" media="$RepresentationID$_$Time$.m4s">
          <SegmentTimeline><S t="180000" d="90000" r="3"/></SegmentTimeline>
        </SegmentTemplate>
        <Representation id="v1" bandwidth="900000"/>
      </AdaptationSet></Period></MPD>`;
    const [audio, video] = parseDashManifest(mpd, URL_).periods[0]!.representations;
    expect(audio!.segments).toMatchObject({
      kind: 'template',
      init: { url: 'https://cdn.example.com/titles/42/a1/init-64000.mp4', range: null },
      description: 'SegmentTemplate ($Number$)',
    });
    const audioMedia = (audio!.segments as { media: { url: string }[] }).media;
    expect(audioMedia.slice(0, 2).map((m) => m.url)).toEqual(['https://cdn.example.com/titles/42/a1/00007.m4s', 'https://cdn.example.com/titles/42/a1/00008.m4s']);
    expect(audio!.lang).toBe('fr');
    expect(video!.segments).toMatchObject({ init: { url: 'https://cdn.example.com/titles/42/v1_init.mp4' }, description: 'SegmentTemplate ($Time$ with a SegmentTimeline)' });
    // r="3" is four segments: t=180000 and three repeats of d=90000 after it, then the timeline ends.
    expect((video!.segments as { media: { url: string }[] }).media.map((m) => m.url.replace(/.*v1_/, ''))).toEqual(['180000.m4s', '270000.m4s', '360000.m4s', '450000.m4s']);
    expect(fillTemplate('$$$RepresentationID$$Number%03d$', { RepresentationID: 'x', Number: 5 })).toBe('$x005');
  });

  it('reads a SegmentList: its Initialization and SegmentURLs', () => {
    const mpd = `<MPD><Period><AdaptationSet mimeType="audio/mp4"><Representation id="a" bandwidth="1">
      <BaseURL>audio.mp4</BaseURL>
      <SegmentList><Initialization range="0-499"/><SegmentURL mediaRange="500-8999"/><SegmentURL mediaRange="9000-17999"/></SegmentList>
      </Representation></AdaptationSet></Period></MPD>`;
    const rep = parseDashManifest(mpd, URL_).periods[0]!.representations[0]!;
    expect(rep.segments).toEqual({
      kind: 'list',
      init: { url: 'https://cdn.example.com/titles/42/audio.mp4', range: { start: 0, end: 500 } },
      media: [
        { url: 'https://cdn.example.com/titles/42/audio.mp4', range: { start: 500, end: 9000 } },
        { url: 'https://cdn.example.com/titles/42/audio.mp4', range: { start: 9000, end: 18000 } },
      ],
      description: 'SegmentList',
    });
  });

  it('collects ContentProtection from the AdaptationSet and the Representation; default_KID in any case, with or without dashes', () => {
    const pssh = 'AAAANHBzc2gBAAAAEHfv7MCyTQKs4zweUuL7SwAAAAEBI0VniavN7wEjRWeJq83vAAAAAA==';
    const mpd = `<MPD xmlns:cenc="urn:mpeg:cenc:2013"><Period><AdaptationSet mimeType="video/mp4">
      <ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_kid="0123456789ABCDEF0123456789ABCDEF"/>
      <Representation id="v" bandwidth="1">
        <ContentProtection schemeIdUri="urn:uuid:1077EFEC-C0B2-4D02-ACE3-3C1E52E2FB4B"><cenc:pssh>${pssh}</cenc:pssh></ContentProtection>
        <ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0"><clearkey:Laurl Lic_type="EME-1.0">https://ck.example/license</clearkey:Laurl></ContentProtection>
      </Representation>
      <Representation id="v2" bandwidth="2"><ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" cenc:default_KID="00112233-4455-6677-8899-aabbccddeeff"/></Representation>
    </AdaptationSet></Period></MPD>`;
    const [v, v2] = parseDashManifest(mpd, URL_).periods[0]!.representations;
    expect(v!.contentProtection.map((c) => [c.level, c.info.systemName])).toEqual([
      ['adaptation-set', 'CENC (mp4protection)'],
      ['representation', 'W3C Common (ClearKey)'],
      ['representation', 'DASH-IF ClearKey'],
    ]);
    expect(v!.defaultKids).toEqual(['0123456789abcdef0123456789abcdef']);
    expect(v!.psshKids).toEqual(['0123456789abcdef0123456789abcdef']);
    expect(v2!.defaultKids).toEqual(['0123456789abcdef0123456789abcdef', '00112233445566778899aabbccddeeff']);
  });

  it('says what is wrong instead of throwing', () => {
    expect(parseDashManifest('<html><body>captive portal</body></html>', URL_).problems).toContain('not a DASH manifest: no <MPD> element');
    const noMedia = parseDashManifest('<MPD><Period><AdaptationSet mimeType="video/mp4"><SegmentTemplate initialization="i.mp4" media="$Time$.m4s"/><Representation id="v"/></AdaptationSet></Period></MPD>', URL_);
    expect(noMedia.periods[0]!.representations[0]!.problems.join()).toMatch(/\$Time\$ in the media template but no SegmentTimeline/);
  });
});

describe('selectDashRepresentations: what a player starts with', () => {
  const mpd = `<MPD><Period id="a">
    <AdaptationSet contentType="video"><Representation id="hd" bandwidth="3000000"/><Representation id="sd" bandwidth="800000"/></AdaptationSet>
    <AdaptationSet contentType="video"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="trickmode"/><Representation id="trick" bandwidth="1"/></AdaptationSet>
    <AdaptationSet contentType="audio" lang="en"><Representation id="en-128" bandwidth="128000"/><Representation id="en-64" bandwidth="64000"/></AdaptationSet>
    <AdaptationSet contentType="audio" lang="en" codecs="ec-3"><Representation id="en-ac3" bandwidth="32000"/></AdaptationSet>
    <AdaptationSet contentType="audio" lang="de"><Representation id="de" bandwidth="64000"/></AdaptationSet>
    <AdaptationSet contentType="text" lang="en"><Representation id="subs" bandwidth="1"/></AdaptationSet>
  </Period><Period id="b"><AdaptationSet contentType="video"><Representation id="ad" bandwidth="1"/></AdaptationSet></Period></MPD>`;

  it('picks the lowest-bandwidth video and one audio per language from the first AdaptationSet of that language, in the first Period', () => {
    const { selected, skipped } = selectDashRepresentations(parseDashManifest(mpd, URL_));
    expect(selected.map((r) => r.id)).toEqual(['sd', 'en-64', 'de']);
    expect(Object.fromEntries(skipped.map((s) => [s.representation.id, s.reason]))).toEqual({
      ad: 'in a later Period (b)',
      hd: 'another bitrate of the video',
      trick: 'trick-mode video',
      'en-128': 'another bitrate or codec of an audio language already inspected',
      'en-ac3': 'another bitrate or codec of an audio language already inspected',
      subs: 'text track (not inspected)',
    });
  });
});
