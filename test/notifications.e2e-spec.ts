import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DatabaseHandle } from '../server/src/platform/database/embedded-postgres';
import { RemindersService } from '../server/src/meeting/reminders/reminders.service';
import { oneDatabaseKind, startTestDatabase } from '../server/test/support/test-database';
import { TestApp } from '../server/test/support/test-app';
import { browserAvailable, launchChromium } from './support/browser';
import { cspViolations, recordCspViolations } from './support/csp';
import { expectNoAxeViolations, signIn } from './support/pages';

const CLIENT_INDEX = path.join(__dirname, '..', 'client', 'dist', 'index.html');
const describeBrowser = browserAvailable() ? describe : describe.skip;
const PHONE = { width: 390, height: 844 };

/**
 * Notifications on a phone (docs/NOTIFICATIONS.md), in headless Chromium
 * under the strict CSP: a reminder of a meeting starting soon shows in the
 * header's count; the member reads it on the Notifications page, turns that
 * kind of email off on Email preferences; an administrator sees the job
 * queue and runs the scan now. Every page is axe-clean and fits 390 pixels.
 */
describeBrowser('notifications in headless Chromium', () => {
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

  async function phonePage(): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    await recordCspViolations(context);
    return context.newPage();
  }

  const fitsWidth = (page: Page) =>
    page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth <= window.innerWidth);

  it('a member reads a reminder and chooses their emails; an administrator sees the job queue', async () => {
    const chair = await app.createUser({ displayName: 'Sam Chair' });
    const { meeting } = await app.createMeeting(chair, [], {
      scheduledAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    });
    expect((await app.get(RemindersService).scan()).raised).toBe(1);

    const page = await phonePage();
    await signIn(page, app.url, chair);
    const link = page.getByTestId('notifications-link');
    await link.getByText('1 unread', { exact: false }).waitFor();
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const title = new RegExp(`^Strategy discussion ${meeting.reference} starts on `);
    await page.getByRole('link', { name: title }).waitFor();
    await expectNoAxeViolations(page);
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('button', { name: /^Mark as read/ }).click();
    await page.getByText('All read.').waitFor();
    await page.getByText('1 unread', { exact: false }).waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Choose which reminders you also get by email' }).click();
    await page.getByRole('heading', { level: 1, name: 'Email preferences' }).waitFor();
    const soon = page.getByLabel('A meeting you are a member of starts soon');
    expect(await soon.isChecked()).toBe(true);
    await soon.uncheck();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Your email preferences are saved').waitFor();
    await expectNoAxeViolations(page);
    expect(await fitsWidth(page)).toBe(true);
    const saved = await app.request('GET', '/api/notifications/preferences', { cookie: await app.signIn(chair) });
    expect(saved.body.emailKinds).not.toContain('meeting-soon');

    const admin = await app.createUser({ displayName: 'Ada Admin', isAdmin: true, agency: 'other', canChair: false });
    const adminPage = await phonePage();
    await signIn(adminPage, app.url, admin);
    await adminPage.goto(`${app.url}/admin/jobs`);
    await adminPage.getByRole('heading', { level: 1, name: 'Job queue' }).waitFor();
    await adminPage.getByRole('rowheader', { name: 'reminders-scan' }).waitFor();
    await expectNoAxeViolations(adminPage);
    expect(await fitsWidth(adminPage)).toBe(true);
    await adminPage.getByRole('button', { name: 'Run reminders-scan now' }).click();
    await adminPage.getByText(/reminders-scan (will run in a moment|is already waiting to run)/).waitFor();
    // The scan it queued finishes before the app closes.
    for (let tries = 0; tries < 100; tries++) {
      const [row] = (await app.dataSource.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'reminders-scan' AND state IN ('created', 'retry', 'active')`,
      )) as { n: number }[];
      if (row!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // A member who is not an administrator is told they cannot see it.
    await page.goto(`${app.url}/admin/jobs`);
    await page.getByRole('heading', { level: 1, name: 'Job queue' }).waitFor({ state: 'detached' });
    expect(await cspViolations(page)).toEqual([]);
    expect(await cspViolations(adminPage)).toEqual([]);
  }, 120_000);
});
