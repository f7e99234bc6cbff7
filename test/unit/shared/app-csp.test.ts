import { describe, expect, it } from 'vitest';
import { APP_CSP } from '../../../shared/app-csp.ts';

describe("the app's Content-Security-Policy", () => {
  it('allows scripts only from the app and no plugins, framing or base rewrites', () => {
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(APP_CSP).toContain("object-src 'none'");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP).toContain("base-uri 'none'");
  });
});
