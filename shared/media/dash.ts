// A DASH MPD read for the packaging check: per Representation its type, language, bandwidth,
// resolved BaseURL, ContentProtection (AdaptationSet and Representation level) and where its
// init segment and first media segment are — SegmentBase (Initialization + indexRange),
// SegmentTemplate ($RepresentationID$, $Number$, $Time$, $Bandwidth$, SegmentTimeline) or
// SegmentList. Then which Representations a player would pick by default. Never throws.
import { parseContentProtectionElement, psshKids, type ContentProtectionInfo } from './pssh.ts';
import { attr, childElement, childElements, parseXml, type XmlElement } from './xml.ts';

/** Bytes [start, end) of a file. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface SegmentLocation {
  url: string;
  range: ByteRange | null;
}

export type DashSegmentInfo =
  /** One file per track; init and index by byte range, the first media segment from the sidx. */
  | { kind: 'base'; url: string; init: SegmentLocation | null; indexRange: ByteRange | null }
  /**
   * Init and the first media segments named directly (SegmentTemplate, SegmentList): up to
   * MEDIA_CANDIDATES of them in order, so that a clear lead can be stepped over.
   */
  | { kind: 'template' | 'list'; init: SegmentLocation | null; media: SegmentLocation[]; description: string };

/** How many leading media segments a Representation lists for the inspection to choose from. */
export const MEDIA_CANDIDATES = 10;

export type DashContentType = 'video' | 'audio' | 'text' | 'image' | 'other';

export interface DashContentProtection {
  level: 'adaptation-set' | 'representation';
  info: ContentProtectionInfo;
}

export interface DashRepresentation {
  periodId: string;
  periodIndex: number;
  adaptationSetId: string | null;
  adaptationSetIndex: number;
  id: string;
  contentType: DashContentType;
  mimeType: string | null;
  codecs: string | null;
  bandwidth: number | null;
  width: number | null;
  height: number | null;
  lang: string | null;
  baseUrl: string;
  contentProtection: DashContentProtection[];
  /** `cenc:default_KID`s of its ContentProtection elements (32 hex). */
  defaultKids: string[];
  /** KIDs the `<cenc:pssh>` boxes of its ContentProtection elements name. */
  psshKids: string[];
  segments: DashSegmentInfo | null;
  problems: string[];
}

export interface DashManifest {
  type: 'static' | 'dynamic';
  periods: { id: string; representations: DashRepresentation[] }[];
  problems: string[];
}

function parseRange(text: string | undefined): ByteRange | null {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text ?? '');
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]) + 1;
  return end > start ? { start, end } : null;
}

function resolveUrl(relative: string, base: string, problems: string[]): string {
  try {
    return new URL(relative, base).href;
  } catch {
    problems.push(`cannot resolve the URL ${JSON.stringify(relative)} against ${base}`);
    return relative;
  }
}

function baseUrlOf(element: XmlElement, parent: string, problems: string[]): string {
  const base = childElement(element, 'BaseURL');
  const text = base?.text.trim();
  return text ? resolveUrl(text, parent, problems) : parent;
}

function contentTypeOf(...hints: (string | null | undefined)[]): DashContentType {
  for (const hint of hints) {
    const h = (hint ?? '').toLowerCase();
    if (!h) continue;
    if (/^video\b|^(avc|hvc|hev|vp0|vp9|av01|dvh)/.test(h)) return 'video';
    if (/^audio\b|^(mp4a|ac-3|ec-3|ac-4|opus|flac|dts)/.test(h)) return 'audio';
    if (/^text\b|ttml|vtt|wvtt|stpp|^application\/ttml/.test(h)) return 'text';
    if (/^image\b/.test(h)) return 'image';
  }
  return 'other';
}

/** The SegmentBase/SegmentTemplate/SegmentList chain from Period down to Representation. */
interface SegmentChain {
  base: XmlElement[];
  template: XmlElement[];
  list: XmlElement[];
}

function inherited(chain: XmlElement[], name: string): string | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const value = attr(chain[i]!, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

function inheritedChild(chain: XmlElement[], name: string): XmlElement | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = childElement(chain[i]!, name);
    if (found) return found;
  }
  return undefined;
}

