import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DatabaseHandle } from '../server/src/platform/database/embedded-postgres';
import { oneDatabaseKind, startTestDatabase } from '../server/test/support/test-database';
import { TestApp } from '../server/test/support/test-app';
import { browserAvailable, launchChromium } from './support/browser';
import { cspViolations, recordCspViolations } from './support/csp';
import { expectNoAxeViolations, signIn } from './support/pages';

const CLIENT_INDEX = path.join(__dirname, '..', 'client', 'dist', 'index.html');
const describeBrowser = browserAvailable() ? describe : describe.skip;

/**
 * The administrator's "Manage accounts" page in headless Chromium, under the
 * strict CSP: creating an account, and disabling a leaver who has the meeting
 * room open, whose page is signed out at once. No page reports a CSP violation.
 */
describeBrowser('Manage accounts in headless Chromium', () => {
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

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    await recordCspViolations(context);
    return context.newPage();
  }

  it('lets an administrator create an account and disable a leaver, whose open meeting room is signed out at once', async () => {
    const admin = await app.createUser({ displayName: 'Ada Admin', isAdmin: true, agency: 'other' });
    const chair = await app.createUser({ displayName: 'Sam Chair' });
    const leaver = await app.createUser({ displayName: 'Lee Leaver', agency: 'police' });
    const { meeting } = await app.createMeeting(chair, [{ member: leaver, role: 'participant' }]);

    // The leaver and the chair are in the meeting room, typing: carets and selections are drawn.
    const leaverPage = await newPage();
    const chairPage = await newPage();
    for (const [page, user] of [
      [leaverPage, leaver],
      [chairPage, chair],
    ] as const) {
      await signIn(page, app.url, user);
      await page.goto(`${app.url}/meetings/${meeting.id}`);
      await page.locator('#connection-status[data-state="saved"]').waitFor();
    }
    await leaverPage.locator('[data-section="reason"] .ProseMirror').click();
    await leaverPage.keyboard.type('Seen by the police   today.');
    await leaverPage.keyboard.press('Shift+Home');
    await chairPage.locator('.collaboration-carets__caret').first().waitFor();
    await chairPage.locator('.collaboration-carets__selection').first().waitFor();
    // Several spaces survive: ProseMirror's base styles (white-space) load from the bundle, not an inline <style>.
    await expect(
      chairPage.locator('[data-section="reason"] .ProseMirror').evaluate((el) => getComputedStyle(el).whiteSpace),
    ).resolves.toMatch(/pre-wrap|break-spaces/);

    const adminPage = await newPage();
    await signIn(adminPage, app.url, admin);
    await adminPage.getByRole('link', { name: 'Manage accounts' }).click();
    await adminPage.waitForURL(`${app.url}/admin/users`);
    await adminPage.getByTestId('accounts-table').waitFor();
    await expectNoAxeViolations(adminPage);

    // Create an account; the new person can sign in.
    await adminPage.getByLabel('Email address').fill('new.starter@example.org');
    await adminPage.getByLabel('Full name').fill('Nia Starter');
    await adminPage.getByLabel('Job title').fill('Health visitor');
    await adminPage.getByLabel('Agency').selectOption('health');
    await adminPage.getByLabel('Initial password').fill('a long initial passphrase');
    await adminPage.getByRole('button', { name: 'Create account' }).click();
    await adminPage.getByTestId('admin-notice').getByText('Account created for Nia Starter').waitFor();
    await adminPage.locator('tr[data-user-email="new.starter@example.org"]').waitFor();
    await app.signIn({ email: 'new.starter@example.org', password: 'a long initial passphrase' });

    // A bad submission is explained and creates nothing.
    await adminPage.getByLabel('Email address').fill('new.starter@example.org');
    await adminPage.getByLabel('Full name').fill('Someone Else');
    await adminPage.getByLabel('Job title').fill('Nurse');
    await adminPage.getByLabel('Initial password').fill('short');
    await adminPage.getByRole('button', { name: 'Create account' }).click();
    await adminPage.locator('.govuk-error-summary').getByText('Password must be at least').waitFor();
    await expectNoAxeViolations(adminPage);

    // Disable the leaver, with confirmation.
    const row = adminPage.locator(`tr[data-user-email="${leaver.email}"]`);
    await row.getByRole('button', { name: 'Disable account for Lee Leaver' }).click();
    await adminPage.getByRole('heading', { name: 'Disable Lee Leaver’s account?' }).waitFor();
    await expectNoAxeViolations(adminPage);
    const disabledAt = Date.now();
    await adminPage.getByRole('button', { name: 'Yes, disable account' }).click();
    await adminPage.getByTestId('admin-notice').getByText('Lee Leaver’s account is disabled').waitFor();
    await row.getByText('Disabled').waitFor();

    // The leaver's open page loses the meeting within a second and is sent to sign in.
    await leaverPage.waitForURL(`${app.url}/sign-in`, { timeout: 5_000 });
    expect(Date.now() - disabledAt).toBeLessThan(5_000);
    const stillConnected = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL`,
      [leaver.user.id],
    );
    expect(stillConnected[0].n).toBe(0);

    // Enable again.
    await row.getByRole('button', { name: 'Enable account for Lee Leaver' }).click();
    await adminPage.getByRole('button', { name: 'Yes, enable account' }).click();
    await row.getByText('Active').waitFor();
    await app.signIn(leaver);

    for (const page of [leaverPage, chairPage, adminPage]) expect(await cspViolations(page)).toEqual([]);
  });

  it('lets an administrator allow a person to convene and chair: their dashboard offers it from then on, and the change is audited', async () => {
    const admin = await app.createUser({ displayName: 'Ana Admin', isAdmin: true, agency: 'other', canChair: false });
    const student = await app.createUser({
      displayName: 'Robin Student',
      jobTitle: 'Student social worker',
      canChair: false,
    });

    // Without the permission the dashboard has no convene form and says why.
    const studentPage = await newPage();
    await signIn(studentPage, app.url, student);
    await studentPage.getByTestId('cannot-convene').getByText('Ask an administrator', { exact: false }).waitFor();
    await expect(studentPage.getByRole('heading', { name: 'Create a meeting' }).count()).resolves.toBe(0);
    await expectNoAxeViolations(studentPage);

    const adminPage = await newPage();
    await signIn(adminPage, app.url, admin);
    await adminPage.goto(`${app.url}/admin/users`);
    const row = adminPage.locator(`tr[data-user-email="${student.email}"]`);
    await expect(row.getByTestId('can-chair').textContent()).resolves.toBe('No');
    await row.getByRole('button', { name: 'Allow to chair for Robin Student' }).click();
    await adminPage
      .getByRole('heading', { name: 'Allow Robin Student to convene and chair strategy discussions?' })
      .waitFor();
    await expectNoAxeViolations(adminPage);
    await adminPage.getByRole('button', { name: 'Yes, allow to chair' }).click();
    await adminPage.getByTestId('admin-notice').getByText('Robin Student can now convene and chair').waitFor();
    await row.getByTestId('can-chair').getByText('Yes').waitFor();
    const audited = await app.dataSource.query(
      `SELECT actor_user_id, details FROM audit_events WHERE type = 'user.chair-permission-changed' AND subject_id = $1`,
      [student.user.id],
    );
    expect(audited).toEqual([{ actor_user_id: admin.user.id, details: { via: 'api', from: false, to: true } }]);

    await studentPage.reload();
    await studentPage.getByRole('heading', { name: 'Create a meeting' }).waitFor();

    // A new account has it only when the administrator ticks it.
    await adminPage.getByLabel('Email address').fill('new.manager@example.org');
    await adminPage.getByLabel('Full name').fill('Max Manager');
    await adminPage.getByLabel('Job title').fill('Team manager');
    await adminPage.getByLabel('Initial password').fill('a long initial passphrase');
    await adminPage.getByLabel('Can convene and chair strategy discussions').check();
    await adminPage.getByRole('button', { name: 'Create account' }).click();
    await adminPage.getByTestId('admin-notice').getByText('Account created for Max Manager').waitFor();
    await adminPage
      .locator('tr[data-user-email="new.manager@example.org"]')
      .getByTestId('can-chair')
      .getByText('Yes')
      .waitFor();

    for (const page of [studentPage, adminPage]) expect(await cspViolations(page)).toEqual([]);
  });

  it('shows someone who is not an administrator that they have no access, with no link to it', async () => {
    const member = await app.createUser();
    const page = await newPage();
    await signIn(page, app.url, member);
    await expect(page.getByRole('link', { name: 'Manage accounts' }).count()).resolves.toBe(0);
    await page.goto(`${app.url}/admin/users`);
    await page.getByTestId('no-access').waitFor();
    expect(await cspViolations(page)).toEqual([]);
  });
});
