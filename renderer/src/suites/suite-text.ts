// "Add to suite": a request (the builder's, or a history entry's) written as a suite case and
// appended to the suite's text. The text is YAML written by hand here (the renderer ships no YAML
// library): every value double-quoted as JSON writes it, which is valid YAML. Never an
// authenticator; a value history kept masked becomes a ${SUITE_…} variable to set, since a mask
// can never be sent as the value it hides.
import { isAuthenticatorName, isMaskedValue } from '../../../shared/expressplay/index.ts';
import type { Drm, EnvironmentId, Param } from '../../../shared/expressplay/types.ts';

export interface SuiteCaseDraft {
  name: string;
  environment: EnvironmentId;
  drm: Drm;
  params: readonly Param[];
  /** A manifest URL, `sandbox:sample` …; null: none (a token-only expectation needs none). */
  stream: string | null;
  /** In the suite grammar: `confirmed`, `token -2018` … */
  expect: string;
}

const q = (s: string): string => JSON.stringify(s);

/** `SUITE_CONTENTKEY` for `contentKey`, `SUITE_CONTENTKEY_2` for `contentKey.2`. */
export const variableFor = (param: string): string => `SUITE_${param.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;

export function caseYaml(d: SuiteCaseDraft, suiteDrm: Drm | null): string {
  const lines = [`  - name: ${q(d.name)}`];
  if (suiteDrm !== null && d.drm !== suiteDrm) lines.push(`    drm: ${d.drm}`);
  const params = d.params.filter(([name]) => !isAuthenticatorName(name));
  const masked = params.filter(([, value]) => isMaskedValue(value)).map(([name]) => name);
  if (masked.length) lines.push(`    # History kept ${masked.join(', ')} masked: set ${masked.map(variableFor).join(', ')} before starting the app`);
  if (params.length) {
    lines.push('    params:');
    const seen = new Set<string>();
    for (const [name, value] of params) {
      // A suite's params are a mapping: a repeated name (wvExtension …) keeps its first value.
      if (seen.has(name)) continue;
      seen.add(name);
      lines.push(`      ${q(name)}: ${isMaskedValue(value) ? q(`\${${variableFor(name)}}`) : q(value)}`);
    }
  }
  if (d.stream) lines.push(`    stream: ${q(d.stream)}`);
  lines.push(`    expect: ${q(d.expect)}`);
  return lines.join('\n');
}

/** The suite's text with the case appended under `cases:` (a new suite when the text is empty). */
export function appendCase(text: string, d: SuiteCaseDraft): string {
  if (text.trim() === '') {
    return ['# yaml-language-server: $schema=../schemas/suite.schema.json', `name: ${q('My suite')}`, `environment: ${d.environment}`, `drm: ${d.drm}`, 'cases:', caseYaml(d, d.drm), ''].join('\n');
  }
  const suiteDrm = /^drm:\s*(\w+)/m.exec(text)?.[1] ?? 'widevine';
  const body = text.endsWith('\n') ? text : `${text}\n`;
  // Cases are written last in a suite (the examples and the new-suite template): append there.
  return `${body}${caseYaml(d, suiteDrm as Drm)}\n`;
}
