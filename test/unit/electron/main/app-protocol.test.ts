import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, appResponse } from '../../../../electron/main/app-protocol.ts';

const base = mkdtempSync(join(tmpdir(), 'wb-app-protocol-'));
const dir = join(base, 'renderer');
mkdirSync(join(dir, 'assets'), { recursive: true });
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>DRM Workbench</title>');
writeFileSync(join(dir, 'assets', 'index-abc.js'), 'export {};');
writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
symlinkSync(join(base, 'secret.txt'), join(dir, 'assets', 'link.txt'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the desktop app serves its built renderer on app://workbench/', () => {
  it('serves index.html with the app CSP as a header, nosniff and no caching', async () => {
    const res = await appResponse('GET', 'app://workbench/index.html', dir);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>DRM Workbench</title>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the bundle as JavaScript (module scripts need the right type)', async () => {
    const res = await appResponse('GET', 'app://workbench/assets/index-abc.js?v=1#x', dir);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('reaches nothing outside the renderer directory, however the path is spelled', async () => {
    for (const path of ['/../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00index.html', '/..%5csecret.txt', '/assets/link.txt']) {
      const res = await appResponse('GET', `app://workbench${path}`, dir);
      expect(res.status, path).toBeGreaterThanOrEqual(403);
      expect(await res.text(), path).not.toContain('TOP-SECRET');
    }
  });

  it('answers only its own host, only reads, and a missing file is a 404', async () => {
    expect((await appResponse('GET', 'app://other/index.html', dir)).status).toBe(404);
    expect((await appResponse('POST', 'app://workbench/index.html', dir)).status).toBe(405);
    expect((await appResponse('GET', 'app://workbench/nope.js', dir)).status).toBe(404);
    const head = await appResponse('HEAD', 'app://workbench/', dir);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('is a secure, standard scheme that never bypasses the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
  });
});
