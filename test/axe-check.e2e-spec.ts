/**
 * The accessibility check every browser suite relies on still finds
 * violations in the configuration that makes it fast (axe in the page
 * itself, full nodes for violations only), inside and outside `include`.
 */
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchChromium } from './support/browser';
import { expectNoAxeViolations } from './support/pages';

const PAGE = `<!doctype html><html lang="en"><head><title>Axe check</title></head><body><main>
  <h1>Axe check</h1>
  <section id="clean"><p>Readable text.</p><label for="name">Name</label><input id="name"></section>
  <section id="broken"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input id="unlabelled">
    <p style="color:#ccc;background:#fff">Too faint to read</p></section>
</main></body></html>`;

(browserAvailable() ? describe : describe.skip)('the accessibility check (axe)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent(PAGE);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('names each violation on the page: a missing alt, an unlabelled field, faint text', async () => {
    const failure = await expectNoAxeViolations(page).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toContain('image-alt');
    expect(failure).toContain('label');
    expect(failure).toContain('color-contrast');
  });

  it('passes a part without violations and fails the part with them', async () => {
    await expect(expectNoAxeViolations(page, '#clean')).resolves.toBeUndefined();
    await expect(expectNoAxeViolations(page, '#broken')).rejects.toThrow(/image-alt/);
  });
});
