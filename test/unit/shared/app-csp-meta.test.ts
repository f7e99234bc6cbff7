import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP, APP_CSP_META } from '../../../shared/app-csp.ts';
import { appCspMeta, CSP_PLACEHOLDER } from '../../../renderer/vite.config.ts';

const indexHtml = readFileSync(join(import.meta.dirname, '..', '..', '..', 'renderer', 'index.html'), 'utf8');
type Transform = (html: string, ctx: { server?: unknown }) => string;
const transform = appCspMeta().transformIndexHtml as unknown as Transform;

describe("the app's CSP has one home (shared/app-csp.ts)", () => {
  it('the built index.html carries it as a meta tag, before any script, with nothing left to fill in', () => {
    const built = transform(indexHtml, {});
    expect(built).toContain(`<meta http-equiv="Content-Security-Policy" content="${APP_CSP_META}" />`);
    expect(built).not.toContain(CSP_PLACEHOLDER);
    expect(built.indexOf('Content-Security-Policy')).toBeLessThan(built.indexOf('<script'));
  });

  it('the meta form is the header policy without frame-ancestors, which a meta tag cannot carry', () => {
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP_META).not.toContain('frame-ancestors');
    expect(APP_CSP_META.split('; ')).toEqual(APP_CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')));
  });

  it("the dev server's page has no meta tag (React refresh's inline script would be refused)", () => {
    const dev = transform(indexHtml, { server: {} });
    expect(dev).not.toContain('Content-Security-Policy');
    expect(dev).toContain('<script type="module" src="./src/main.tsx">');
  });
});