/** Fills a SegmentTemplate pattern (ISO/IEC 23009-1 §5.3.9.4.4), `$Number%05d$` widths included. */
export function fillTemplate(pattern: string, values: { RepresentationID: string; Number?: number; Time?: number; Bandwidth?: number | null }): string {
  return pattern.replace(/\$(RepresentationID|Number|Time|Bandwidth|SubNumber)?(%0(\d+)d)?\$/g, (whole, name: string | undefined, _f, width: string | undefined) => {
    if (!name) return '$';
    const value = name === 'RepresentationID' ? values.RepresentationID : (values as Record<string, string | number | null | undefined>)[name];
    if (value === undefined || value === null) return whole;
    const text = String(value);
    return width && name !== 'RepresentationID' ? text.padStart(Number(width), '0') : text;
  });
}

/** Start times of the first `limit` segments of a SegmentTimeline (S@t, S@d, S@r; r=-1 repeats on). */
function timelineStarts(timeline: XmlElement, limit: number): number[] {
  const out: number[] = [];
  let time = 0;
  for (const s of childElements(timeline, 'S')) {
    const t = attr(s, 't');
    if (t !== undefined && /^\d+$/.test(t)) time = Number(t);
    const d = Number(attr(s, 'd') ?? 'NaN');
    const r = Number(attr(s, 'r') ?? '0');
    if (!Number.isFinite(d) || d <= 0) break;
    for (let i = 0; i <= (r < 0 ? limit : r) && out.length < limit; i++) {
      out.push(time);
      time += d;
    }
    if (out.length >= limit) break;
  }
  return out;
}

function initLocation(element: XmlElement | undefined, pattern: string | undefined, rep: { baseUrl: string }, vars: Parameters<typeof fillTemplate>[1], problems: string[]): SegmentLocation | null {
  if (pattern) return { url: resolveUrl(fillTemplate(pattern, vars), rep.baseUrl, problems), range: null };
  if (!element) return null;
  const source = attr(element, 'sourceURL');
  return { url: source ? resolveUrl(fillTemplate(source, vars), rep.baseUrl, problems) : rep.baseUrl, range: parseRange(attr(element, 'range')) };
}

function segmentsFor(rep: { id: string; bandwidth: number | null; baseUrl: string }, chain: SegmentChain, problems: string[]): DashSegmentInfo | null {
  const vars = { RepresentationID: rep.id, Bandwidth: rep.bandwidth };
  if (chain.template.length > 0) {
    const t = chain.template;
    const pattern = inherited(t, 'media');
    const init = initLocation(inheritedChild(t, 'Initialization'), inherited(t, 'initialization'), rep, vars, problems);
    if (!init) problems.push(`representation ${rep.id}: the SegmentTemplate names no initialization segment`);
    const startNumber = Number(inherited(t, 'startNumber') ?? '1');
    const timeline = inheritedChild(t, 'SegmentTimeline');
    const media: SegmentLocation[] = [];
    if (!pattern) problems.push(`representation ${rep.id}: the SegmentTemplate has no media attribute`);
    else {
      if (/\$Time(%0\d+d)?\$/.test(pattern) && !timeline) problems.push(`representation ${rep.id}: $Time$ in the media template but no SegmentTimeline`);
      const times = timeline ? timelineStarts(timeline, MEDIA_CANDIDATES) : [];
      const duration = Number(inherited(t, 'duration') ?? 'NaN');
      const count = timeline ? times.length : MEDIA_CANDIDATES;
      for (let i = 0; i < count; i++) {
        const number = (Number.isFinite(startNumber) ? startNumber : 1) + i;
        const time = timeline ? times[i]! : Number.isFinite(duration) ? i * duration : 0;
        media.push({ url: resolveUrl(fillTemplate(pattern, { ...vars, Number: number, Time: time }), rep.baseUrl, problems), range: null });
      }
    }
    const style = pattern && /\$Time/.test(pattern) ? '$Time$ with a SegmentTimeline' : timeline ? '$Number$ with a SegmentTimeline' : '$Number$';
    return { kind: 'template', init, media, description: `SegmentTemplate (${style})` };
  }
  if (chain.list.length > 0) {
    const l = chain.list;
    const init = initLocation(inheritedChild(l, 'Initialization'), undefined, rep, vars, problems);
    if (!init) problems.push(`representation ${rep.id}: the SegmentList names no Initialization`);
    let segmentUrls: XmlElement[] = [];
    for (let i = l.length - 1; i >= 0 && segmentUrls.length === 0; i--) segmentUrls = childElements(l[i]!, 'SegmentURL');
    const media = segmentUrls.slice(0, MEDIA_CANDIDATES).map((u) => ({
      url: attr(u, 'media') ? resolveUrl(attr(u, 'media')!, rep.baseUrl, problems) : rep.baseUrl,
      range: parseRange(attr(u, 'mediaRange')),
    }));
    if (!media.length) problems.push(`representation ${rep.id}: the SegmentList has no SegmentURL`);
    return { kind: 'list', init, media, description: 'SegmentList' };
  }
  const b = chain.base;
  const initElement = b.length ? inheritedChild(b, 'Initialization') : undefined;
  const indexRange = b.length ? parseRange(inherited(b, 'indexRange')) : null;
  let init: SegmentLocation | null = null;
  if (initElement) {
    const source = attr(initElement, 'sourceURL');
    init = { url: source ? resolveUrl(source, rep.baseUrl, problems) : rep.baseUrl, range: parseRange(attr(initElement, 'range')) };
  } else if (indexRange) {
    // Without an Initialization range the init segment is everything before the index.
    init = { url: rep.baseUrl, range: { start: 0, end: indexRange.start } };
  }
  return { kind: 'base', url: rep.baseUrl, init, indexRange };
}

