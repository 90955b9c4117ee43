import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import type { DatabaseHandle } from '../../server/src/platform/database/embedded-postgres';
import { CollabTestClient } from '../../server/test/support/collab-client';
import { eventually } from '../../server/test/support/eventually';
import { EventsClient } from '../../server/test/support/meeting-events-client';
import { TestApp, type TestUser } from '../../server/test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../server/test/support/test-database';
import { browserAvailable, launchChromium } from '../support/browser';
import { type CspViolation, cspViolations, recordCspViolations } from '../support/csp';
import { signIn } from '../support/pages';

const CLIENT_INDEX = path.join(__dirname, '..', '..', 'client', 'dist', 'index.html');
const describeBrowser = browserAvailable() ? describe : describe.skip;

/** Every payload reports itself by requesting a path under this prefix (script, handler, style or plain HTML). */
const CANARY = '/xss-canary/';

/** Classic stored-XSS payloads; each would request the canary (or set window.__xss) if the page interpreted it. */
function payloads(tag: string): string[] {
  const hit = (what: string) => `fetch('${CANARY}${tag}-${what}');window.__xss=1`;
  return [
    `<img src="${CANARY}${tag}-img" onerror="${hit('onerror')}">`,
    `<script>${hit('script')}</script>`,
    `<svg onload="${hit('svg')}"></svg>`,
    `<a href="javascript:${hit('href')}">x</a>`,
    `<div style="background:url(${CANARY}${tag}-style)" onmouseover="${hit('hover')}">x</div>`,
    `"><iframe srcdoc="<script>parent.${hit('iframe')}</script>"></iframe>`,
  ];
}
/** Progress on stderr when TEST_LOG_LEVEL=debug, to see where a slow run spends its time. */
const step = (what: string) => {
  if (process.env.TEST_LOG_LEVEL === 'debug') process.stderr.write(`[xss] ${what}\n`);
};
const short = (tag: string) => `<img src=${CANARY}${tag} onerror=window.__xss=1>`;

/**
 * Stored rich-text XSS: payloads written as raw Yjs XML (elements and
 * attributes a TipTap client would never produce) and as plain text through
 * every API that takes free text, then rendered in headless Chromium by
 * other people on every page that shows them, under the strict CSP. Nothing
 * may execute or even load, and no page may report a CSP violation other
 * than a blocked payload.
 */
