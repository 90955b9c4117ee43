import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
const PHONE = { width: 390, height: 844 };

/**
 * An administrator sets up a webhook on a phone (docs/WEBHOOKS.md), in
 * headless Chromium under the strict CSP: a form sent empty is explained, a
 * subscription is added and its secret shown once, the delivery log opens,
 * the subscription is disabled. Every state is axe-clean and fits 390 pixels.
 */
describeBrowser('webhooks page in headless Chromium', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let browser: Browser;
  let receiver: Server;

  beforeAll(async () => {
    if (!existsSync(CLIENT_INDEX)) throw new Error('client/dist is missing: run `npm run build` (npm test does) first');
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database);
    browser = await launchChromium();
    receiver = createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const fitsWidth = (page: Page) =>
    page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth <= window.innerWidth);

  it('an administrator adds a subscription, sees its secret once, opens its deliveries and disables it', async () => {
    const admin = await app.createUser({ displayName: 'Ada Admin', isAdmin: true, agency: 'other', canChair: false });
    const created = await app.request('POST', '/api/admin/service-accounts', {
      cookie: await app.signIn(admin),
      body: {
        name: 'Mosaic',
        agency: 'childrens-social-care',
        organisation: 'Testshire County Council',
        scopes: ['webhooks:receive'],
      },
    });
    expect(created.status).toBe(201);

    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    await recordCspViolations(context);
    const page = await context.newPage();
    await signIn(page, app.url, admin);
    await page.goto(`${app.url}/admin/webhooks`);
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No subscriptions yet.').waitFor();
    await expectNoAxeViolations(page);
    expect(await fitsWidth(page)).toBe(true);

    const form = page.getByTestId('create-webhook-form');
    await form.getByRole('button', { name: 'Add subscription' }).click();
    await form.locator('.govuk-error-summary').getByText('Enter a name for the subscription').waitFor();
    await form.locator('.govuk-error-summary').getByText('Choose at least one event type').waitFor();
    await expectNoAxeViolations(page);
    expect(await fitsWidth(page)).toBe(true);

    await form.getByLabel('Name', { exact: true }).fill('Mosaic production');
    await form.getByLabel(/Address the case system/).fill('http://case-system.example.org/hooks');
    await form.getByLabel('A meeting is concluded').check();
    await form.getByRole('button', { name: 'Add subscription' }).click();
    await form
      .locator('.govuk-error-summary')
      .getByText(/must start with https:\/\//)
      .waitFor();

    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    await form.getByLabel(/Address the case system/).fill(url);
    await form.getByRole('button', { name: 'Add subscription' }).click();
    const secret = page.getByTestId('webhook-secret');
    await secret.getByText(/^whsec_/).waitFor();
    await page.getByRole('button', { name: 'Deliveries of Mosaic production' }).waitFor();
    await expectNoAxeViolations(page);
    expect(await fitsWidth(page)).toBe(true);
    await secret.getByRole('button', { name: 'I have copied the secret' }).click();
    await secret.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Deliveries of Mosaic production' }).click();
    await page.getByTestId('delivery-log').getByText('Nothing has been sent to this subscription yet.').waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Disable Mosaic production' }).click();
    await page.getByText('Mosaic production is disabled.', { exact: false }).waitFor();
    await page.getByTestId('webhook-subscriptions').getByText('Disabled', { exact: true }).waitFor();
    await expectNoAxeViolations(page);
    expect(await fitsWidth(page)).toBe(true);
    expect(await cspViolations(page)).toEqual([]);
  }, 120_000);
});
