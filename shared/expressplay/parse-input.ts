// Pasted customer requests → the request model. Support engineers paste whatever they were sent:
// a whole URL, a query string, a POST body, a curl command, wrapped over several lines. The
// customerAuthenticator in it is the customer's secret: it is taken out here and only a masked
// hint leaves this module.
import { paramOfSegment, paramSegments } from './encoding.ts';
import { DRM_NAMES, DRMS } from './drm-names.ts';
import {
  DRM_PATH_CODES,
  drmOfPath,
  environmentOfHost,
  FORM_CONTENT_TYPE,
  hostnameOf,
  isRightsPath,
  isTokenPath,
  PROD_DOMAINS,
  TEST_DOMAIN,
  tokenPath,
} from './endpoints.ts';
import { PARAM_SPECS, PLAYREADY_PARAMS } from './params.ts';
import { isAuthenticatorName } from './authenticator.ts';
import { maskAuthenticator } from './mask.ts';
import { quote } from './syntax.ts';
import { scrubbedFinding, scrubText, toFinding, validateRequest, type ValidateOptions } from './validate.ts';
import type { Drm, Finding, Param, ParsedRequest, ProdDomain, Target, TokenRequest } from './types.ts';

interface RawInput {
  drm: Drm | null;
  target: Target | null;
  method: 'GET' | 'POST' | null;
  /** Every parameter, the authenticator included: never returned from this module. */
  params: Param[];
  findings: Finding[];
}

export function parseTokenRequest(input: string, drmHint?: Drm): ParsedRequest {
  const raw = readInput(input, drmHint);
  const { params, authenticator, findings } = splitAuthenticator(raw.params);
  const drm = raw.drm;
  return {
    drm,
    target: raw.target,
    method: raw.method,
    request: { drm: drm ?? 'widevine', params },
    authenticatorHint: authenticator === null ? null : maskAuthenticator(authenticator),
    findings: [...raw.findings, ...findings].map((f) => scrubbedFinding(f, secretsOf(authenticator))),
  };
}

export interface LintResult {
  /** The parameters WITHOUT customerAuthenticator. */
  request: TokenRequest;
  findings: Finding[];
  authenticatorHint: string | null;
}

/** Parse + validate pasted input as a request for `drm`: what `drm-workbench lint` and the renderer's paste box use. */
export function lintInput(drm: Drm, input: string, options: ValidateOptions = {}): LintResult {
  const raw = readInput(input, drm);
  const split = splitAuthenticator(raw.params);
  // Validate what the service would see: the authenticator (shape only, never echoed) and the
  // other parameters — scrubbed of the secret if the customer pasted it somewhere else too.
  const authParams = raw.params.filter(([n]) => isAuthenticatorName(n.trim()));
  const validation = validateRequest({ drm, params: [...authParams, ...split.params] }, options);
  const inputFindings = [...raw.findings, ...split.findings];
  // Errors first (the validator's, then the input's), then warnings (the input's, then the validator's).
  const secrets = secretsOf(split.authenticator);
  const findings: Finding[] = [];
  for (const f of validation) if (f.severity === 'error') findings.push(scrubbedFinding(f, secrets));
  for (const f of inputFindings) if (f.severity === 'error') findings.push(scrubbedFinding(f, secrets));
  for (const f of inputFindings) if (f.severity === 'warning') findings.push(scrubbedFinding(f, secrets));
  for (const f of validation) if (f.severity === 'warning') findings.push(scrubbedFinding(f, secrets));
  return {
    request: { drm, params: split.params },
    findings,
    authenticatorHint: split.authenticator === null ? null : maskAuthenticator(split.authenticator),
  };
}

/** The secrets to scrub for a request: its authenticator, if it has one. */
const secretsOf = (authenticator: string | null): string[] => (authenticator === null ? [] : [authenticator]);

/** An input-level warning (no ExpressPlay code): what was seen, why it matters, what to do. */
const inputWarning = (param: string, title: string, cause: string, fix: string | null): Finding =>
  toFinding(param, { severity: 'warning', code: null, title, cause, fix });

/** An input-level warning, added to `findings`. */
function warnTo(findings: Finding[], param: string, title: string, cause: string, fix: string | null): void {
  findings.push(inputWarning(param, title, cause, fix));
}

