// What a case expects, as a suite file writes it (`shaka 6007 / -4010`) and as the model holds it
// (Expectation): one grammar, read here and written back here, so a report shows an expectation
// in the words its file used.
import type { Expectation } from './types.ts';

/** The EME key statuses (MediaKeyStatus) a `key-status` expectation may name. */
export const KEY_STATUSES = ['usable', 'expired', 'released', 'output-restricted', 'output-downscaled', 'usable-in-future', 'status-pending', 'internal-error'] as const;

/** Every form, as the docs and error messages list them. */
export const EXPECTATION_FORMS = [
  'confirmed',
  'fails',
  'validation -4020',
  'token -2018',
  'token 500 (an HTTP status with no ExpressPlay code)',
  'shaka 6007',
  'shaka 6007 / -4010',
  `key-status <${KEY_STATUSES.join('|')}>`,
  'packaging <finding code, e.g. kid-mismatch>',
] as const;

const FORM = /^\s*(?:(confirmed|fails)|(validation)\s+(-\d{4})|(token)\s+(-\d{4}|\d{3})|shaka\s+(\d{4})(?:\s*\/\s*(-\d{4}))?|key-status\s+([a-z-]+)|packaging\s+([a-z0-9][a-z0-9-]*))\s*$/;

/** The JSON Schema's pattern for an expectation (key statuses checked by parseExpectation). */
export const EXPECTATION_PATTERN = new RegExp(FORM.source);

/** The expectation a string states, or a message saying what the forms are. */
export function parseExpectation(text: string): { ok: true; expectation: Expectation } | { ok: false; message: string } {
  const m = FORM.exec(text);
  if (!m) return { ok: false, message: `an expectation is one of: ${EXPECTATION_FORMS.join('; ')}` };
  if (m[1] === 'confirmed') return { ok: true, expectation: { kind: 'confirmed' } };
  if (m[1] === 'fails') return { ok: true, expectation: { kind: 'fails' } };
  if (m[2] === 'validation') return { ok: true, expectation: { kind: 'validation', code: Number(m[3]) } };
  if (m[4] === 'token') return { ok: true, expectation: { kind: 'token-error', code: Number(m[5]) } };
  if (m[6] !== undefined) {
    return { ok: true, expectation: { kind: 'shaka', code: Number(m[6]), ...(m[7] !== undefined ? { expressplayCode: Number(m[7]) } : {}) } };
  }
  if (m[8] !== undefined) {
    if (!(KEY_STATUSES as readonly string[]).includes(m[8])) return { ok: false, message: `"${m[8]}" is not an EME key status (one of ${KEY_STATUSES.join(', ')})` };
    return { ok: true, expectation: { kind: 'key-status', status: m[8] } };
  }
  return { ok: true, expectation: { kind: 'packaging', finding: m[9]! } };
}

/** The expectation in the suite file's words: `shaka 6007 / -4010`. */
export function expectationText(e: Expectation): string {
  switch (e.kind) {
    case 'confirmed':
    case 'fails':
      return e.kind;
    case 'validation':
      return `validation ${e.code}`;
    case 'token-error':
      return `token ${e.code}`;
    case 'shaka':
      return `shaka ${e.code}${e.expressplayCode !== undefined ? ` / ${e.expressplayCode}` : ''}`;
    case 'key-status':
      return `key-status ${e.status}`;
    case 'packaging':
      return `packaging ${e.finding}`;
  }
}

/** Whether a case with this expectation needs playback (a stream); validation and token expectations stop before it. */
export const needsPlayback = (e: Expectation): boolean => e.kind !== 'validation' && e.kind !== 'token-error';
