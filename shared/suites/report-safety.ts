// What every suite report (JUnit, HTML, JSON) passes its whole text through before it is written:
// the project's one scrub for secrets (known authenticators, whole or in 12+ hex-digit pieces, and
// anything shaped like one), then bearer tokens cut short — a rights URL's ExpressPlayToken and the
// token inside a sandbox re-encrypted stream's path (`/sample/<token>/…`) — since reports go into
// CI artifacts that many people read.
import { scrubSecrets } from '../expressplay/mask.ts';

const RIGHTS_TOKEN = /([?&]ExpressPlayToken=)([^&"'\s<>]{12})[^&"'\s<>]*/gi;
const SAMPLE_TOKEN = /(\/sample\/)([A-Za-z0-9_-]{12})[A-Za-z0-9_-]{20,}(?=\/)/g;

/** `secrets`: the authenticators the run used (the CLI's EXPRESSPLAY_AUTHENTICATOR_*); none in the app's renderer, which never holds one. */
export function scrubReport(text: string, secrets: readonly string[]): string {
  return scrubSecrets(text, secrets).replace(RIGHTS_TOKEN, '$1$2…').replace(SAMPLE_TOKEN, '$1$2…');
}

/** `1.234`: seconds as JUnit's time attribute wants them. */
export const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** Totals of a list of results. */
export function tally(results: readonly { met: boolean; explanation: { data: Record<string, unknown> } | null }[]): { total: number; passed: number; failed: number; errors: number } {
  let passed = 0;
  let errors = 0;
  for (const r of results) {
    if (r.met) passed++;
    else if (r.explanation?.data['runnerError'] === true) errors++;
  }
  return { total: results.length, passed, failed: results.length - passed - errors, errors };
}