export function parseDashManifest(xml: string, manifestUrl: string): DashManifest {
  const { root, problems } = parseXml(xml);
  const manifest: DashManifest = { type: 'static', periods: [], problems };
  if (!root || root.name !== 'MPD') {
    problems.push('not a DASH manifest: no <MPD> element');
    return manifest;
  }
  manifest.type = attr(root, 'type') === 'dynamic' ? 'dynamic' : 'static';
  const mpdBase = baseUrlOf(root, manifestUrl, problems);
  childElements(root, 'Period').forEach((period, periodIndex) => {
    const periodId = attr(period, 'id') ?? String(periodIndex);
    const periodBase = baseUrlOf(period, mpdBase, problems);
    const representations: DashRepresentation[] = [];
    childElements(period, 'AdaptationSet').forEach((set, adaptationSetIndex) => {
      const setBase = baseUrlOf(set, periodBase, problems);
      const setProtection = childElements(set, 'ContentProtection').map((cp) => ({
        level: 'adaptation-set' as const,
        info: parseContentProtectionElement(cp.attributes, xml.slice(cp.innerStart, cp.innerEnd), attr(set, 'mimeType') ?? attr(set, 'contentType')),
      }));
      const setRole = childElement(set, 'Role');
      for (const r of childElements(set, 'Representation')) {
        const repProblems: string[] = [];
        const id = attr(r, 'id') ?? `${periodIndex}.${adaptationSetIndex}.${representations.length}`;
        const bandwidthText = attr(r, 'bandwidth');
        const bandwidth = bandwidthText !== undefined && /^\d+$/.test(bandwidthText) ? Number(bandwidthText) : null;
        const mimeType = attr(r, 'mimeType') ?? attr(set, 'mimeType') ?? null;
        const codecs = attr(r, 'codecs') ?? attr(set, 'codecs') ?? null;
        const contentType = contentTypeOf(attr(r, 'contentType'), attr(set, 'contentType'), mimeType, codecs);
        const baseUrl = baseUrlOf(r, setBase, repProblems);
        const contentProtection: DashContentProtection[] = [
          ...setProtection,
          ...childElements(r, 'ContentProtection').map((cp) => ({
            level: 'representation' as const,
            info: parseContentProtectionElement(cp.attributes, xml.slice(cp.innerStart, cp.innerEnd), mimeType ?? undefined),
          })),
        ];
        for (const cp of contentProtection) repProblems.push(...cp.info.problems.map((p) => `ContentProtection ${cp.info.systemName}: ${p}`));
        const chain: SegmentChain = {
          base: [period, set, r].flatMap((e) => childElements(e, 'SegmentBase')),
          template: [period, set, r].flatMap((e) => childElements(e, 'SegmentTemplate')),
          list: [period, set, r].flatMap((e) => childElements(e, 'SegmentList')),
        };
        const numberOrNull = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
        const rep: DashRepresentation = {
          periodId,
          periodIndex,
          adaptationSetId: attr(set, 'id') ?? null,
          adaptationSetIndex,
          id,
          contentType,
          mimeType,
          codecs,
          bandwidth,
          width: numberOrNull(attr(r, 'width') ?? attr(set, 'width')),
          height: numberOrNull(attr(r, 'height') ?? attr(set, 'height')),
          lang: attr(set, 'lang') ?? attr(r, 'lang') ?? null,
          baseUrl,
          contentProtection,
          defaultKids: [...new Set(contentProtection.flatMap((cp) => (cp.info.defaultKid ? [cp.info.defaultKid] : [])))],
          psshKids: psshKids(contentProtection.flatMap((cp) => (cp.info.pssh ? [cp.info.pssh] : []))),
          segments: null,
          problems: repProblems,
        };
        rep.segments = segmentsFor(rep, chain, repProblems);
        if (setRole && attr(setRole, 'value') === 'trickmode') repProblems.push('trick-mode adaptation set');
        representations.push(rep);
      }
    });
    manifest.periods.push({ id: periodId, representations });
  });
  if (manifest.periods.length === 0) problems.push('the MPD has no Period');
  return manifest;
}

