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
 * A family member signs in to one meeting on a phone (docs/FAMILY.md,
 * "Signing in"), in headless Chromium under the strict CSP: the chair invites
 * them from the room's People tab; they ask for a code with the meeting
 * reference and their email address; the administrator reads the code in the
 * email outbox; a wrong code is explained; the right one opens their meeting;
 * they sign out. Every page is axe-clean and fits 390 pixels.
 */
describeBrowser('family sign-in in headless Chromium', () => {
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

  it('the chair invites; the family member signs in on a phone with the code from the outbox, then signs out', async () => {
    const chair = await app.createUser({ displayName: 'Sam Chair' });
    const admin = await app.createUser({ displayName: 'Ada Admin', isAdmin: true, agency: 'other', canChair: false });
    const { meeting } = await app.createMeeting(chair);
    const email = 'jo.parent@example.org';

    // The chair invites Jo from the People tab.
    const chairPage = await newPage();
    await signIn(chairPage, app.url, chair);
    await chairPage.goto(`${app.url}/meetings/${meeting.id}`);
    await showRoomTab(chairPage, /People/);
    const form = chairPage.getByTestId('invite-family-form');
    await form.getByRole('button', { name: 'Invite family member' }).click();
    await form.locator('.govuk-error-summary').getByText('Enter their name').waitFor();
    await form.getByLabel('Their name').fill('Jo Parent');
    await form.getByLabel('Their email address').fill(email);
    await form.getByLabel('Parent or person with parental responsibility').check();
    await form.getByRole('button', { name: 'Invite family member' }).click();
    await chairPage.getByText('Jo Parent has been invited').waitFor();
    await chairPage
      .locator('#family-members-table')
      .getByRole('rowheader', { name: /Jo Parent/ })
      .waitFor();
    await expectNoAxeViolations(chairPage);

    // Jo, on a phone, asks for a code.
    const phone = await newPage(PHONE);
    await phone.goto(`${app.url}/family`);
    await phone.waitForURL(`${app.url}/family/sign-in`);
    await phone.getByRole('heading', { level: 1, name: 'Sign in to your meeting' }).waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);
    await phone.getByLabel('Meeting reference').fill(meeting.reference.toLowerCase());
    await phone.getByLabel('Email address').fill(email);
    await phone.getByRole('button', { name: 'Email me a code' }).click();
    await phone.getByTestId('code-sent').waitFor();
    await phone.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
    await expectNoAxeViolations(phone);

    // The administrator reads the code in the outbox.
    const adminPage = await newPage();
    await signIn(adminPage, app.url, admin);
    await adminPage.getByRole('link', { name: 'Email outbox' }).click();
    await adminPage.waitForURL(`${app.url}/admin/outbox`);
    const newest = adminPage.locator(`[data-outbox-to="${email}"]`).first();
    await newest.getByText('Your sign-in code').waitFor();
    await expectNoAxeViolations(adminPage);
    const text = await newest.locator('pre').innerText();
    const code = /^(\d{6})$/m.exec(text)?.[1];
    expect(code).toBeDefined();

    // A wrong code is explained against the field.
    await phone.getByLabel('Code').fill(code === '000000' ? '111111' : '000000');
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByTestId('error-summary').getByText('That code did not work').waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);

    // The right one opens their meeting.
    await phone.getByLabel('Code').fill(code!);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.waitForURL(`${app.url}/family`);
    await phone.getByRole('heading', { level: 1, name: 'Your meeting' }).waitFor();
    await phone.getByText(meeting.reference).first().waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);
    const cookies = await phone.context().cookies();
    expect(cookies.find((c) => c.name === 'rt_family')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // Signing out ends the session.
    await phone.getByRole('button', { name: 'Sign out' }).click();
    await phone.getByText('You have signed out.').waitFor();
    await phone.goto(`${app.url}/family`);
    await phone.waitForURL(`${app.url}/family/sign-in`);

    for (const page of [chairPage, phone, adminPage]) expect(await cspViolations(page)).toEqual([]);
  });
});
