// The web host writes request paths into its log (a refused call) and echoes paths, channel names,
// Host and Origin values in its answers (a missing file, an unknown call, a refusal). A user who
// pasted a known authenticator into a URL — whole, percent-encoded, upper-cased, or a long piece of
// its key cut short — finds no 12 consecutive digits of the key in either.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../../support/core.ts';
import { exchange, httpRequest, startRealWebHost, type RunningWebHost } from '../../../support/web-host-core.ts';

const KEY = randomBytes(16).toString('hex');
const SECRET = `424242,${KEY}`;

/** Every 12-digit window of the key found, in any case, in `text`. */
function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i + 12 <= KEY.length; i++) if (lower.includes(KEY.slice(i, i + 12))) found.push(KEY.slice(i, i + 12));
  return found;
}

/** The secret as it may turn up in a path: whole, encoded, upper case, pieces of 12 to 31 digits, cut by '…'. */
const PATH_FORMS = [
  SECRET,
  encodeURIComponent(SECRET),
  SECRET.toUpperCase(),
  `customerAuthenticator=${encodeURIComponent(SECRET)}`,
  KEY.slice(0, 12),
  KEY.slice(1, 28),
  KEY.slice(5).toUpperCase(),
  `${KEY.slice(0, 31)}${encodeURIComponent('…')}`,
  `x${'y'.repeat(85)}${KEY}`, // the secret straddles the 100 characters a refused line shows
];

let running: RunningWebHost;

/** The raw answer as text (exchange reads bytes as latin1; the messages are UTF-8). */
const utf8 = (raw: string): string => Buffer.from(raw, 'latin1').toString('utf8');

beforeAll(async () => {
  running = await startRealWebHost('log-scrub');
  ok(await running.core.dispatch('vault.set', { environment: 'test', authenticator: SECRET, sessionOnly: true }));
});
afterAll(() => running?.close());

describe("the web host's log lines and answers with a known authenticator in the request", () => {
  it('a refused call (no launch token) logs its path, scrubbed', async () => {
    const answers: string[] = [];
    for (const form of PATH_FORMS) {
      const answer = await exchange(running.port, httpRequest('POST', `/api/${form}`, { Host: running.host, 'Content-Type': 'application/json' }, '{}'));
      expect(answer.status, form).toBe(403);
      answers.push(utf8(answer.text));
    }
    const refused = running.tap.lines.filter((l) => l.startsWith('refused POST /api/'));
    expect(refused.length).toBe(PATH_FORMS.length);
    // The path is still there for the reader, its secret masked.
    expect(refused.some((l) => l.includes('/api/424242,…'))).toBe(true);
    expect([...refused, ...answers].flatMap((t) => leaks(t).map((w) => `${w} in ${t}`))).toEqual([]);
  });

  it('a refused Host or Origin quoting the secret is answered and logged scrubbed', async () => {
    const answers: string[] = [];
    for (const form of [SECRET, KEY.slice(2, 30)]) {
      answers.push(utf8((await exchange(running.port, httpRequest('GET', '/', { Host: `${form}.example:${running.port}` }))).text));
      answers.push(utf8((await exchange(running.port, httpRequest('GET', '/', { Host: running.host, Origin: `https://${form}.example` }))).text));
    }
    expect(answers.every((a) => a.startsWith('HTTP/1.1 403'))).toBe(true);
    expect(answers.some((a) => a.includes('424242,…'))).toBe(true);
    expect([...running.tap.lines, ...answers].flatMap((t) => leaks(t).map((w) => `${w} in ${t}`))).toEqual([]);
  });

  it('a missing file and an unknown call echo their names, scrubbed', async () => {
    const answers: string[] = [];
    for (const form of PATH_FORMS) {
      const missing = await exchange(running.port, httpRequest('GET', `/assets/${form}.js`, { Host: running.host }));
      expect(missing.status, form).toBe(404);
      const unknown = await exchange(
        running.port,
        httpRequest('POST', `/api/${form}`, { Host: running.host, 'X-Workbench-Token': running.web.token, 'Content-Type': 'application/json' }, '{}'),
      );
      expect(unknown.status, form).toBe(404);
      answers.push(utf8(missing.text), utf8(unknown.text));
    }
    expect(answers.some((a) => a.includes('No such file: /assets/424242,…'))).toBe(true);
    expect([...running.tap.lines, ...answers].flatMap((t) => leaks(t).map((w) => `${w} in ${t}`))).toEqual([]);
  });

  it('a decoded path cannot forge a log line: control characters show as ?', async () => {
    const before = running.tap.lines.length;
    await exchange(running.port, httpRequest('POST', '/api/x%0Arefused%20GET%20/forged%0D%0A', { Host: running.host, 'Content-Type': 'application/json' }, '{}'));
    const lines = running.tap.lines.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^refused POST \/api\/x\?refused GET \/forged\?\?: /);
    expect(lines[0]).not.toMatch(/[\r\n]/);
  });
});
