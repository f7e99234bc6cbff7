import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from '../support/chromium.ts';
import { openWebApp, type WebApp } from '../support/web-app.ts';

// Keyboard and screen-reader access, checked the way assistive technology sees the app: Chromium's
// own accessibility tree (the names a screen reader would speak), real Tab presses and real
// shortcuts, on `drm-workbench web` with its in-process sandbox.

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] accessibility in the browser: ${missing}`);

const WAIT = { timeout: 30_000 };
/** Roles of things a user operates: each must have a name. */
const CONTROL_ROLES = new Set(['button', 'textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'link', 'spinbutton', 'slider', 'switch', 'tab', 'menuitem']);

interface Control {
  role: string;
  name: string;
  html: string;
}

/** Every operable node in Chromium's accessibility tree, with the name a screen reader would speak. */
async function controls(page: Page): Promise<Control[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }[];
    };
    const out: Control[] = [];
    for (const n of nodes) {
      const role = n.role?.value ?? '';
      if (n.ignored || !CONTROL_ROLES.has(role)) continue;
      let html = '';
      if (n.backendDOMNodeId !== undefined) {
        const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: n.backendDOMNodeId })) as { object: { objectId?: string } };
        if (object.objectId) {
          const r = (await cdp.send('Runtime.callFunctionOn', {
            objectId: object.objectId,
            functionDeclaration: 'function () { return this.outerHTML ? this.outerHTML.slice(0, 160) : String(this.nodeName); }',
            returnByValue: true,
          })) as { result: { value: string } };
          html = r.result.value;
        }
      }
      out.push({ role, name: (n.name?.value ?? '').trim(), html });
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

describe.skipIf(missing !== null)('keyboard and screen-reader access, in Chromium through `drm-workbench web`', () => {
  let app: WebApp;
  let page: Page;
  let tokenRequests = 0;

  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const view = async (name: string) => {
    await button(name).click();
    await page.waitForFunction((n) => document.querySelector('.view-button[aria-current="page"]')?.textContent === n, name, WAIT);
  };
  const requestToken = async () => {
    await button('Request token').click();
    await page.waitForFunction(() => document.querySelector('.response')?.getAttribute('aria-busy') === 'false' && document.querySelector('.response .result') !== null, null, WAIT);
  };

  /** The state's unnamed controls (none expected), and proof the tree was really read. */
  async function expectEveryControlNamed(state: string, mustInclude: string) {
    const all = await controls(page);
    expect(all.some((c) => c.name === mustInclude), `${state}: "${mustInclude}" is in the accessibility tree`).toBe(true);
    expect(all.filter((c) => c.name === ''), `${state}: controls without an accessible name`).toEqual([]);
  }

  beforeAll(async () => {
    app = await openWebApp('a11y', { width: 1280, height: 900 });
    page = app.page;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/token.request') tokenRequests++;
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('Tab walks the header and the builder in reading order, with a visible focus ring on every stop, to "Request token"; Ctrl+Enter sends', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: { name: string; ring: boolean; after: boolean }[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        // Segmented radios are transparent inputs over their labels: the label draws the ring.
        const drawn = el.matches('.segmented input') ? (el.closest('label') as HTMLElement) : el;
        const cs = getComputedStyle(drawn);
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1) || cs.boxShadow !== 'none';
        const w = window as unknown as { lastStop?: Element };
        const after = !w.lastStop || (w.lastStop.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
        w.lastStop = el;
        return { name: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName, ring, after };
      });
      stops.push(stop);
      if (stop.name === 'Request token') break;
    }
    expect(stops.at(-1)?.name, `Tab stops: ${stops.map((s) => s.name).join(' → ')}`).toBe('Request token');
    expect(stops.filter((s) => !s.ring).map((s) => s.name), 'stops without a visible focus ring').toEqual([]);
    expect(stops.filter((s) => !s.after).map((s) => s.name), 'stops that jump back up the page').toEqual([]);

    const before = tokenRequests;
    await page.getByLabel('kid', { exact: true }).focus();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('rights-url').waitFor(WAIT);
    expect(tokenRequests).toBe(before + 1);
    // The answer is announced in a live region, not only drawn.
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Token issued in \d+ ms/ }).count(), WAIT).toBe(1);
  });

  it('every control has an accessible name: the request view before and after a token, an explained error and a confirmed playback', async () => {
    await expectEveryControlNamed('request view', 'Request token');

    await page.getByLabel('cookie', { exact: true }).fill('sandbox-fault:-2019');
    await requestToken();
    await page.getByRole('region', { name: 'Explanation of -2019' }).waitFor(WAIT);
    await page.getByText(/^Raw body/).click();
    await expectEveryControlNamed('an explained error', 'Copy explanation');
    await page.getByLabel('cookie', { exact: true }).fill('');

    await requestToken();
    const panel = page.locator('.wb-player');
    await panel.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.wb-player__verdict')?.getAttribute('data-state') === 'confirmed', null, WAIT);
    await panel.getByText('License options').click();
    await expectEveryControlNamed('a confirmed playback with its options open', 'Give up after (seconds)');
    // The drawn timeline has a text alternative: a name that points at the table with the same events.
    expect(await panel.getByRole('img', { name: /Playback timeline.*table below/ }).count()).toBe(1);
    expect(await panel.getByRole('table', { name: /Timeline/ }).count()).toBe(1);
    await panel.getByRole('button', { name: 'Stop' }).click();
  });

  it('every control has an accessible name in History (an entry open, two compared), Support tools and Settings', async () => {
    await view('History');
    await page.getByRole('checkbox', { name: /Select the request of/ }).first().waitFor(WAIT);
    await page.getByRole('button', { name: /Open the request of/ }).first().click();
    // The opened entry takes the focus, so keyboard users land on it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('history-detail-title');
    await expectEveryControlNamed('History with an entry open', 'Load into builder');
    const boxes = page.getByRole('checkbox', { name: /Select the request of/ });
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Compare selected (2/2)' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('compare-title');
    await expectEveryControlNamed('History with two requests compared', 'Copy comparison');

    await view('Support tools');
    await page.getByLabel('Error body or code').fill('-4021');
    await button('Explain').click();
    await page.getByRole('region', { name: 'Explanation of -4021' }).waitFor(WAIT);
    await expectEveryControlNamed('Support tools', 'Load into builder');

    await view('Settings');
    await expectEveryControlNamed('Settings', 'Save Production authenticator');
    await view('Request');
  });

  it('the Production confirmation is a modal dialog: focus moves in, Tab stays inside, Escape closes it and focus comes back', async () => {
    const production = page.getByRole('radio', { name: 'Production' });
    await production.check();
    await production.focus();
    const before = tokenRequests;
    await page.keyboard.press('Control+Enter');
    const dialog = page.getByRole('dialog', { name: 'Send to Production?' });
    await dialog.waitFor(WAIT);
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `focus after ${key}`).toBe(true);
    }
    await expectEveryControlNamed('the Production confirmation', 'Send to Production');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...WAIT });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('production');
    expect(tokenRequests).toBe(before);
    await page.getByRole('radio', { name: 'Sandbox' }).check();
  });
});
