// What a bundle may carry out of the machine. Applied to every bundle before it is written, by
// the app's privileged side and by the CLI: content keys masked unless the user opted in for this
// bundle, rights URL tokens stripped unless asked (a token is a bearer credential, as in a
// history export), then every string through the privileged side's secret scrub (the known
// authenticators whole or in pieces, anything named or shaped like one).
import { isMaskedValue, maskKey } from '../expressplay/mask.ts';
import { isAuthenticatorName } from '../expressplay/authenticator.ts';
import { isKeyMaterialName } from '../expressplay/params.ts';
import { tokenStripper } from '../expressplay/token-strip.ts';
import type { ReproBundle } from './format.ts';

export interface RedactOptions {
  /** The privileged side's scrub (electron/vault/scrub.ts makeScrub with every known secret). */
  scrub: (text: string) => string;
  includeContentKeys: boolean;
  includeTokens: boolean;
}

/** Key values shorter than this are not replaced inside other text (they would match by accident). */
const MIN_KEY_LENGTH = 8;
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redactBundle(bundle: ReproBundle, options: RedactOptions): ReproBundle {
  const params = bundle.request?.params ?? [];
  const keyValues = options.includeContentKeys
    ? []
    : params.filter(([name, value]) => isKeyMaterialName(name) && value.trim().length >= MIN_KEY_LENGTH && !value.includes('…')).map(([, v]) => v.trim());
  const keyRules = keyValues.flatMap((value) =>
    [...new Set([value, encodeURIComponent(value)])].map((form) => ({ pattern: new RegExp(escapeRegExp(form), 'gi'), mask: maskKey(value) })),
  );
  const strip = options.includeTokens ? (t: string) => t : tokenStripper(knownTokens(bundle));
  const text = (s: string): string => {
    let out = options.scrub(s);
    for (const { pattern, mask } of keyRules) out = out.replace(pattern, mask);
    return strip(out);
  };

  const maskedParams = new Set(bundle.redaction.maskedParams);
  const request = bundle.request
    ? {
        ...bundle.request,
        params: bundle.request.params
          .filter(([name]) => !isAuthenticatorName(name))
          .map(([name, value]) => {
            const keyMaterial = isKeyMaterialName(name);
            // A value history already kept masked stays that mask (masking a mask would lose its hint).
            const kept = keyMaterial && !options.includeContentKeys && !isMaskedValue(value) ? maskKey(value) : text(value);
            const keptName = text(name);
            if (kept !== value || keptName !== name || (keyMaterial && value.includes('…'))) maskedParams.add(keptName);
            return [keptName, kept] as const;
          }),
      }
    : null;
  const anyKeyIncluded = options.includeContentKeys && request !== null && request.params.some(([n, v]) => isKeyMaterialName(n) && !v.includes('…'));
  const out: ReproBundle = {
    ...bundle,
    request,
    redaction: {
      authenticator: 'removed',
      // "included" only when a clear key really is in the file (history may have kept only a mask).
      contentKeys: anyKeyIncluded ? 'included' : 'masked',
      tokens: options.includeTokens ? 'included' : 'stripped',
      maskedParams: [...maskedParams],
    },
  };
  return walk(out, text) as ReproBundle;
}

/**
 * The tokens a bundle holds, to strip wherever they are written: the answer's, and the one in a
 * sandbox re-encrypted stream's path (`/sample/<token>/manifest.mpd`), which is the same bearer token.
 */
function knownTokens(bundle: ReproBundle): string[] {
  const out: string[] = [];
  const decoded = bundle.answer?.decoded;
  if (decoded?.ok) out.push(decoded.rights.token);
  const fromUrl = /ExpressPlayToken=([^&\s"'<>#]+)/i.exec(bundle.answer?.rightsUrl ?? '')?.[1];
  if (fromUrl) out.push(fromUrl);
  for (const url of [bundle.playback?.stream.url, bundle.playback?.report.manifestUrl]) {
    const segment = /\/sample\/([^/?#]+)\/manifest\.mpd/.exec(url ?? '')?.[1];
    if (segment && segment !== 'manifest.mpd') {
      out.push(segment);
      try {
        out.push(decodeURIComponent(segment));
      } catch {
        /* kept as written */
      }
    }
  }
  return out;
}

function walk(value: unknown, text: (s: string) => string): unknown {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, text));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[text(k)] = walk(v, text);
    return out;
  }
  return value;
}
