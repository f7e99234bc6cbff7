// History entries written before every explanation was an Explained: findings as
// {param, code, severity, message}, the answer's explanation as a catalog entry, a network failure
// as {kind, detail, title, explanation, fix}. They are read into today's shape when loaded, so the
// views never meet the old ones; what the old entry did not record is not invented.
import { explained, isExplained, type Explained } from '../../shared/explained.ts';
import { explainAnswer, explainAnyCode } from '../../shared/expressplay/answer.ts';
import { explainHttpStatus } from '../../shared/expressplay/catalog.ts';
import type { Finding } from '../../shared/expressplay/types.ts';
import { toFinding } from '../../shared/expressplay/validate.ts';
import type { TokenResult } from '../../shared/ipc/contract.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

const EARLIER = 'Recorded by an earlier version of the workbench, which kept the finding without its cause.';

function upgradeFinding(f: unknown): Finding | null {
  if (isExplained(f)) return f;
  if (!isRecord(f) || typeof f['message'] !== 'string') return null;
  const severity = f['severity'] === 'error' ? 'error' : 'warning';
  const title = f['message'];
  const param = text(f['param']);
  return typeof f['code'] === 'number' ? toFinding(param, { severity, code: f['code'], title }) : toFinding(param, { severity, code: null, title, cause: EARLIER });
}

function upgradeExplanation(e: unknown, result: TokenResult): Explained | null {
  if (e === null || e === undefined) return null;
  if (isExplained(e)) return e;
  // The stored answer says it best: explain it again, as the service's answer is explained today.
  const decoded: unknown = result.decoded;
  if (isRecord(decoded) && typeof decoded['status'] === 'number' && typeof decoded['ok'] === 'boolean') return explainAnswer(result.decoded!, { location: result.headers?.['location'] ?? null });
  if (!isRecord(e) || typeof e['code'] !== 'number') return null;
  return e['code'] < 0 ? explainAnyCode(e['code']) : explainHttpStatus(e['code']);
}

function upgradeNetworkError(n: unknown): Explained | null {
  if (n === null || n === undefined) return null;
  if (isExplained(n)) return n;
  if (!isRecord(n)) return null;
  const kind = text(n['kind']) || 'other';
  const detail = text(n['detail']);
  return explained({
    code: kind,
    source: 'network',
    severity: kind === 'cancelled' ? 'info' : 'error',
    title: text(n['title']) || 'No answer',
    cause: text(n['explanation']) || 'The request got no HTTP answer.',
    fix: text(n['fix']) || null,
    facts: detail ? [`Detail: ${detail}`] : [],
    data: { kind, detail },
  });
}

/** A stored result in today's shape; an entry already in it comes back unchanged. */
export function upgradeResult(result: TokenResult): TokenResult {
  const raw = result as unknown as Record<string, unknown>;
  const findings = Array.isArray(raw['findings']) ? raw['findings'].map(upgradeFinding).filter((f): f is Finding => f !== null) : [];
  return {
    ...result,
    findings,
    explanation: upgradeExplanation(raw['explanation'], result),
    networkError: upgradeNetworkError(raw['networkError']),
  };
}
