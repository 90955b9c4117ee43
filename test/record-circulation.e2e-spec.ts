import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DatabaseHandle } from '../server/src/platform/database/embedded-postgres';
import { eventually } from '../server/test/support/eventually';
import { oneDatabaseKind, startTestDatabase } from '../server/test/support/test-database';
import { TestApp } from '../server/test/support/test-app';
import { browserAvailable, launchChromium } from './support/browser';
import { cspViolations, recordCspViolations } from './support/csp';
import { expectNoAxeViolations, signIn } from './support/pages';

const CLIENT_INDEX = path.join(__dirname, '..', 'client', 'dist', 'index.html');
const describeBrowser = browserAvailable() ? describe : describe.skip;
const PHONE = { width: 390, height: 844 };
const GP_EMAIL = 'gita.gp@example.nhs.uk';

/**
 * Circulating the record (docs/CIRCULATION.md) in headless Chromium under the
 * strict CSP: the chair of a concluded discussion adds the GP (not a member),
 * checks and sends; the GP, on a phone, opens the emailed link, asks for a
 * code, is told a wrong code did not work, downloads the PDF with the right
 * one, and the link is refused afterwards. Every page is axe-clean and the
 * phone pages fit 390 pixels.
 */
describeBrowser('circulating the record in headless Chromium', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CLIENT_INDEX)) throw new Error('client/dist is missing: run `npm run build` (npm test does) first');
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.stop();
  });

  async function newPage(viewport?: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({
      acceptDownloads: true,
      ...(viewport ? { viewport, isMobile: true, hasTouch: true } : {}),
    });
    await recordCspViolations(context);
    return context.newPage();
  }

  const fitsWidth = (page: Page) =>
    page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth <= window.innerWidth);
  const newestMail = async (subject: string): Promise<string> => {
    const rows = (await app.dataSource.query(
      `SELECT body_text FROM mail_outbox WHERE to_address = $1 AND subject LIKE $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [GP_EMAIL, `${subject}%`],
    )) as { body_text: string }[];
    return rows[0]!.body_text;
  };

  it('the chair sends the record to the GP, who downloads it on a phone with the emailed code, once', async () => {
    const chair = await app.createUser({ displayName: 'Sam Chair' });
    const { meeting, chairCookie } = await app.createMeeting(chair, [], { reference: 'SD-CIRC-1' });
    expect((await app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie })).status).toBe(200);
    expect(
      (await app.request('POST', `/api/meetings/${meeting.id}/conclude`, { cookie: chairCookie, body: {} })).status,
    ).toBe(200);
    await eventually(async () => {
      const listed = await app.request('GET', `/api/meetings/${meeting.id}/records`, { cookie: chairCookie });
      expect(listed.body.versions).toHaveLength(1);
    });

    // The chair adds the GP, checks and sends.
    const chairPage = await newPage();
    await signIn(chairPage, app.url, chair);
    await chairPage.goto(`${app.url}/meetings/${meeting.id}`);
    const panel = chairPage.locator('#circulation');
    await panel.getByTestId('not-circulated').waitFor();
    const add = panel.getByTestId('add-non-member-form');
    await add.getByRole('button', { name: 'Add this person' }).click();
    await add.locator('.govuk-error-summary').getByText('Enter their name').waitFor();
    await add.getByLabel('Name').fill('Dr Gita Practitioner');
    await add.getByLabel('Email address').fill(GP_EMAIL);
    await add.getByLabel('Organisation or role').fill('GP, Riverside Surgery');
    await add.getByRole('button', { name: 'Add this person' }).click();
    await panel
      .getByTestId('non-member-recipients')
      .getByText(/Dr Gita Practitioner/)
      .waitFor();
    await panel.getByRole('button', { name: 'Continue' }).click();
    const check = panel.getByTestId('circulation-check');
    await check.getByText('Check before you send version 1').waitFor();
    await expectNoAxeViolations(chairPage);
    await check.getByRole('button', { name: 'Send the record' }).click();
    await chairPage.getByText('Version 1 of the record was sent to 1 person').waitFor();
    const row = panel.locator('#circulation-recipients tr[data-downloaded="false"]');
    await row.getByText(/not yet downloaded/).waitFor();
    await expectNoAxeViolations(chairPage);

    // The GP opens the link from the email on a phone.
    const token = /#([A-Za-z0-9_-]{43})\s*$/m.exec(await newestMail('The record of'))![1]!;
    const phone = await newPage(PHONE);
    await phone.goto(`${app.url}/record-link#${token}`);
    await phone.getByRole('heading', { level: 1, name: /Download the record/ }).waitFor();
    await phone.getByText('g•••@example.nhs.uk').first().waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);
    await phone.getByRole('button', { name: 'Email me a code' }).click();
    await phone.getByTestId('record-link-code-sent').waitFor();
    const code = /^(\d{6})$/m.exec(await newestMail('Your code'))![1]!;

    await phone.getByLabel('Code').fill(code === '000000' ? '000001' : '000000');
    await phone.getByRole('button', { name: 'Download the record (PDF)' }).click();
    await phone
      .locator('.govuk-error-summary')
      .getByText(/That code did not work/)
      .waitFor();
    await expectNoAxeViolations(phone);

    await phone.getByLabel('Code').fill(code);
    const [download] = await Promise.all([
      phone.waitForEvent('download'),
      phone.getByRole('button', { name: 'Download the record (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('SD-CIRC-1-v1-shared.pdf');
    expect((await readFile((await download.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
    await phone.getByTestId('record-link-downloaded').waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);

    // Used: the link is refused, in words.
    await phone.reload();
    await phone.getByRole('heading', { level: 1, name: 'This link cannot be used' }).waitFor();
    await phone.getByText(/already been used/).waitFor();
    await expectNoAxeViolations(phone);

    // The chair sees the download.
    await chairPage.reload();
    await chairPage
      .locator('#circulation-recipients tr[data-downloaded="true"]')
      .getByText(/Downloaded on/)
      .waitFor();
    expect(await cspViolations(chairPage)).toEqual([]);
    expect(await cspViolations(phone)).toEqual([]);
  });
});