export interface DashSelection {
  selected: DashRepresentation[];
  /** Representations a player would not start with, and why they were passed over. */
  skipped: { representation: DashRepresentation; reason: string }[];
  /** How the choice was made, for the report. */
  rule: string;
}

/**
 * What a player starts with: in the first Period, the lowest-bandwidth video Representation and,
 * per audio language, the lowest-bandwidth Representation of the first AdaptationSet in that
 * language. Text and image tracks are not inspected (they are never encrypted with CENC).
 */
export function selectDashRepresentations(manifest: DashManifest): DashSelection {
  const rule = 'first Period; the lowest-bandwidth video Representation; per audio language the lowest-bandwidth Representation';
  const period = manifest.periods[0];
  const selected: DashRepresentation[] = [];
  const skipped: DashSelection['skipped'] = [];
  for (const later of manifest.periods.slice(1)) {
    for (const representation of later.representations) skipped.push({ representation, reason: `in a later Period (${later.id})` });
  }
  if (!period) return { selected, skipped, rule };
  const lowest = (reps: DashRepresentation[]) =>
    reps.reduce((best, r) => ((r.bandwidth ?? Infinity) < (best.bandwidth ?? Infinity) ? r : best), reps[0]!);
  const videos = period.representations.filter((r) => r.contentType === 'video' && !r.problems.includes('trick-mode adaptation set'));
  if (videos.length) selected.push(lowest(videos));
  const audioByLang = new Map<string, DashRepresentation[]>();
  for (const r of period.representations.filter((x) => x.contentType === 'audio')) {
    const lang = r.lang ?? '';
    const list = audioByLang.get(lang) ?? [];
    // Only the first AdaptationSet of a language: the others are alternatives (codecs, roles).
    if (list.length === 0 || list[0]!.adaptationSetIndex === r.adaptationSetIndex) list.push(r);
    audioByLang.set(lang, list);
  }
  for (const list of audioByLang.values()) selected.push(lowest(list));
  for (const r of period.representations) {
    if (selected.includes(r)) continue;
    const reason =
      r.contentType === 'video'
        ? r.problems.includes('trick-mode adaptation set') ? 'trick-mode video' : 'another bitrate of the video'
        : r.contentType === 'audio'
          ? 'another bitrate or codec of an audio language already inspected'
          : `${r.contentType} track (not inspected)`;
    skipped.push({ representation: r, reason });
  }
  return { selected, skipped, rule };
}
