import { existsSync } from 'node:fs';
import path from 'node:path';
import { documentName } from '@roundtable/shared/realtime';
import type { Browser, Page } from 'playwright-core';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { DatabaseHandle } from '../server/src/platform/database/embedded-postgres';
import { cookieWebSocket, eventually } from '../server/test/support/eventually';
import { signInFamilyMember } from '../server/test/support/family';
import { EventsClient } from '../server/test/support/meeting-events-client';
import { oneDatabaseKind, startTestDatabase } from '../server/test/support/test-database';
import { TestApp } from '../server/test/support/test-app';
import { browserAvailable, launchChromium } from './support/browser';
import { cspViolations, recordCspViolations } from './support/csp';
import { expectNoAxeViolations } from './support/pages';

const CLIENT_INDEX = path.join(__dirname, '..', 'client', 'dist', 'index.html');
const describeBrowser = browserAvailable() ? describe : describe.skip;
const PHONE = { width: 390, height: 844 };
const PLAN_TEXT = 'Ruby sleeps at her grandmother’s house every night until the review.';

/**
 * The family view on a phone (docs/FAMILY.md "The family view"), in headless
 * Chromium under the strict CSP: a signed-in parent reads their home, tells
 * the meeting what they think, and signs the safety plan by typing their name;
 * every family page is axe-clean and fits 390 pixels.
 */
describeBrowser('the family view in headless Chromium', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let browser: Browser;
  let provider: WebsocketProvider | undefined;
  let client: EventsClient | undefined;

  beforeAll(async () => {
    if (!existsSync(CLIENT_INDEX)) throw new Error('client/dist is missing: run `npm run build` (npm test does) first');
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database);
    browser = await launchChromium();
  });

  afterAll(async () => {
    client?.close();
    provider?.destroy();
    provider?.doc.destroy();
    await browser?.close();
    await app?.close();
    await database?.stop();
  });

  const fitsWidth = (page: Page) =>
    page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth <= window.innerWidth);

  it('a parent reads their meeting, sends a view and signs the safety plan on a phone', async () => {
    const chair = await app.createUser({ displayName: 'Sam Chair' });
    const { meeting, chairCookie } = await app.createMeeting(chair);
    expect((await app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie })).status).toBe(200);

    // The chair writes the safety plan and shares its first section with the family.
    const doc = new Y.Doc();
    provider = new WebsocketProvider(`${app.wsUrl}/collab`, documentName(meeting.id, 'safety-plan'), doc, {
      WebSocketPolyfill: cookieWebSocket(chairCookie, app.url) as never,
      disableBc: true,
    });
    await new Promise<void>((resolve) => provider!.on('sync', (synced: boolean) => synced && resolve()));
    const paragraph = new Y.XmlElement('paragraph');
    doc.getXmlFragment('worries').push([paragraph]);
    paragraph.insert(0, [new Y.XmlText(PLAN_TEXT)]);
    client = await EventsClient.connect(app.url, { cookie: chairCookie });
    await client.ok('family-facing:set', {
      meetingId: meeting.id,
      item: { type: 'section', id: 'worries' },
      familyFacing: true,
    });
    const family = await signInFamilyMember(app, chairCookie, meeting.id, {
      displayName: 'Jo Parent',
      email: 'jo.parent@example.org',
      relationship: 'parent',
    });
    await eventually(async () => {
      const plan = await family.agent.request('GET', '/api/family/safety-plan');
      expect(JSON.stringify(plan.body)).toContain('grandmother');
    });

    // Jo, on a phone, with the family cookie.
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    await recordCspViolations(context);
    const [name, value] = family.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: app.url, httpOnly: true, sameSite: 'Strict' }]);
    const phone = await context.newPage();
    await phone.goto(`${app.url}/family`);
    await phone.getByRole('heading', { level: 1, name: 'Your meeting' }).waitFor();
    await phone.getByText(meeting.reference).first().waitFor();
    await phone.getByTestId('family-attendance').getByText('The chair has not recorded your attendance yet.').waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);

    // An empty view is explained; a real one is sent.
    await phone.getByRole('button', { name: 'Send to the meeting' }).click();
    await phone.getByTestId('error-summary').getByText('Enter what you want the meeting to know').waitFor();
    await expectNoAxeViolations(phone);
    await phone.getByLabel('What do you want the meeting to know?').fill('I want Ruby home. I will follow the plan.');
    await phone.getByRole('button', { name: 'Send to the meeting' }).click();
    await phone.getByRole('status').getByText('The people at the meeting can now read what you wrote').waitFor();
    await phone.getByTestId('family-own-views').getByText('I want Ruby home.', { exact: false }).waitFor();
    const views = await app.request('GET', `/api/meetings/${meeting.id}/family-views`, { cookie: chairCookie });
    expect((views.body as { views: { text: string }[] }).views.map((v) => v.text)).toEqual([
      'I want Ruby home. I will follow the plan.',
    ]);

    // The safety plan: read, then signed with their typed name.
    await phone.getByRole('link', { name: 'Read and sign the safety plan' }).click();
    await phone.waitForURL(`${app.url}/family/safety-plan`);
    await phone.getByRole('heading', { level: 1, name: 'Your safety plan' }).waitFor();
    await phone.getByText(PLAN_TEXT).waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);
    await phone.getByLabel('Type your full name to sign').fill('jo parent');
    await phone.getByRole('button', { name: 'Sign the safety plan' }).click();
    await phone.getByTestId('signed-current').waitFor();
    await expectNoAxeViolations(phone);
    const signatures = await app.request('GET', `/api/meetings/${meeting.id}/safety-plan/signatures`, {
      cookie: chairCookie,
    });
    expect((signatures.body as { signatures: { current: boolean }[] }).signatures).toEqual([
      expect.objectContaining({ current: true }),
    ]);

    // The record page (nothing sealed yet).
    await phone.goto(`${app.url}/family/record`);
    await phone.getByRole('heading', { level: 1, name: 'Your copy of the record' }).waitFor();
    await phone.getByText('The record is ready when the meeting has finished.').waitFor();
    await expectNoAxeViolations(phone);
    expect(await fitsWidth(phone)).toBe(true);
    expect(await cspViolations(phone)).toEqual([]);
  });
});
