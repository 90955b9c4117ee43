import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DatabaseHandle } from '../server/src/platform/database/embedded-postgres';
import { oneDatabaseKind, startTestDatabase } from '../server/test/support/test-database';
import { TestApp } from '../server/test/support/test-app';
import { browserAvailable, launchChromium } from './support/browser';
import { cspViolations, recordCspViolations } from './support/csp';
import { expectNoAxeViolations, showRoomTab, signIn } from './support/pages';

const CLIENT_INDEX = path.join(__dirname, '..', 'client', 'dist', 'index.html');
const describeBrowser = browserAvailable() ? describe : describe.skip;
const PHONE = { width: 390, height: 844 };

/**
 * Someone without an account is invited to a meeting and accepts on a phone
 * (docs/EMAIL.md), in headless Chromium under the strict CSP: the chair
 * invites an email address from the room's People tab; the link from the
 * email opens the accept page; they set up their account and sign in to the
 * meeting. Every page is axe-clean and fits 390 pixels.
 */
describeBrowser('accepting an invitation in headless Chromium', () => {
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
    const context = await browser.newContext(viewport ? { viewport, isMobile: true, hasTouch: true } : {});
    await recordCspViolations(context);
    return context.newPage();
  }

  const fitsWidth = (page: Page) =>
    page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth <= window.innerWidth);

  it('the chair invites an address; the person sets up an account on a phone and joins the meeting', async () => {
    const chair = await app.createUser({ displayName: 'Sam Chair' });
    const { meeting } = await app.createMeeting(chair);
    const email = 'pat.gp@example.org';

    const chairPage = await newPage();
    await signIn(chairPage, app.url, chair);
    await chairPage.goto(`${app.url}/meetings/${meeting.id}`);
    await showRoomTab(chairPage, /People/);
    const invite = chairPage.getByTestId('invite-without-account');
    await invite.getByText('Invite someone without an account').click();
    await invite.getByLabel('Their email address').fill(email);
    await invite.getByLabel('Their agency').selectOption('health');
    await invite.getByLabel('Their organisation (optional)').fill('Testshire GP Practice');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.getByText(`We have emailed an invitation to ${email}`).waitFor();
    await invite.getByTestId('account-invitations').getByRole('cell', { name: email, exact: true }).waitFor();
    await expectNoAxeViolations(chairPage);

    // A second address, invited by mistake, is withdrawn: its link stops working.
    const mistaken = 'not.this.one@example.org';
    await invite.getByLabel('Their email address').fill(mistaken);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.getByText(`We have emailed an invitation to ${mistaken}`).waitFor();
    await invite.getByRole('button', { name: `Withdraw the invitation to ${mistaken}` }).click();
    await invite.getByText(`The invitation to ${mistaken} is withdrawn`).waitFor();
    const mistakenRow = invite.getByTestId('account-invitations').getByRole('row').filter({ hasText: mistaken });
    await mistakenRow.getByText('Withdrawn').waitFor();
    expect(await mistakenRow.getByRole('button').count()).toBe(0);
    await expectNoAxeViolations(chairPage);

    const linkOf = async (address: string) => {
      const [sent] = (await app.dataSource.query(`SELECT body_text FROM mail_outbox WHERE to_address = $1`, [
        address,
      ])) as { body_text: string }[];
      return /(http\S+\/invitations\/accept#token=[A-Za-z0-9_-]{43})/.exec(sent!.body_text)![1]!;
    };
    const link = await linkOf(email);

    const phone = await newPage(PHONE);
    await phone.goto(link.replace(/^https?:\/\/[^/]+/, app.url));
    await phone.getByRole('heading', { level: 1, name: /Accept your invitation/ }).waitFor();
    await phone.getByText(`strategy discussion ${meeting.reference}`, { exact: false }).first().waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);

    // A mistake is explained against its field.
    await phone.getByRole('button', { name: 'Set up account and join' }).click();
    await phone.locator('.govuk-error-summary').waitFor();
    await expectNoAxeViolations(phone);

    await phone.getByLabel('Your full name').fill('Dr Pat New');
    await phone.getByLabel('Job title').fill('GP');
    await phone.getByLabel('Create a password').fill('a long enough new password');
    await phone.getByLabel('Confirm your password').fill('a long enough new password');
    await phone.getByRole('button', { name: 'Set up account and join' }).click();
    await phone.getByTestId('invitation-accepted').getByText('Your account is set up').waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);

    const withdrawnPage = await newPage(PHONE);
    await withdrawnPage.goto((await linkOf(mistaken)).replace(/^https?:\/\/[^/]+/, app.url));
    await withdrawnPage.getByText('This invitation was withdrawn by the meeting’s chair', { exact: false }).waitFor();
    await expectNoAxeViolations(withdrawnPage);
    expect(await fitsWidth(withdrawnPage)).toBe(true);

    await signIn(phone, app.url, { email, password: 'a long enough new password' } as never);
    await phone.goto(`${app.url}/meetings/${meeting.id}`);
    await phone.getByText(meeting.reference).first().waitFor();

    for (const page of [chairPage, phone, withdrawnPage]) expect(await cspViolations(page)).toEqual([]);
  });
});
