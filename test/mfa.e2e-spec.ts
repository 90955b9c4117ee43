/**
 * Two-factor authentication and step-up re-authentication in headless
 * Chromium against the real server: setting up an authenticator app on the
 * account security page, signing in with a code (and with a recovery code),
 * and the "Confirm it is you" dialog before the local authority's decision.
 *
 * DOM hooks: `[data-testid=mfa-start]`, `[data-testid=mfa-secret]`,
 * `[data-testid=recovery-codes]`, `[data-testid=mfa-form]`, `[data-testid=step-up-dialog]`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import type { DatabaseHandle } from '../server/src/platform/database/embedded-postgres';
import { oneDatabaseKind, startTestDatabase } from '../server/test/support/test-database';
import { TestApp } from '../server/test/support/test-app';
import { browserAvailable, launchChromium } from './support/browser';
import { expectNoAxeViolations, signIn } from './support/pages';

const CLIENT_INDEX = path.join(__dirname, '..', 'client', 'dist', 'index.html');

/** The code an authenticator app shows `offset` time steps from now (the server accepts -1, 0 and +1, each once). */
const totp = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

const describeBrowser = browserAvailable() ? describe : describe.skip;

describeBrowser('two-factor authentication and step-up in headless Chromium', () => {
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

  async function passwordStep(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${app.url}/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
  }

  it('sets up an authenticator app, then signs in with a code or a recovery code', async () => {
    const user = await app.createUser({ displayName: 'Morgan Manager' });
    const page = await (await browser.newContext()).newPage();
    await signIn(page, app.url, user);

    // Account security: QR code and key, confirm with a code, recovery codes shown once.
    await page.getByRole('link', { name: 'Account security' }).click();
    await page.waitForURL(`${app.url}/account/security`);
    await page.getByTestId('mfa-start').click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByText('I cannot scan the QR code').click();
    const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Code from your authenticator app').fill(await totp(secret));
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    const recoveryCodes = await codes.locator('li').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await page.getByTestId('mfa-on').waitFor();
    await expectNoAxeViolations(page);

    // Sign out, then in again: the password alone leads to the code step.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${app.url}/sign-in`);
    await passwordStep(page, user.email, user.password);
    await expect(page.title()).resolves.toBe('Enter the code from your authenticator app – Roundtable');
    await expectNoAxeViolations(page);
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain('The code is not right');
    // The code of the next time step: the one used to turn MFA on cannot be used again.
    await page.getByLabel('Code').fill(await totp(secret, 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    // Back where they signed out from.
    await page.waitForURL(`${app.url}/account/security`);
    await page.getByTestId('mfa-on').waitFor();

    // Another browser, with a recovery code.
    const other = await (await browser.newContext()).newPage();
    await passwordStep(other, user.email, user.password);
    await other.getByRole('button', { name: 'Use a recovery code' }).click();
    await other.getByRole('heading', { name: 'Enter a recovery code' }).waitFor();
    await other.getByLabel('Recovery code').fill(recoveryCodes[0] as string);
    await other.getByRole('button', { name: 'Continue' }).click();
    await other.waitForURL(`${app.url}/`);
    await expect(other.getByTestId('signed-in-user').textContent()).resolves.toContain('Morgan Manager');
  });

  it('takes a user whose role requires two-factor authentication straight to setting it up', async () => {
    const strict = await TestApp.start(database, { MFA_REQUIRED_FOR: 'chair,admin,auditor' });
    const context = await browser.newContext();
    try {
      const auditor = await strict.createUser({ displayName: 'Morgan Reviewer', agency: 'other', isAuditor: true });
      const page = await context.newPage();
      await signIn(page, strict.url, auditor, '/account/security');
      await expect(page.locator('.govuk-inset-text').textContent()).resolves.toContain(
        'Your role needs two-factor authentication',
      );
      // Anywhere else leads back here until it is set up.
      await page.goto(`${strict.url}/audit`);
      await page.waitForURL(`${strict.url}/account/security`);
      await page.getByTestId('mfa-start').click();
      await page.getByText('I cannot scan the QR code').click();
      const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').trim();
      await page.getByLabel('Code from your authenticator app').fill(await totp(secret));
      await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
      await page.getByTestId('recovery-codes').waitFor();
      await expectNoAxeViolations(page);
      await page.getByRole('link', { name: 'Audit trail' }).click();
      await page.waitForURL(`${strict.url}/audit`);
    } finally {
      // The page's connections go first: this second server's close waits for open ones.
      await context.close();
      await strict.close();
    }
  });

  it('asks the chair to confirm it is them before recording the local authority’s decision on a stale session', async () => {
    const chair = await app.createUser({ displayName: 'Sam Chair', jobTitle: 'Team manager' });
    const officer = await app.createUser({ displayName: 'DS Jordan Officer', agency: 'police' });
    const { meeting } = await app.createMeeting(chair, [{ member: officer, role: 'participant' }], {
      reference: 'SD-STEP-UP-1',
    });
    const page = await (await browser.newContext()).newPage();
    await signIn(page, app.url, chair);
    await page.locator(`tr[data-meeting-id="${meeting.id}"] a`).first().click();
    await page.waitForURL(`${app.url}/meetings/${meeting.id}`);
    await page.locator('#meeting-events-status[data-state="connected"]').waitFor();

    await page.getByTestId('decision-panel').getByRole('button', { name: 'Open a decision' }).click();
    await page.getByTestId('open-decision-form').getByRole('button', { name: 'Open decision for views' }).click();
    const decision = page.locator('[data-decision-id][data-status="open"]');
    await decision.waitFor();
    await decision.getByRole('button', { name: 'Close views' }).click();
    await decision.getByRole('button', { name: 'Yes, close views' }).click();
    const laForm = page.getByTestId('la-decision-form');
    await laForm.waitFor();
    await laForm.getByRole('checkbox', { name: 'Section 47 enquiry: single agency (local authority)' }).check();
    await laForm.getByLabel('Reasons for the decision').fill('Threshold met on the information shared.');

    // The sign-in was long ago (as far as the server knows): the decision needs the password again.
    await app.dataSource.query(
      `UPDATE sessions SET authenticated_at = now() - interval '1 hour' WHERE user_id = $1 AND revoked_at IS NULL`,
      [chair.user.id],
    );
    await laForm.getByRole('button', { name: 'Record the decision' }).click();
    const dialog = page.getByTestId('step-up-dialog');
    await dialog.waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('step-up-password');
    await expectNoAxeViolations(page);
    const rows: unknown[] = await app.dataSource.query(
      'SELECT 1 FROM la_decisions d JOIN decisions x ON x.id = d.decision_id WHERE x.meeting_id = $1',
      [meeting.id],
    );
    expect(rows).toHaveLength(0);

    await dialog.getByLabel('Password').fill('not the password');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByTestId('error-summary').waitFor();
    await expect(dialog.getByTestId('error-summary').textContent()).resolves.toContain('The password is not right');
    await dialog.getByLabel('Password').fill(chair.password);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The action is retried once confirmed: the decision is recorded without pressing the button again.
    await page.locator('[data-decision-id][data-status="decided"]').waitFor();
  });
});
