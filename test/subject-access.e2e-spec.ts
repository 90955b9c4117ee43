import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DatabaseHandle } from '../server/src/platform/database/embedded-postgres';
import { startTestDatabase } from '../server/test/support/test-database';
import { TestApp } from '../server/test/support/test-app';
import { browserAvailable, launchChromium } from './support/browser';
import { cspViolations, recordCspViolations } from './support/csp';
import { expectNoAxeViolations, signIn } from './support/pages';

const CLIENT_INDEX = path.join(__dirname, '..', 'client', 'dist', 'index.html');
const describeBrowser = browserAvailable() ? describe : describe.skip;
const PHONE = { width: 390, height: 844 };
const WITHHELD = 'the child named an adult in the household';

/**
 * Subject access on a phone (docs/SUBJECT-ACCESS.md), in headless Chromium
 * under the strict CSP: an administrator opens a request about a child (a
 * form sent empty is explained), withholds a passage; a second administrator
 * signs the redaction off and downloads the JSON bundle, which lacks the
 * passage. Every state is axe-clean and fits 390 pixels.
 */
describeBrowser('subject access pages in headless Chromium', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CLIENT_INDEX)) throw new Error('client/dist is missing: run `npm run build` (npm test does) first');
    database = await startTestDatabase('embedded');
    app = await TestApp.start(database);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.stop();
  });

  const fitsWidth = (page: Page) =>
    page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth <= window.innerWidth);

  async function adminPage(name: string) {
    const admin = await app.createUser({ displayName: name, isAdmin: true, agency: 'other', canChair: false });
    const context = await browser.newContext({
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      acceptDownloads: true,
    });
    await recordCspViolations(context);
    const page = await context.newPage();
    await signIn(page, app.url, admin);
    return page;
  }

  it('one administrator opens and redacts, another signs off and downloads the bundle without the passage', async () => {
    const chair = await app.createUser({ displayName: 'Sam Chair' });
    const { meeting } = await app.createMeeting(chair);
    const childId = meeting.children[0]!.childId;

    const ada = await adminPage('Ada Opener');
    await ada.goto(`${app.url}/admin/subject-access`);
    await ada.getByRole('heading', { level: 1, name: 'Subject access requests' }).waitFor();
    await ada.getByText('There are no subject access requests yet.').waitFor();
    await expectNoAxeViolations(ada);
    expect(await fitsWidth(ada)).toBe(true);

    const form = ada.getByTestId('open-subject-access-form');
    await form.getByRole('button', { name: 'Open request' }).click();
    await form.locator('.govuk-error-summary').getByText('Enter the request’s reference').waitFor();
    await expectNoAxeViolations(ada);

    await form.getByLabel('Your reference for the request').fill('SAR-2026-010');
    await form.getByLabel(/A child/).check();
    await form.getByLabel('Their record’s id').fill(childId);
    await form.getByRole('button', { name: 'Open request' }).click();
    await ada.getByRole('link', { name: 'Review it' }).click();
    await ada.getByRole('heading', { level: 1, name: 'Ruby Testcase' }).waitFor();
    await expectNoAxeViolations(ada);
    expect(await fitsWidth(ada)).toBe(true);

    const card = ada.getByTestId('subject-item').filter({ hasText: WITHHELD });
    await card.getByText('Withhold this item or a passage').click();
    await card.getByLabel('Passage to withhold').fill(WITHHELD);
    await card.getByLabel('Exemption').selectOption('third-party');
    await card.getByLabel('Why it is withheld').fill('Identifies another adult');
    await card.getByRole('button', { name: 'Withhold' }).click();
    await ada.getByText(/The passage is withheld/).waitFor();
    await card.locator('li').getByText('Identifies another adult', { exact: false }).waitFor();
    expect(await card.getByLabel('Why it is withheld').inputValue()).toBe('');
    expect(await ada.getByRole('button', { name: 'Sign off the redactions' }).count()).toBe(0);
    await expectNoAxeViolations(ada);
    expect(await cspViolations(ada)).toEqual([]);

    const rex = await adminPage('Rex Reviewer');
    await rex.goto(`${app.url}/admin/subject-access`);
    await rex.getByRole('link', { name: 'SAR-2026-010' }).click();
    await rex.getByRole('button', { name: 'Sign off the redactions' }).click();
    await rex.getByText('The redactions are signed off.').waitFor();
    await expectNoAxeViolations(rex);
    expect(await fitsWidth(rex)).toBe(true);
    const [download] = await Promise.all([
      rex.waitForEvent('download'),
      rex.getByRole('button', { name: 'Download the bundle (JSON)' }).click(),
    ]);
    const json = await readFile((await download.path())!, 'utf8');
    expect(json).toContain('Ruby Testcase');
    expect(json).toContain('[Redacted: Information about another person');
    expect(json).not.toContain(WITHHELD);
    expect(json).not.toContain('Identifies another adult');
    expect(await cspViolations(rex)).toEqual([]);
  }, 180_000);
});
