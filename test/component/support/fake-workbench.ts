// A Workbench double for component tests: every method a vi.fn with a sensible answer, overridable.
import { vi } from 'vitest';
import type {
  HistoryEntry,
  HistorySummary,
  RequestOf,
  SandboxInfo,
  Settings,
  TokenResult,
  VaultStatus,
  Workbench,
} from '../../../shared/ipc/contract.ts';
import type { Explained } from '../../../shared/explained.ts';

export const SAMPLE = {
  manifestUrl: 'http://127.0.0.1:9999/sample/manifest.mpd',
  kid: '0123456789abcdef0123456789abcdef',
  contentKey: 'fedcba9876543210fedcba9876543210',
};

export const SANDBOX: SandboxInfo = { running: true, baseUrl: 'http://127.0.0.1:9999', sample: SAMPLE };

export const SETTINGS: Settings = {
  prodDomain: 'service.expressplay.com',
  defaultMethod: 'POST',
  timeoutMs: 15_000,
  revealContentKeysInHistory: false,
};

export const VAULT: VaultStatus = {
  slots: {
    test: { set: true, hint: '201722,…28ae', persisted: true },
    production: { set: false, hint: null, persisted: false },
  },
  storage: { available: true, backend: 'gnome_libsecret', reason: null, fix: null },
};

type Req = RequestOf<'token.request'>;

const RIGHTS = 'http://127.0.0.1:9999/hms/wv/rights/?ExpressPlayToken=AbCdEf0123456789_-AbCdEf0123456789';

/** What the privileged side answers to a request: a success with a rights URL, unless overridden. */
export function tokenResult(req: Req, over: Partial<TokenResult> = {}): TokenResult {
  return {
    requestId: req.requestId,
    historyId: `h-${req.requestId}`,
    environment: req.environment,
    drm: req.drm,
    sent: { method: req.method ?? 'POST', url: 'http://127.0.0.1:9999/hms/wv/token', body: 'customerAuthenticator=201722%2C…28ae' },
    findings: [],
    startedAt: '2026-01-02T03:04:05.000Z',
    durationMs: 42,
    status: 200,
    headers: { 'content-type': 'text/uri-list' },
    decoded: {
      ok: true,
      status: 200,
      contentType: 'text/uri-list',
      rights: {
        rightsUrl: RIGHTS,
        host: '127.0.0.1:9999',
        environment: 'sandbox',
        drm: 'widevine',
        token: 'AbCdEf0123456789_-AbCdEf0123456789',
        tokenLength: 34,
        tokenShape: 'base64url',
      },
      raw: `${RIGHTS}\n`,
    },
    explanation: null,
    networkError: null,
    ...over,
  };
}

export function errorResult(req: Req, status: number, code: number, entry: Explained | null, raw: string): TokenResult {
  return tokenResult(req, {
    status,
    headers: { 'content-type': 'application/json' },
    decoded: { ok: false, status, contentType: 'application/json', code, message: 'refused', format: 'json', raw },
    explanation: entry,
  });
}

export function summary(id: string, over: Partial<HistorySummary> = {}): HistorySummary {
  return {
    id,
    at: '2026-01-02T03:04:05.000Z',
    environment: 'sandbox',
    drm: 'widevine',
    method: 'POST',
    status: 200,
    code: null,
    ok: true,
    durationMs: 40,
    summary: 'token issued',
    kids: [SAMPLE.kid],
    cookie: null,
    playback: null,
    ...over,
  };
}

export function historyEntry(id: string, params: [string, string][], over: Partial<HistorySummary> = {}): HistoryEntry {
  const s = summary(id, over);
  const req: Req = { requestId: id, environment: s.environment, drm: s.drm, params, method: s.method };
  return { ...s, params, result: tokenResult(req, { status: s.status }) };
}

export type FakeWorkbench = { [K in keyof Workbench]: ReturnType<typeof vi.fn<Workbench[K]>> };

export function fakeWorkbench(over: Partial<Workbench> = {}): FakeWorkbench {
  const wb: Workbench = {
    requestToken: async (req) => tokenResult(req),
    cancelToken: async () => ({ cancelled: true }),
    vaultStatus: async () => VAULT,
    setAuthenticator: async (req) => ({
      ...VAULT,
      slots: { ...VAULT.slots, [req.environment]: { set: true, hint: '999999,…beef', persisted: !req.sessionOnly } },
    }),
    clearAuthenticator: async (req) => ({
      ...VAULT,
      slots: { ...VAULT.slots, [req.environment]: { set: false, hint: null, persisted: false } },
    }),
    listHistory: async () => ({ entries: [], problems: [] }),
    getHistory: async (req) => historyEntry(req.id, [['kid', SAMPLE.kid]]),
    deleteHistory: async (req) => ({ deleted: req.ids.length }),
    exportHistory: async () => ({ filename: 'history.json', json: '[]' }),
    openReproBundle: async () => ({ ok: false, error: { code: 'bundle-paste', source: 'workbench', severity: 'error', title: 'No repro bundle in this text.', cause: '', faults: [], fix: null, facts: [], data: {} } }),
    exportReproBundle: async () => ({
      filename: 'repro.json',
      json: '{}',
      text: '',
      redaction: { authenticator: 'removed', contentKeys: 'masked', tokens: 'stripped', maskedParams: [] },
    }),
    recordPlayback: async (req) => summary(req.id, { playback: { state: req.state, summary: req.summary, at: '2026-01-02T03:04:06.000Z' } }),
    sandboxInfo: async () => SANDBOX,
    getSettings: async () => SETTINGS,
    setSettings: async (req) => ({ ...SETTINGS, ...req }),
    fetchLicense: async () => ({ status: 200, headers: {}, body: '', durationMs: 1 }),
    cancelLicense: async () => ({ cancelled: true }),
    appInfo: async () => ({ runtime: 'web', version: '0.1.0', widevineComponent: null }),
    // The component tests' suites are read as the privileged side reads them (no zod in the renderer).
    parseSuite: async (req) => (await import('../../../shared/suites/parse.ts')).parseSuite(req.text, req.file),
    queryRecords: async (req) => ({
      requestId: req.requestId,
      environment: req.environment,
      query: req.query,
      sent: { method: 'GET', url: 'http://127.0.0.1:9999/cmiapi/getrecord/?customerAuthenticator=999999,…beef' },
      startedAt: '2026-01-02T03:04:05.000Z',
      durationMs: 3,
      status: 200,
      events: [],
      envelope: [],
      explanation: null,
      networkError: null,
      rawExcerpt: '',
    }),
    cancelRecords: async () => ({ cancelled: true }),
    ...over,
  };
  const out = {} as Record<string, unknown>;
  for (const [k, f] of Object.entries(wb)) out[k] = vi.fn(f as (...a: unknown[]) => unknown);
  return out as FakeWorkbench;
}