/**
 * Takes every customerAuthenticator (any casing) out of the parameters, and masks the secret
 * where it was also pasted into another parameter's value — with a warning saying so.
 */
function splitAuthenticator(all: Param[]): { params: Param[]; authenticator: string | null; findings: Finding[] } {
  const auth = all.find(([n]) => n === 'customerAuthenticator') ?? all.find(([n]) => isAuthenticatorName(n.trim()));
  const authenticator = auth ? auth[1] : null;
  const secrets = secretsOf(authenticator);
  const findings: Finding[] = [];
  const params = all
    .filter(([n]) => !isAuthenticatorName(n.trim()))
    .map((param): Param => {
      const [name, value] = param;
      const clean = scrubText(value, secrets);
      if (clean === value) return param; // read from this paste, not shared: no copy needed
      findings.push(
        inputWarning(
          name,
          `${name} holds a customerAuthenticator: it is masked here — never send the API key in another parameter`,
          'The customerAuthenticator is the account\'s secret API key; in another parameter it travels wherever that value goes (into the token, logs and redemption records).',
          `Remove it from ${name}: the authenticator belongs in customerAuthenticator only.`,
        ),
      );
      return [name, clean];
    });
  return { params, authenticator, findings };
}

const HTTP_REQUEST_LINE = /^(GET|POST)\s+(\S+)\s+HTTP\/\d(?:\.\d)?\s*$/i;

/** Every parameter name either API (or PlayReady's) knows, for telling a new line from a wrapped value. */
const LINE_START = new RegExp(
  `^&?(?:${PARAM_SPECS.map((p) => p.name.replace(/\./g, '\\.').replace('\\.N', '\\.\\d+')).join('|')})=`,
  'i',
);

/**
 * A request wrapped over several lines (as in e-mails and the documents' samples) is pieces of one
 * URL or body: its lines are joined without the line-break whitespace. A line that starts with a
 * parameter name (one parameter per line, as people list them) starts a new parameter.
 */
function joinLines(text: string): string {
  if (!text.includes('\n')) return text.trim(); // one line: nothing to join (most pastes)
  let out = '';
  for (const line of text.split(/\r?\n/).map((l) => l.trim())) {
    if (line === '') continue;
    const separate = out !== '' && !/[?&]$/.test(out) && !line.startsWith('&') && LINE_START.test(line);
    out += separate ? `&${line}` : line;
  }
  return out;
}

function readHttpMessage(text: string, requestLine: RegExpExecArray): { url: string; method: 'GET' | 'POST'; body: string; notes: string[] } {
  const notes: string[] = [];
  const blank = /\r?\n[ \t]*\r?\n/.exec(text);
  const head = blank ? text.slice(0, blank.index) : text;
  const body = blank ? text.slice(blank.index + blank[0].length) : '';
  const headers = head.split(/\r?\n/).slice(1);
  const header = (name: string) => headers.map((h) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'i').exec(h)?.[1]?.trim()).find((v) => v !== undefined);
  const target = requestLine[2]!;
  const host = header('host');
  let url = target;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    const local = host !== undefined && /^(localhost|127\.|\[::1\])/i.test(host);
    url = host === undefined ? target : `${local ? 'http' : 'https'}://${host}${target.startsWith('/') ? '' : '/'}${target}`;
  }
  const method = requestLine[1]!.toUpperCase() as 'GET' | 'POST';
  const contentType = header('content-type');
  if (method === 'POST' && body.trim() !== '' && contentType !== undefined && !/x-www-form-urlencoded/i.test(contentType)) {
    notes.push(`the body is sent as ${quote(contentType, 60)}: the token service reads application/x-www-form-urlencoded`);
  }
  return { url, method, body, notes };
}
const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;

