// A bundle as text to paste into a ticket, and back. Ticket systems reflow lines, turn quotes
// curly, eat braces as macros and cap comment length, so the JSON travels gzip-compressed and
// base64url-encoded (letters, digits, '-' and '_' only) in 76-character lines between armour lines,
// inside a Markdown fence. The END line carries the JSON's byte length and an FNV-1a checksum: a
// paste cut short or altered is named as such instead of failing as "bad JSON". Reading ignores
// anything around the armour, e-mail quote marks ('> ') and indentation. A paste of the bare
// JSON is read too.
import { base64ToBytes, bytesToBase64Url } from '../bytes.ts';
import { explained } from '../explained.ts';
import { bundleHeadline, bundleToJson, type ReproBundle } from './format.ts';
import { parseBundleJson, type ParsedBundle } from './parse.ts';

export const BEGIN_LINE = '-----BEGIN DRM WORKBENCH REPRO BUNDLE-----';
const END_PREFIX = '-----END DRM WORKBENCH REPRO BUNDLE';
const END_LINE = /^-----END DRM WORKBENCH REPRO BUNDLE (\d+) bytes fnv1a ([0-9a-f]{8})-----$/;
const LINE_WIDTH = 76;

/** FNV-1a 32-bit: not security, only "is this the text that was copied". */
function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  // The DOM and Node typings disagree on the chunk type (BufferSource vs Uint8Array); bytes are both.
  const out = new Response(source.pipeThrough(stream as unknown as TransformStream<Uint8Array, Uint8Array>));
  return new Uint8Array(await out.arrayBuffer());
}

/** The bundle as a fenced text block for a ticket. */
export async function bundleToText(bundle: ReproBundle): Promise<string> {
  const json = new TextEncoder().encode(bundleToJson(bundle));
  const packed = bytesToBase64Url(await through(json, new CompressionStream('gzip')));
  const lines: string[] = [];
  for (let i = 0; i < packed.length; i += LINE_WIDTH) lines.push(packed.slice(i, i + LINE_WIDTH));
  return [
    '```drm-workbench-repro-bundle',
    `DRM Workbench repro bundle v${bundle.version}: ${bundleHeadline(bundle)}`,
    'Open it in DRM Workbench (the Repro bundle view: paste it there), or save this block as a file and run: drm-workbench replay FILE',
    BEGIN_LINE,
    ...lines,
    `${END_PREFIX} ${json.length} bytes fnv1a ${fnv1a(json)}-----`,
    '```',
    '',
  ].join('\n');
}

const pasteError = (title: string, cause: string): ParsedBundle => ({
  ok: false,
  error: explained({
    source: 'workbench',
    code: 'bundle-paste',
    title,
    cause,
    fix: 'Copy the whole block again, from the BEGIN line to the END line (or the .json file as exported).',
  }),
});

/** A bundle from a paste (the text block, or the bare JSON), or why it is not one. */
export async function bundleFromText(text: string): Promise<ParsedBundle> {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/^[\s>]*/, '').trim());
  const begin = lines.indexOf(BEGIN_LINE);
  if (begin < 0) {
    const trimmed = text.trim();
    if (trimmed.startsWith('{')) return parseBundleJson(trimmed);
    return pasteError('No repro bundle in this text.', `A bundle pasted as text starts with the line ${BEGIN_LINE} (or is the bundle's JSON, starting with "{").`);
  }
  const endAt = lines.findIndex((l, i) => i > begin && l.startsWith(END_PREFIX));
  if (endAt < 0) return pasteError('The repro bundle text is cut short: its END line is missing.', 'The paste has the BEGIN line but not the line -----END DRM WORKBENCH REPRO BUNDLE … that closes it; ticket systems sometimes cut long comments.');
  const end = END_LINE.exec(lines[endAt]!);
  if (!end) return pasteError('The repro bundle text is damaged: its END line is not as written.', `Expected "${END_PREFIX} <n> bytes fnv1a <8 hex>-----", found "${lines[endAt]!.slice(0, 90)}".`);
  const body = lines.slice(begin + 1, endAt).join('');
  const packed = base64ToBytes(body);
  if (!packed) return pasteError('The repro bundle text is damaged: it has characters base64url does not use.', 'Something changed the text between copy and paste (a ticket system\'s formatting, a line rewrapped with other characters).');
  let json: Uint8Array;
  try {
    json = await through(packed, new DecompressionStream('gzip'));
  } catch {
    return pasteError('The repro bundle text is damaged or cut short: it does not decompress.', `${body.length} base64url characters between BEGIN and END could not be unpacked; lines may be missing.`);
  }
  const length = Number(end[1]);
  if (json.length !== length || fnv1a(json) !== end[2]) {
    return pasteError('The repro bundle text does not match its checksum.', `It unpacks to ${json.length} bytes with checksum ${fnv1a(json)}; the END line says ${length} bytes, ${end[2]}. The text was altered.`);
  }
  return parseBundleJson(new TextDecoder().decode(json));
}
