import { describe, expect, it } from 'vitest';
import { makeScrub, scrubDeep } from '../../../../electron/vault/scrub.ts';
import { int, rng } from '../../../support/seeded.ts';

const SECRET = '201722,1ad8c0ffee5e1f7a9b3c2d4e6f0128ae';
const HEX = SECRET.split(',')[1]!;

describe('scrubbing authenticators out of text that leaves the privileged side', () => {
  const scrub = makeScrub([SECRET]);

  it('masks the authenticator raw, percent-encoded, upper-cased, and its key alone', () => {
    expect(scrub(`a ${SECRET} b`)).toBe('a 201722,…28ae b');
    expect(scrub('customerAuthenticator=201722%2C1ad8c0ffee5e1f7a9b3c2d4e6f0128ae&kid=1')).toBe('customerAuthenticator=201722,…28ae&kid=1');
    expect(scrub(`key ${HEX.toUpperCase()} echoed`)).toBe('key …28ae echoed');
    expect(scrub(`<td>${HEX}</td>`)).not.toContain(HEX);
  });

  it('masks a customerAuthenticator value it was never told about, in query and JSON form', () => {
    const unknown = makeScrub([]);
    expect(unknown('https://x/token?customerAuthenticator=5555%2Cabcdefabcdefabcdefabcdefabcdef12&kid=1')).toBe(
      'https://x/token?customerAuthenticator=5555,…ef12&kid=1',
    );
    expect(unknown('{"customerAuthenticator": "5555,abcdefabcdefabcdefabcdefabcdef12"}')).toBe('{"customerAuthenticator": "5555,…ef12"}');
  });

  it('masks an authenticator-shaped value it was never told about, wherever it was pasted', () => {
    const unknown = makeScrub([]);
    expect(unknown('cookie=777777,00112233445566778899aabbccddeeff&kid=1')).toBe('cookie=777777,…eeff&kid=1');
    expect(unknown('cookie=777777%2C00112233445566778899AABBCCDDEEFF')).toBe('cookie=777777,…EEFF');
    expect(unknown('contentKey=00112233445566778899aabbccddeeff, kid 1,2')).toBe('contentKey=00112233445566778899aabbccddeeff, kid 1,2');
  });

  it('leaves an already masked value and ordinary text alone', () => {
    expect(scrub('customerAuthenticator=201722,…28ae&kid=abc')).toBe('customerAuthenticator=201722,…28ae&kid=abc');
    expect(scrub('kid=0123456789abcdef0123456789abcdef')).toBe('kid=0123456789abcdef0123456789abcdef');
  });

  it('a text found clean under one set of secrets is still masked under a set that holds its secret (and twice alike)', () => {
    const text = `echo ${HEX} from the server`;
    // Clean for a scrub that knows another secret only: remembered as clean for that set alone.
    expect(makeScrub(['999999,73616e64626f782d64656661756c7421'])(text)).toBe(text);
    expect(makeScrub(['999999,73616e64626f782d64656661756c7421'])(text)).toBe(text);
    expect(scrub(text)).toBe('echo …28ae from the server');
    expect(scrub(text)).toBe('echo …28ae from the server');
    expect(makeScrub(['999999,73616e64626f782d64656661756c7421', SECRET])(text)).toBe('echo …28ae from the server');
  });

  it('walks nested data, keys included', () => {
    const out = scrubDeep({ headers: { [`x-${HEX}`]: SECRET }, list: [SECRET, 3, null] }, scrub);
    expect(JSON.stringify(out)).not.toContain(HEX);
    expect(out.list[1]).toBe(3);
  });

  it('masks a customerAuthenticator value cut short by a quote, known or not, without a tail', () => {
    const unknown = makeScrub([]);
    expect(unknown('customerAuthenticator=777777,00112233445566778899aabbcc…&kid=1')).toBe('customerAuthenticator=777777,…&kid=1');
    expect(unknown('{"customerAuthenticator": "00112233445566778899aabbccdd…"}')).toBe('{"customerAuthenticator": "…"}');
    expect(scrub(`customerAuthenticator=${SECRET.slice(0, 30)}…`)).toBe('customerAuthenticator=201722,…');
  });

  it('no 12-digit piece of a known key survives in nested data, whatever the piece and its case (seeded)', () => {
    const next = rng(11);
    const failures: string[] = [];
    for (let round = 0; round < 300; round++) {
      const length = 12 + int(next, 21);
      const offset = int(next, 33 - length);
      const piece = HEX.slice(offset, offset + length);
      const shown = next() < 0.5 ? piece.toUpperCase() : piece;
      const data = {
        findings: [{ param: 'cookie', message: `cookie "${shown}…" is longer than 32 characters` }],
        sent: { url: `https://x/token?cookie=${encodeURIComponent(`201722,${shown}`)}&kid=${shown}`, body: `kid=${shown}zz` },
        headers: { [`x-${shown}`]: `${shown}` },
      };
      const out = JSON.stringify(scrubDeep(data, scrub)).toLowerCase();
      for (let i = 0; i + 12 <= HEX.length; i++) if (out.includes(HEX.slice(i, i + 12))) failures.push(`${length}@${offset}: ${out}`);
    }
    expect(failures).toEqual([]);
  });

  it('scrubbing a JSON text (an export inside an answer) keeps it valid JSON, with no piece left', () => {
    const next = rng(12);
    const pastes = [SECRET, HEX.toUpperCase(), `customerAuthenticator=${SECRET}`, `"customerAuthenticator": "${SECRET}"`, `${HEX.slice(0, 20)}…`, `\\${SECRET}\\`, `customerAuthenticator=777777,${'ab'.repeat(16)}\\`];
    for (let round = 0; round < 200; round++) {
      const paste = pastes[int(next, pastes.length)]!;
      const inner = JSON.stringify({ params: [['cookie', paste]], raw: `<p>${paste}</p>`, sent: `customerAuthenticator=${encodeURIComponent(paste)}` });
      const text = JSON.stringify({ json: inner, nested: JSON.stringify({ json: inner }) }, null, round % 2 === 0 ? 2 : undefined);
      const out = scrub(text);
      expect(() => JSON.parse(out), out).not.toThrow();
      expect(() => JSON.parse((JSON.parse(out) as { json: string }).json), out).not.toThrow();
      for (let i = 0; i + 12 <= HEX.length; i++) expect(out.toLowerCase()).not.toContain(HEX.slice(i, i + 12));
    }
  });
});