function readInput(input: string, drmHint: Drm | undefined): RawInput {
  const findings: Finding[] = [];
  let text = input.trim();
  let method: 'GET' | 'POST' | null = null;
  let url: string | null = null;
  const bodies: string[] = [];
  const encodedBodies: Param[] = [];

  // A browser's "Copy" of a request row, or a log line: "Request URL: https://…".
  text = text.replace(/^(?:request\s+)?url\s*:\s*/i, '');
  // Only a text that starts like a request line is cut at its first line break to be read as one.
  const http = /^(?:GET|POST)\s/i.test(text) ? HTTP_REQUEST_LINE.exec(text.split(/\r?\n/, 1)[0] ?? '') : null;
  if (/^curl(\s|$)/.test(text)) {
    const curl = readCurl(text);
    url = curl.url;
    method = curl.method;
    bodies.push(...curl.data);
    encodedBodies.push(...curl.dataUrlencode);
    for (const note of curl.notes) warnTo(findings, '', note, 'The paste names a file for curl to read; only the command was pasted, not the file.', 'Paste the file\'s content instead.');
  } else if (http) {
    // A raw HTTP/1.1 request as a proxy or a log shows it: request line, headers, blank line, body.
    const raw = readHttpMessage(text, http);
    url = raw.url;
    method = raw.method;
    if (raw.body.trim() !== '') bodies.push(joinLines(raw.body));
    for (const note of raw.notes) warnTo(findings, '', note, `The token service reads POST parameters from an ${FORM_CONTENT_TYPE} body only.`, `Send the body with Content-Type: ${FORM_CONTENT_TYPE}.`);
  } else {
    text = joinLines(text);
    if (URL_PARTS.test(text)) url = text;
    else if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?\//i.test(text)) url = `https://${text}`;
    else if (/^\/hms\//.test(text)) url = text;
    else bodies.push(text);
  }

  let drm: Drm | null = null;
  let target: Target | null = null;
  let queries: string[] = [];
  if (url !== null) {
    const m = URL_PARTS.exec(url);
    const host = m?.[2] ?? '';
    const path = m ? m[3] ?? '' : url.replace(/[?#].*$/, '');
    const query = m ? m[4] ?? '' : /\?([^#]*)/.exec(url)?.[1] ?? '';
    if (method === null) method = 'GET';
    queries = query === '' ? [] : [query];
    const fragment = /#(.*)$/s.exec(url)?.[1] ?? '';
    if (/[=&]/.test(fragment)) {
      warnTo(findings, '', 'the URL has a #fragment holding parameters: nothing after # is sent to the service — encode a # inside a value as %23', 'Nothing after # in a URL is sent to the server: those parameters never reach the service.', 'Encode a # inside a value as %23.');
    }
    drm = drmOfPath(path);
    if (isRightsPath(path) || /[?&]ExpressPlayToken=/.test(url)) {
      warnTo(
        findings,
        '',
        'this is a rights URL (what the token service answers), not a token request: decode it instead of linting it',
        'A rights URL (…/rights/?ExpressPlayToken=…) is the token service\'s answer to a request, not a request: its token is not made of parameters.',
        'Paste the token request instead, or decode the rights URL (Support → Paste an error).',
      );
    } else if (drm !== null && !isTokenPath(path)) {
      warnTo(findings, '', `the path ${quote(path, 60)} is not ${tokenPath(drm)}: the service answers 404`, `The service takes token requests at ${DRMS.map(tokenPath).join(', ')} only.`, `Send it to ${tokenPath(drm)}.`);
    }
    if (host !== '') {
      target = targetOfHost(host, m?.[1] ?? 'https');
      if (target === null) {
        const services = `${DRMS.map((d) => `${DRM_PATH_CODES[d]}-gen`).join('/')} .${TEST_DOMAIN} or .${PROD_DOMAINS[0]}`;
        warnTo(
          findings,
          '',
          `the host ${quote(host, 80)} is not an ExpressPlay token service (${services})`,
          `ExpressPlay's token services are ${services} (or .${PROD_DOMAINS[1]}); a request to another host does not reach them.`,
          'Check the host the request was sent to.',
        );
      }
      else if (drm !== null && target.kind !== 'sandbox') {
        const hostname = hostnameOf(host);
        const prefix = hostname.includes('.') ? hostname.slice(0, hostname.indexOf('.')) : hostname;
        const expected = `${DRM_PATH_CODES[drm]}-gen`;
        if (prefix !== expected) {
          warnTo(
            findings,
            '',
            `the host starts with ${JSON.stringify(prefix)} but ${DRM_NAMES[drm]} token requests go to ${expected}.…`,
            `Each DRM has its own token host: ${DRMS.map((d) => `${DRM_PATH_CODES[d]}-gen for ${DRM_NAMES[d]}`).join(', ')}.`,
            `Send it to ${expected}.…`,
          );
        }
      }
    }
    if (drmHint && drm !== null && drm !== drmHint) {
      warnTo(
        findings,
        '',
        `the URL is a ${DRM_NAMES[drm]} endpoint but the request is being checked as ${DRM_NAMES[drmHint]}`,
        `The URL's path says the request is for ${DRM_NAMES[drm]}, so the service applies ${DRM_NAMES[drm]}'s rules; these findings apply ${DRM_NAMES[drmHint]}'s.`,
        `Check it as ${DRM_NAMES[drm]}, or send it to the ${DRM_NAMES[drmHint]} endpoint.`,
      );
    }
  }

  const rawSources = [...queries, ...bodies];
  const params: Param[] = [];
  for (const source of rawSources) {
    // Each source is cut into segments once: for its parameters and for how they will decode.
    const segments = paramSegments(source);
    const read = segments.map(paramOfSegment);
    params.push(...read);
    findings.push(...encodingFindings(segments, read));
  }
  params.push(...encodedBodies);
  if (drm === null) drm = drmHint ?? guessDrm(params);
  if (params.length === 0 && rawSources.join('').trim() !== '') {
    warnTo(findings, '', 'no parameters found in the input', 'Nothing in the input reads as name=value parameters.', 'Paste the whole URL, query string or form body.');
  }
  return { drm, target, method, params, findings };
}

/**
 * Warnings about how one source's raw text will decode: `+` becomes a space, a bad `%` escape
 * stays as typed. `segments` are its paramSegments, `read` their parameters (paramOfSegment).
 */
function encodingFindings(segments: readonly string[], read: readonly Param[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const eq = segment.indexOf('=');
    if (eq < 0) continue;
    const name = read[i]![0]; // the decoded name
    const value = segment.slice(eq + 1);
    if (value.includes('+') && !seen.has(`+${name}`)) {
      seen.add(`+${name}`);
      out.push(inputWarning(name, `a raw + in ${name} decodes to a space: send %2B`, 'In a URL or form body a + stands for a space, so the service sees a space where the + was.', 'Send + as %2B.'));
    }
    if (segment.includes('%') && /%(?![0-9a-fA-F]{2})/.test(segment) && !seen.has(`%${name}`)) {
      seen.add(`%${name}`);
      out.push(
        inputWarning(
          name,
          `${name} has a malformed percent escape (a % not followed by two hex digits): it is kept as typed; send % as %25`,
          'A % must start a %XX escape; a stray one is kept as typed here, and a server may read it differently.',
          'Send % as %25.',
        ),
      );
    }
    if (/\s/.test(segment) && !seen.has(`s${name}`)) {
      seen.add(`s${name}`);
      out.push(
        inputWarning(
          name,
          `${name} contains raw whitespace: encode spaces as %20, and check nothing was pasted by mistake`,
          'Raw whitespace is not valid in a URL or form body: it may be cut off or encoded differently on the way to the service.',
          'Encode spaces as %20, and check nothing was pasted by mistake.',
        ),
      );
    }
  }
  return out;
}

function targetOfHost(host: string, scheme: string): Target | null {
  const env = environmentOfHost(host);
  if (env === 'test') return { kind: 'test' };
  if (env === 'production') {
    const h = hostnameOf(host);
    const domain = PROD_DOMAINS.find((d) => h.endsWith(d)) ?? ('service.expressplay.com' as ProdDomain);
    return { kind: 'production', domain };
  }
  if (env === 'sandbox') return { kind: 'sandbox', baseUrl: `${scheme.toLowerCase()}://${host}` };
  return null;
}

function guessDrm(params: Param[]): Drm | null {
  const names = new Set(params.map(([n]) => n));
  // FairPlay's own parameters first: the FairPlay document's sample request also carries
  // PlayReady's rightsType and OPLs (copied from the PlayReady page), next to iv.
  if (['iv', 'fpExtension', 'rentalDuration'].some((n) => names.has(n))) return 'fairplay';
  if (PLAYREADY_PARAMS.some((n) => names.has(n))) return 'playready';
  if (['securityLevel', 'hdcpOutputControl', 'wvExtension', 'licenseDuration', 'contentId'].some((n) => names.has(n))) return 'widevine';
  return null;
}

// ---- curl ----

interface CurlRequest {
  url: string | null;
  method: 'GET' | 'POST' | null;
  data: string[];
  dataUrlencode: Param[];
  notes: string[];
}

const CURL_DATA = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii']);
const CURL_WITH_ARG = new Set([
  '-H', '--header', '-A', '--user-agent', '-u', '--user', '-o', '--output', '-b', '--cookie', '-c', '--cookie-jar',
  '-e', '--referer', '-w', '--write-out', '-m', '--max-time', '--connect-timeout', '-x', '--proxy', '--cacert',
  '--cert', '--key', '-T', '--upload-file', '-F', '--form', '--resolve', '--retry', '--limit-rate', '-r', '--range',
]);

function readCurl(text: string): CurlRequest {
  const words = shellWords(text).slice(1);
  const out: CurlRequest = { url: null, method: null, data: [], dataUrlencode: [], notes: [] };
  let get = false;
  let explicit: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eqOpt = w.startsWith('--') ? /^(--[a-z-]+)=(.*)$/s.exec(w) : null;
    const opt = eqOpt ? eqOpt[1]! : w;
    // A word that is not an option is the URL (the first one that looks like one); checked first,
    // so that an option's argument reader is made for options only.
    if (!w.startsWith('-')) {
      if (out.url === null && /[./:]/.test(w)) out.url = /^[a-z][a-z0-9+.-]*:\/\//i.test(w) ? w : `https://${w}`;
      continue;
    }
    const arg = (): string => (eqOpt ? eqOpt[2]! : words[++i] ?? '');
    if (opt === '-X' || opt === '--request' || /^-[a-zA-Z]+X$/.test(w)) explicit = arg().toUpperCase();
    else if (/^-[a-zA-Z]*X[A-Z]+$/.test(w)) explicit = w.slice(w.indexOf('X') + 1);
    else if (opt === '-G' || opt === '--get') get = true;
    else if (opt === '--url') out.url = arg();
    else if (CURL_DATA.has(opt)) {
      const d = arg();
      if (d.startsWith('@') && opt !== '--data-raw') out.notes.push(`curl reads data from the file ${quote(d.slice(1), 60)}: paste the file's content instead`);
      else out.data.push(d);
    } else if (opt === '--data-urlencode') {
      const d = arg();
      const eq = d.indexOf('=');
      const at = d.indexOf('@');
      // curl encodes the content after the first '=' itself; the name before it is sent as is.
      // `name@file` and `@file` read the content from a file.
      if (at >= 0 && (eq < 0 || at < eq)) out.notes.push(`curl reads data from the file ${quote(d.slice(at + 1), 60)}: paste the file's content instead`);
      else if (eq > 0) out.dataUrlencode.push([d.slice(0, eq), d.slice(eq + 1)]);
      else out.data.push(encodeURIComponent(eq === 0 ? d.slice(1) : d));
    } else if (CURL_WITH_ARG.has(opt)) arg();
  }
  if (get && out.url !== null && (out.data.length > 0 || out.dataUrlencode.length > 0)) {
    // -G moves the data into the query string.
    const extra = [...out.data, ...out.dataUrlencode.map(([n, v]) => `${n}=${encodeURIComponent(v)}`)].join('&');
    out.url += (out.url.includes('?') ? '&' : '?') + extra;
    out.data = [];
    out.dataUrlencode = [];
  }
  const hasData = out.data.length > 0 || out.dataUrlencode.length > 0;
  out.method = explicit === 'GET' || explicit === 'POST' ? explicit : hasData ? 'POST' : 'GET';
  return out;
}

/** Splits a shell command line into words: quotes, backslash escapes and line continuations. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 2 : 1;
      continue;
    }
    if ((c <= ' ' || c >= '\u00a0') && /\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      cur += text.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? text.length : end;
    } else if (c === '"') {
      // Copied a stretch at a time: a -d body in double quotes is most of a curl command.
      let j = i + 1;
      let from = j;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) {
          cur += text.slice(from, j);
          from = ++j; // the escaped character is kept, the backslash is not
        }
      }
      cur += text.slice(from, j);
      i = j;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
    } else cur += c;
  }
  if (inWord) words.push(cur);
  return words;
}
