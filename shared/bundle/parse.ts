// Opening a bundle someone else made: strict about what the app relies on, so a bad, foreign or
// damaged file is refused with one sentence naming what is wrong (never a crash, never a guess).
// The playback report inside is checked for the fields the view and the comparison read; the rest
// of it is shown as it is.
import { z } from 'zod';
import { explained, type Explained } from '../explained.ts';
import { DRMS } from '../expressplay/drm-names.ts';
import { BUNDLE_KIND, BUNDLE_VERSION, type ReproBundle } from './format.ts';

const explainedShape = z.looseObject({
  code: z.union([z.number(), z.string(), z.null()]),
  source: z.string(),
  severity: z.string(),
  title: z.string(),
  cause: z.string(),
  facts: z.array(z.string()),
});
const drm = z.enum(DRMS as unknown as [string, ...string[]]);
const environment = z.enum(['sandbox', 'test', 'production']);
const param = z.tuple([z.string(), z.string()]);

const decoded = z.union([
  z.looseObject({ ok: z.literal(true), status: z.number(), raw: z.string(), rights: z.looseObject({ rightsUrl: z.string(), token: z.string(), host: z.string().optional() }) }),
  z.looseObject({ ok: z.literal(false), status: z.number(), code: z.number().nullable(), message: z.string().nullable(), raw: z.string() }),
]);

const answer = z.strictObject({
  startedAt: z.string(),
  durationMs: z.number(),
  status: z.number().nullable(),
  headers: z.record(z.string(), z.string()),
  decoded: decoded.nullable(),
  explanation: explainedShape.nullable(),
  networkError: explainedShape.nullable(),
  sent: z.strictObject({ method: z.enum(['GET', 'POST']), url: z.string(), body: z.string().nullable() }),
  recorded: z.literal('outcome-only').optional(),
  rightsUrl: z.string().optional(),
});

const timelineEvent = z.looseObject({ kind: z.string(), at: z.number(), label: z.string(), detail: z.string().nullable(), durationMs: z.number().optional() });
const report = z.looseObject({
  kind: z.literal('drm-workbench/playback-report'),
  version: z.number(),
  startedAt: z.string(),
  manifestUrl: z.string(),
  timeline: z.array(timelineEvent),
  verdict: z.looseObject({ state: z.enum(['idle', 'pending', 'confirmed', 'clear', 'failed', 'failed-after-confirmation']), text: z.string() }),
  inspection: z.looseObject({ licenseResponse: z.looseObject({}).nullable(), tokenVsLicense: z.array(z.looseObject({ param: z.string(), asked: z.string(), got: z.string() })) }),
});

const source = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('history'), historyId: z.string() }),
  z.strictObject({ kind: z.literal('playback'), historyId: z.string().nullable() }),
  z.strictObject({ kind: z.literal('suite-case'), caseId: z.string(), suite: z.string(), expected: z.string(), outcome: z.string() }),
  z.strictObject({ kind: z.literal('check'), expected: z.string(), outcome: z.string() }),
]);

const bundleSchema = z.strictObject({
  kind: z.literal(BUNDLE_KIND),
  version: z.literal(BUNDLE_VERSION),
  createdAt: z.string(),
  workbench: z.strictObject({ version: z.string(), runtime: z.enum(['electron', 'web', 'cli']) }),
  source,
  redaction: z.strictObject({
    authenticator: z.literal('removed'),
    contentKeys: z.enum(['masked', 'included']),
    tokens: z.enum(['stripped', 'included']),
    maskedParams: z.array(z.string()),
  }),
  request: z.strictObject({ environment, drm, method: z.enum(['GET', 'POST']), params: z.array(param) }).nullable(),
  answer: answer.nullable(),
  findings: z.array(explainedShape),
  playback: z.strictObject({ stream: z.strictObject({ kind: z.enum(['url', 'sandbox-sample', 'sandbox-reencrypted']), url: z.string() }), report }).nullable(),
  environmentCheck: z.looseObject({ runtime: z.string(), userAgent: z.string() }).nullable(),
});

export type ParsedBundle = { ok: true; bundle: ReproBundle } | { ok: false; error: Explained };

const refused = (title: string, cause: string, facts: string[] = []): ParsedBundle => ({
  ok: false,
  error: explained({
    source: 'workbench',
    code: 'bundle-invalid',
    title,
    cause,
    facts,
    fix: 'Ask for the bundle again: the .json file as "Export repro bundle" wrote it, or the whole text block from BEGIN to END.',
  }),
});

/** A bundle from its JSON text, or why it is not one. */
export function parseBundleJson(text: string): ParsedBundle {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refused('This is not a repro bundle: the file is not JSON.', `JSON.parse: ${(error as Error).message}`);
  }
  return parseBundleData(data);
}

/** A bundle from parsed JSON, or why it is not one. */
export function parseBundleData(data: unknown): ParsedBundle {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return refused('This is not a repro bundle: it is not a JSON object.', 'A repro bundle is one JSON object with "kind": "drm-workbench/repro-bundle".');
  }
  const head = data as { kind?: unknown; version?: unknown };
  if (head.kind !== BUNDLE_KIND) {
    const what = head.kind === 'drm-workbench/playback-report' ? 'a playback report (Export JSON of the Playback panel), not a repro bundle' : head.kind === undefined && 'entries' in data ? 'a history export, not a repro bundle' : `"kind" is ${JSON.stringify(head.kind ?? null)?.slice(0, 60)}`;
    return refused(`This is not a repro bundle: ${what}.`, `A repro bundle says "kind": "${BUNDLE_KIND}".`);
  }
  if (head.version !== BUNDLE_VERSION) {
    const newer = typeof head.version === 'number' && head.version > BUNDLE_VERSION;
    return refused(
      newer ? `This repro bundle is version ${head.version}, made by a newer DRM Workbench; this one reads version ${BUNDLE_VERSION}.` : `This repro bundle's version ${JSON.stringify(head.version ?? null)} is not one this workbench reads (version ${BUNDLE_VERSION}).`,
      newer ? 'Open it with the workbench version that made it (workbench.version in the file), or a later one.' : 'The "version" field must be the number 1.',
    );
  }
  const parsed = bundleSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.') || '(top level)';
    return refused(`This repro bundle is damaged: "${path}" ${issue.message.replace(/^Invalid input: /, '')}.`, 'A field the workbench reads is missing or has the wrong type; the file was edited or cut short.', [
      ...parsed.error.issues.slice(1, 4).map((i) => `also "${i.path.map(String).join('.')}": ${i.message}`),
    ]);
  }
  return { ok: true, bundle: parsed.data as unknown as ReproBundle };
}
