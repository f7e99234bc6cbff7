// A small, forgiving XML reader for DASH manifests: elements, attributes and text, with the
// source offsets of each element's inner XML. Pure string scanning (no DOMParser), so it runs
// in Node, the CLI and the renderer alike. Never throws: what cannot be read is listed in
// `problems`, and an unclosed element ends where its parent (or the document) does.

export interface XmlElement {
  /** Local name, without the namespace prefix (`ContentProtection` for `<mpd:ContentProtection>`). */
  name: string;
  /** The prefix as written (`cenc` for `<cenc:pssh>`), '' when none. */
  prefix: string;
  /** Attributes by their name as written, prefix included (`cenc:default_KID`). Entities decoded. */
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Text directly inside the element (all text nodes joined), entities decoded. */
  text: string;
  /** Offsets of the inner XML in the source (between the start tag and the end tag). */
  innerStart: number;
  innerEnd: number;
}

export interface XmlDocument {
  root: XmlElement | null;
  problems: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five named entities and numeric references decoded (also for shared/media/pssh.ts's element scanner). */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (m, e: string) => {
    if (!e.startsWith('#')) return ENTITIES[e]!;
    const n = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    // A reference outside Unicode is malformed XML: keep it as written rather than throw.
    return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
  });
}

function readAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    out.set(m[1]!, decodeXmlEntities(m[3] ?? m[4] ?? ''));
  }
  return out;
}

function splitName(qualified: string): { prefix: string; name: string } {
  const colon = qualified.indexOf(':');
  return colon < 0 ? { prefix: '', name: qualified } : { prefix: qualified.slice(0, colon), name: qualified.slice(colon + 1) };
}

export function parseXml(source: string): XmlDocument {
  const problems: string[] = [];
  const xml = typeof source === 'string' ? source : '';
  // Comments, processing instructions, doctype and CDATA: blanked out (same length) so offsets stay true.
  const scrubbed = xml.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g, (m) => ' '.repeat(m.length));
  const cdata: { start: number; text: string }[] = [];
  const text = scrubbed.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (m, inner: string, at: number) => {
    cdata.push({ start: at, text: inner });
    return ' '.repeat(m.length);
  });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const tag = /<(\/?)([\w:.-]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  let last = 0;
  const addText = (from: number, to: number) => {
    const top = stack[stack.length - 1];
    if (!top || to <= from) return;
    const chunk = text.slice(from, to);
    let extra = '';
    for (const c of cdata) if (c.start >= from && c.start < to) extra += c.text;
    top.text += decodeXmlEntities(chunk.trim() ? chunk : '') + extra;
  };
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const [whole, closing, qualified, attrText, selfClosing] = m;
    addText(last, m.index);
    last = m.index + whole.length;
    const { prefix, name } = splitName(qualified!);
    if (closing) {
      // Close the nearest open element of that name; anything opened inside it and never closed ends here too.
      let at = stack.length - 1;
      while (at >= 0 && (stack[at]!.name !== name || stack[at]!.prefix !== prefix)) at--;
      if (at < 0) {
        problems.push(`</${qualified}> at offset ${m.index} closes nothing`);
        continue;
      }
      for (let i = stack.length - 1; i > at; i--) {
        problems.push(`<${stack[i]!.prefix ? `${stack[i]!.prefix}:` : ''}${stack[i]!.name}> is never closed`);
        stack[i]!.innerEnd = m.index;
      }
      stack[at]!.innerEnd = m.index;
      stack.length = at;
      continue;
    }
    const element: XmlElement = {
      name,
      prefix,
      attributes: readAttributes(attrText!),
      children: [],
      text: '',
      innerStart: m.index + whole.length,
      innerEnd: m.index + whole.length,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (!root) root = element;
    else {
      problems.push(`a second top-level element <${qualified}> at offset ${m.index} is ignored`);
      continue;
    }
    if (!selfClosing) stack.push(element);
  }
  for (const open of stack) {
    problems.push(`<${open.prefix ? `${open.prefix}:` : ''}${open.name}> is never closed`);
    open.innerEnd = text.length;
  }
  if (!root) problems.push(xml.trim() ? 'no XML element found' : 'empty document');
  return { root, problems };
}

/** An attribute by local name, any prefix and any letter case (`cenc:default_KID`, `default_kid`). */
export function attr(element: XmlElement, localName: string): string | undefined {
  const want = localName.toLowerCase();
  for (const [key, value] of element.attributes) {
    if (splitName(key).name.toLowerCase() === want) return value;
  }
  return undefined;
}

/** Direct children with a local name (any prefix). */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}
