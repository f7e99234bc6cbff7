// Why a token service answer is not a token, as one Explained: the ExpressPlay code in the error
// body when the catalog knows it, else the HTTP status, else what is known and what is not. The
// privileged side explains every answer it receives with it; the support tools explain a pasted
// body the same way. The service's own message is kept among the facts.
import { explained, type Explained } from '../explained.ts';
import { explainCode, explainHttpStatus } from './catalog.ts';
import type { DecodedResponse } from './types.ts';

/** A code that is in neither token API's documents: said as unknown, never guessed at. */
export function explainUnknownCode(code: number): Explained {
  return explained({
    code,
    source: 'expressplay',
    title: 'A code the documents do not list',
    cause: `Neither the Widevine nor the FairPlay token API documents ${code}, so what it means is not known here.`,
    fix: 'Read the service\'s message; if it does not say, ask ExpressPlay support, with the time of the request and its cookie.',
  });
}

/** The catalog's explanation of a code, or one that says the code is not documented. */
export const explainAnyCode = (code: number): Explained => explainCode(code) ?? explainUnknownCode(code);

/** Null for a token; otherwise why the answer is not one. */
export function explainAnswer(decoded: DecodedResponse): Explained | null {
  if (decoded.ok) return null;
  const said = decoded.message ? [`Service said: ${decoded.message}`] : [];
  const byCode = decoded.code === null ? null : explainCode(decoded.code);
  if (byCode) return { ...byCode, facts: [...said, ...byCode.facts] };

  const status = decoded.status;
  const codeFact = decoded.code === null ? 'No ExpressPlay code was found in the body.' : `ExpressPlay code in the body: ${decoded.code} (not in the documents of either token API).`;
  if (status >= 200 && status < 300) {
    // A 2xx without a rights URL: the status says success, the body does not carry a token.
    return explained({
      code: status,
      source: 'http',
      title: 'The answer holds no rights URL',
      cause: `The service answered HTTP ${status}, but the body is not a text/uri-list with a rights URL (…/rights/?ExpressPlayToken=…), so there is no token to use.`,
      fix: 'Read the raw body: a proxy, a captive portal or another server may have answered instead of the token service.',
      facts: [...said, codeFact],
    });
  }
  const byStatus = explainHttpStatus(status);
  if (byStatus) return { ...byStatus, facts: [...said, codeFact, ...byStatus.facts] };
  if (decoded.code !== null) return { ...explainUnknownCode(decoded.code), facts: said };
  return explained({
    code: status,
    source: 'http',
    title: 'The answer is not a token',
    cause: `HTTP ${status} is not a status the token API documents, and the body holds no ExpressPlay code: the cause is not known from the answer alone.`,
    fix: 'Read the service\'s message and the raw body; a proxy or gateway in between may have answered.',
    facts: [...said, codeFact],
  });
}