describeBrowser('adversarial: stored XSS rendered in Chromium', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let browser: Browser;
  const canaryRequests: string[] = [];
  const violations: { page: string; violation: CspViolation }[] = [];
  const pages: { name: string; page: Page }[] = [];

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

  async function open(name: string, user: TestUser, url: string): Promise<Page> {
    const context = await browser.newContext();
    await recordCspViolations(context);
    const page = await context.newPage();
    page.on('request', (request) => {
      if (request.url().includes(CANARY)) canaryRequests.push(`${name}: ${request.url()}`);
    });
    page.on('dialog', (dialog) => {
      canaryRequests.push(`${name}: dialog ${dialog.message()}`);
      void dialog.dismiss();
    });
    await signIn(page, app.url, user, user.user.isAuditor ? '/audit' : '/');
    await page.goto(`${app.url}${url}`);
    pages.push({ name, page });
    return page;
  }

  /** Hovers over the payloads shown, so handlers that need an interaction get their chance. */
  async function poke(page: Page): Promise<void> {
    for (const element of (await page.getByText(CANARY, { exact: false }).all()).slice(0, 20)) {
      await element.hover({ timeout: 500 }).catch(() => undefined);
    }
    step(`poked ${page.url()}`);
  }

  async function expectNothingRan(): Promise<void> {
    for (const { name, page } of pages) {
      expect({ name, xss: await page.evaluate(() => (window as { __xss?: unknown }).__xss ?? null) }).toEqual({
        name,
        xss: null,
      });
      for (const violation of await cspViolations(page)) violations.push({ page: name, violation });
    }
    expect(canaryRequests).toEqual([]);
    // A violation may only be a payload the CSP blocked; none of the app's own code may be refused.
    const foreign = violations.filter(
      ({ violation }) => !`${violation.blockedURI} ${violation.sample}`.includes('xss-canary'),
    );
    expect(foreign).toEqual([]);
  }

  it('never executes payloads stored in the record, reasons, descriptions, names and addenda', async () => {
    const chair = await app.createUser({ displayName: `Sam ${short('chair-name')}`, jobTitle: short('chair-job') });
    const police = await app.createUser({ displayName: `Pat <script>window.__xss=1</script>`, agency: 'police' });
    const health = await app.createUser({ displayName: 'Hana Health', agency: 'health' });
    const auditor = await app.createUser({ displayName: 'Rev Reviewer', agency: 'other', isAuditor: true });
    const { meeting, chairCookie } = await app.createMeeting(
      chair,
      [
        { member: police, role: 'participant' },
        { member: health, role: 'participant' },
      ],
      {
        reference: 'SD-XSS-1',
        reason: payloads('reason').join(' '),
        children: [{ name: short('child') }],
      },
    );
    const meetingId = meeting.id;
    const policeCookie = await app.signIn(police);

    // The record, as raw Yjs XML a hostile client can send: unknown elements, handler and style attributes,
    // a javascript: link mark, and payload text.
    const collab = await CollabTestClient.connected(app.url, policeCookie, meetingId);
    collab.doc.transact(() => {
      const fragment = collab.doc.getXmlFragment('reason');
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.setAttribute('onmouseover', `fetch('${CANARY}y-paragraph-hover')`);
      paragraph.setAttribute('style', `background:url(${CANARY}y-paragraph-style)`);
      paragraph.insert(0, [new Y.XmlText(`Record text ${payloads('yjs-text').join(' ')}`)]);
      const img = new Y.XmlElement('img');
      img.setAttribute('src', `${CANARY}y-img`);
      img.setAttribute('onerror', `fetch('${CANARY}y-img-onerror')`);
      const script = new Y.XmlElement('script');
      script.insert(0, [new Y.XmlText(`fetch('${CANARY}y-script')`)]);
      const svg = new Y.XmlElement('svg');
      svg.setAttribute('onload', `fetch('${CANARY}y-svg')`);
      const linked = new Y.XmlElement('paragraph');
      const linkText = new Y.XmlText();
      linkText.insert(0, 'a link', { link: { href: `javascript:fetch('${CANARY}y-link')` } });
      linkText.insert(6, ' restricted', { restricted: { onclick: `fetch('${CANARY}y-mark')`, class: 'x" onload="y' } });
      linked.insert(0, [linkText]);
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', `4" onmouseover="fetch('${CANARY}y-heading')` as never);
      heading.insert(0, [new Y.XmlText('Heading')]);
      fragment.insert(0, [paragraph, img, script, svg, linked, heading]);
    });
    await eventually(async () => {
      const [row] = (await app.dataSource.query(
        `SELECT count(*)::int AS n FROM document_updates WHERE document_name = $1`,
        [`meetings/${meetingId}/record`],
      )) as { n: number }[];
      expect(row!.n).toBeGreaterThan(0);
    });
    collab.provider.destroy();
    collab.doc.destroy();

    step('// Decisions and actions through the nor');
    // Decisions and actions through the normal realtime API.
    const chairEvents = await EventsClient.connect(app.url, { cookie: chairCookie });
    const policeEvents = await EventsClient.connect(app.url, { cookie: policeCookie });
    try {
      for (const client of [chairEvents, policeEvents]) await client.ok('meeting:join', { meetingId });
      await app.request('POST', `/api/meetings/${meetingId}/start`, { cookie: chairCookie });
      const decided = await chairEvents.ok('decision:open', { meetingId, childIds: [meeting.children[0]!.id] });
      await policeEvents.ok('view:record', {
        meetingId,
        decisionId: decided.id,
        harm: 'yes',
        recommendedOption: 's47-joint',
        reasons: payloads('view').join(' '),
      });
      await chairEvents.ok('decision:close', { meetingId, decisionId: decided.id });
      await chairEvents.ok('la-decision:record', {
        meetingId,
        decisionId: decided.id,
        chosenOptions: ['s47-joint'],
        reasons: payloads('la').join(' '),
      });
      const undecided = await chairEvents.ok('decision:open', { meetingId, childIds: [meeting.children[0]!.id] });
      await chairEvents.ok('action:create', {
        meetingId,
        description: payloads('action').join(' '),
        ownerUserId: health.user.id,
        ownerAgency: 'health',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      });

      step('// The live room, as another member.');
      // The live room, as another member.
      const room = await open('meeting room', health, `/meetings/${meetingId}`);
      await room.locator('#connection-status[data-state="saved"]').waitFor();
      await room.getByText('Record text', { exact: false }).first().waitFor();
      // Shown as text: the payload's own characters are on the page.
      await room.getByText(`<script>fetch('${CANARY}yjs-text-script')`, { exact: false }).first().waitFor();
      await room.getByText(`<script>fetch('${CANARY}action-script')`, { exact: false }).first().waitFor();
      await poke(room);

      step('const concluded = await');
      const concluded = await app.request('POST', `/api/meetings/${meetingId}/conclude`, {
        cookie: chairCookie,
        body: { notReached: [{ decisionId: undecided.id, reason: payloads('not-reached').join(' ') }] },
      });
      expect(concluded.status).toBe(200);
      const addendum = await app.request('POST', `/api/meetings/${meetingId}/addenda`, {
        cookie: policeCookie,
        body: { sectionKey: 'reason', text: payloads('addendum').join(' ') },
      });
      expect(addendum.status).toBe(201);
      await app.request('POST', `/api/meetings/${meetingId}/addenda/${addendum.body.id}/sign-off`, {
        cookie: chairCookie,
      });
    } finally {
      chairEvents.close();
      policeEvents.close();
    }

    step('// The concluded room');
    // The concluded room (final record panel, addenda), the dashboard, and the auditor's pages.
    const concludedRoom = await open('concluded room', health, `/meetings/${meetingId}`);
    await concludedRoom.locator('[data-testid=meeting-status][data-status="concluded"]').waitFor();
    await concludedRoom.getByText(`<script>fetch('${CANARY}addendum-script')`, { exact: false }).first().waitFor();
    await poke(concludedRoom);
    const dashboard = await open('dashboard', health, '/');
    await dashboard.locator(`tr[data-meeting-id="${meetingId}"]`).first().waitFor();
    await poke(dashboard);
    step('const audit = await open');
    const audit = await open('audit trail', auditor, '/audit');
    await audit.locator('table').getByText('Pat <script>', { exact: false }).first().waitFor();
    await poke(audit);
    step('const finalRecord = await open');
    const finalRecord = await open('final record', auditor, `/audit/meetings/${meetingId}/final-record`);
    await finalRecord.locator('[data-version="1"]').first().waitFor();
    await poke(finalRecord);
    const history = await open('record history', auditor, `/audit/meetings/${meetingId}/history`);
    await history.getByLabel('Why do you need to read this record?').fill('Security review');
    await history.getByRole('button', { name: 'Read the record' }).click();
    await history.locator('[data-testid=record-history] [data-section="reason"]').waitFor();
    await poke(history);

    step("// The sealed record's HTML");
    // The sealed record's HTML, as the server renders and serves it (its own headers, its own CSP).
    const versions = await app.request('GET', `/api/meetings/${meetingId}/records`, { cookie: chairCookie });
    expect(versions.status).toBe(200);
    const latest = (versions.body.versions as { version: number }[])[0]!.version;
    const htmlUrl = `${app.url}/api/meetings/${meetingId}/records/${latest}/full.html`;
    const download = await fetch(htmlUrl, { headers: { cookie: chairCookie } });
    expect(download.status).toBe(200);
    const html = await download.text();
    const csp = download.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-eval/);
    // Every payload is text: no element or attribute of them survives unescaped.
    expect(html).not.toMatch(/<(script|img|svg|iframe|a)\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(on[a-z]+|style|href|src)\s*=/i);
    expect(html).toContain('&lt;script&gt;');
    const sealed = await open('sealed record HTML', police, '/');
    await sealed.route(htmlUrl, (route) =>
      route.fulfill({
        status: 200,
        body: html,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
      }),
    );
    await sealed.goto(htmlUrl);
    await sealed.getByText(`<script>fetch('${CANARY}view-script')`, { exact: false }).first().waitFor();
    await poke(sealed);

    await expectNothingRan();

    // Control: the harness does see a payload that reaches the DOM as HTML. Its image loads (and is
    // reported), its inline handler is refused by the CSP (and reported), and it never runs.
    const control = await browser.newContext();
    await recordCspViolations(control);
    const controlPage = await control.newPage();
    const seen: string[] = [];
    controlPage.on('request', (request) => void (request.url().includes(CANARY) && seen.push(request.url())));
    await controlPage.goto(`${app.url}/sign-in`);
    await controlPage.evaluate((canary) => {
      const div = document.createElement('div');
      div.innerHTML = `<img src="${canary}control" onerror="window.__xss=1">`;
      document.body.append(div);
    }, CANARY);
    await eventually(async () => {
      expect(seen).toEqual([`${app.url}${CANARY}control`]);
      expect((await cspViolations(controlPage)).map((v) => v.directive)).toContain('script-src-attr');
    });
    expect(await controlPage.evaluate(() => (window as { __xss?: unknown }).__xss ?? null)).toBeNull();
    await control.close();
  }, 180_000);
});
