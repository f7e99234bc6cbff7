// Why a token service answer is not a token, as one Explained: the ExpressPlay code in the error
// body when the catalog knows it, else the HTTP status, else what is known and what is not. The
// privileged side explains every answer it receives with it; the support tools explain a pasted
// body the same way. The service's own message is kept among the facts. A success or redirect
// status without a token is explained by what came back (not-a-token.ts).
import { explained, type Explained } from '../explained.ts';
import { explainCode, explainHttpStatus } from './catalog.ts';
import { explainRedirect, explainSuccessWithoutToken } from './not-a-token.ts';
import type { DecodedResponse } from './types.ts';

/** A code that is in neither token API's documents: said as unknown, never guessed at. */
export function explainUnknownCode(code: number): Explained {
  return explained({
    code,
    source: 'expressplay',
    title: 'A code the documents do not list',
    cause: `None of the Widevine, FairPlay and PlayReady token API documents lists ${code}, so what it means is not known here.`,
    fix: 'Read the service\'s message; if it does not say, ask ExpressPlay support, with the time of the request and its cookie.',
  });
}

/** The catalog's explanation of a code, or one that says the code is not documented. */
export const explainAnyCode = (code: number): Explained => explainCode(code) ?? explainUnknownCode(code);

/** What of the answer besides its body the explanation may use. */
export interface AnswerContext {
  /** The Location header of a 3xx answer (redirects are never followed). */
  location?: string | null;
}

/** Null for a token; otherwise why the answer is not one. */
export function explainAnswer(decoded: DecodedResponse, context: AnswerContext = {}): Explained | null {
  if (decoded.ok) return null;
  const said = decoded.message ? [`Service said: ${decoded.message}`] : [];
  const byCode = decoded.code === null ? null : explainCode(decoded.code);
  if (byCode) return { ...byCode, facts: [...said, ...byCode.facts] };

  const status = decoded.status;
  const codeFact = decoded.code === null ? 'No ExpressPlay code was found in the body.' : `ExpressPlay code in the body: ${decoded.code} (not in the documents of any token API).`;
  // A 2xx without a rights URL: the status says success, the body does not carry a token. What
  // came back is named; a "message" read out of a portal page would only mislead, so none is quoted.
  if (status >= 200 && status < 300) {
    const e = explainSuccessWithoutToken(decoded);
    return decoded.code === null ? e : { ...e, facts: [...e.facts, codeFact] };
  }
  if (status >= 300 && status < 400) {
    const e = explainRedirect(status, context.location ?? null);
    return decoded.code === null ? e : { ...e, facts: [...e.facts, codeFact] };
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
