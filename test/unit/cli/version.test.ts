import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../cli/main.ts';
import type { CliIo } from '../../../cli/command.ts';

const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) };
  return { code: await main(argv, io), out, err };
}

describe('drm-workbench --version', () => {
  it.each(['--version', '-V'])('%s prints the version in package.json and exits 0', async (flag) => {
    expect(await run(flag)).toEqual({ code: 0, out: `drm-workbench ${VERSION}\n`, err: '' });
  });

  it('the usage text names --version', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('drm-workbench --version');
  });
});
