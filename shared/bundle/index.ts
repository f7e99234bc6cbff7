// Repro bundles (docs/repro-bundle.md): the format, its redaction, reading a file or a paste, and
// the comparison with a re-run. Pure TypeScript: the app's privileged side, the renderer and the
// CLI all use these.
export * from './format.ts';
export { redactBundle, type RedactOptions } from './redact.ts';
export { parseBundleJson, parseBundleData, type ParsedBundle } from './parse.ts';
export { bundleToText, bundleFromText, BEGIN_LINE } from './text.ts';
export { compareWithRerun, differencesText, TIMING_RULE, type ComparedRow, type RerunOutcome, type DifferenceArea } from './compare.ts';
export { caseBundle, type CaseBundleOptions } from './from-case.ts';
