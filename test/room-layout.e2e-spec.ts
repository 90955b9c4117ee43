/**
 * The meeting room as one screen for a live meeting (issue 15, item 7), in
 * headless Chromium at a desktop (1366×900) and a phone (390×844): no control
 * off-screen, no horizontal page scroll, who is here visible while the
 * decisions are, a page far shorter than the 11,000–15,700 px it was, and a
 * print layout without buttons, forms or presence chrome.
 *
 * DOM hooks: `[data-testid=room-side-panel]` (presence, decisions, actions),
 * `#room-tabs` with `role=tab` links and `[data-room-panel]` panels.
 */
import type { Page } from 'playwright-core';
import { EventsClient } from '../server/test/support/meeting-events-client';
import type { TestUser } from '../server/test/support/test-app';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, signIn } from './support/pages';

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Controls in the room whose box does not fit the viewport's width (rendered ones only). */
function controlsOffScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      'main button, main a[href], main input, main select, main textarea, main [role=tab], main [contenteditable=true]',
    )) {
      // Visually hidden on purpose (GOV.UK's pattern) or not rendered: not a control anyone sees.
      if (el.closest('.govuk-visually-hidden')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      // Hidden by a scrolling ancestor that clips it (a table container scrolled sideways) counts as off-screen too.
      if (box.left < -0.5 || box.right > width + 0.5) {
        out.push(
          `${el.tagName.toLowerCase()} "${(el.textContent ?? el.getAttribute('name') ?? '').trim().slice(0, 40)}" ${Math.round(box.left)}–${Math.round(box.right)}`,
        );
      }
    }
    return out;
  });
}

function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: (document.scrollingElement ?? document.documentElement).scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

function pageHeight(page: Page): Promise<number> {
  return page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollHeight);
}

/** Whether the element's box overlaps the viewport (some of it can be seen). */
function inViewport(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const box = el.getBoundingClientRect();
      return (
        box.bottom > 0 &&
        box.top < window.innerHeight &&
        box.right > 0 &&
        box.left < window.innerWidth &&
        box.height > 0
      );
    });
}

describeInBrowser('the meeting room on one screen', (suite) => {
  let chair: TestUser;
  let officer: TestUser;
  let meetingId: string;

  /** A live discussion with a decision (views from two agencies) and three actions: what a real room holds. */
  beforeAll(async () => {
    chair = await suite.app.createUser({ displayName: 'Sam Chair', jobTitle: 'Team manager' });
    officer = await suite.app.createUser({
      displayName: 'DS Jordan Officer',
      jobTitle: 'Detective',
      agency: 'police',
    });
    const { meeting, chairCookie } = await suite.app.createMeeting(chair, [{ member: officer, role: 'participant' }], {
      reference: 'SD-LAYOUT-1',
    });
    meetingId = meeting.id;
    const started = await suite.app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie });
    expect(started.status).toBe(200);
    const chairEvents = await EventsClient.connect(suite.app.url, { cookie: chairCookie });
    const officerEvents = await EventsClient.connect(suite.app.url, { cookie: await suite.app.signIn(officer) });
    try {
      for (const client of [chairEvents, officerEvents]) await client.ok('meeting:join', { meetingId });
      const decision = await chairEvents.ok('decision:open', { meetingId, childIds: [meeting.children[0]!.id] });
      const view = { harm: 'yes', recommendedOption: 's47-joint', reasons: 'Bruising consistent with the account.' };
      await chairEvents.ok('view:record', { meetingId, decisionId: decision.id, ...view });
      await officerEvents.ok('view:record', { meetingId, decisionId: decision.id, ...view });
      for (const description of [
        'Share the incident log with children’s social care and the school nurse',
        'Arrange a child protection medical at the hospital',
        'Visit the child at school with a police officer',
      ]) {
        await chairEvents.ok('action:create', {
          meetingId,
          description,
          ownerUserId: officer.user.id,
          ownerAgency: 'police',
          dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        });
      }
    } finally {
      chairEvents.close();
      officerEvents.close();
    }
  });

  async function openRoomAt(viewport: { width: number; height: number }): Promise<Page> {
    const page = await suite.newPage({ viewport });
    await signIn(page, suite.app.url, chair);
    await page.goto(`${suite.app.url}/meetings/${meetingId}`);
    await page.locator('#connection-status[data-state="saved"]').waitFor();
    await page.locator('#action-log tr[data-action-id]').nth(2).waitFor();
    await page.locator('[data-testid=view-summary] tr[data-agency="police"]').waitFor();
    return page;
  }

  for (const [name, viewport] of [
    ['a desktop', DESKTOP],
    ['a phone', PHONE],
  ] as const) {
    it(`fits ${name} (${viewport.width}×${viewport.height}): no control off-screen, no sideways scroll, who is here stays in view`, async () => {
      const page = await openRoomAt(viewport);
      const height = await pageHeight(page);
      if (process.env.ROOM_SHOTS) await page.screenshot({ path: `/tmp/h4/room-${viewport.width}.png`, fullPage: true });
      process.stdout.write(`[room layout] ${name}: room page height ${height}px\n`);

      expect(await controlsOffScreen(page)).toEqual([]);
      const overflow = await horizontalOverflow(page);
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);

      // The chair works on the decision: who is here is still on screen.
      await page.locator('#decisions-heading').scrollIntoViewIfNeeded();
      await page.locator('#decisions-heading').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      expect(await inViewport(page, '#decisions-heading')).toBe(true);
      expect(await inViewport(page, '#presence-list')).toBe(true);

      // And further down, at the action log's buttons.
      const change = page
        .locator('#action-log tr[data-action-id]')
        .last()
        .getByRole('button', { name: /^Change action/ });
      await change.scrollIntoViewIfNeeded();
      expect(await inViewport(page, '#presence-list')).toBe(true);

      if (viewport === DESKTOP) expect(height).toBeLessThan(5000);
      await expectNoAxeViolations(page);
      await page.context().close();
    });
  }

  it('lets the chair move the room through the record; another member sees and hears it', async () => {
    const officer = await suite.app.createUser({
      displayName: 'PC Alex Agenda',
      jobTitle: 'Constable',
      agency: 'police',
    });
    const { meeting } = await suite.app.createMeeting(chair, [{ member: officer, role: 'participant' }], {
      reference: 'SD-AGENDA-1',
    });
    const chairPage = await suite.newPage({ viewport: DESKTOP });
    const officerPage = await suite.newPage({ viewport: PHONE });
    await signIn(chairPage, suite.app.url, chair);
    await signIn(officerPage, suite.app.url, officer);
    for (const page of [chairPage, officerPage]) {
      await page.goto(`${suite.app.url}/meetings/${meeting.id}`);
      await page.locator('[data-testid=agenda][data-section=""]').waitFor();
    }
    // Only the chair has the control.
    await expect(officerPage.getByLabel('Move the discussion to').count()).resolves.toBe(0);
    await expect(officerPage.getByTestId('agenda-now').textContent()).resolves.toContain('has not chosen');

    // A move without a choice is refused in words, and nothing moves.
    await chairPage.getByRole('button', { name: 'Move the discussion' }).click();
    await chairPage.locator('#agenda-section-error').waitFor();

    await chairPage.getByLabel('Move the discussion to').selectOption({ label: 'Information shared by each agency' });
    await chairPage.getByRole('button', { name: 'Move the discussion' }).click();
    await officerPage.locator('[data-testid=agenda][data-section="agency-information"]').waitFor();
    await expect(officerPage.getByTestId('agenda-now').textContent()).resolves.toContain(
      'Now discussing: Information shared by each agency',
    );
    await officerPage.locator('[data-section="agency-information"][data-current="true"]').waitFor();
    await officerPage.waitForFunction(() =>
      document
        .querySelector('[data-testid=agenda-announcer]')
        ?.textContent?.includes('Now discussing: Information shared by each agency'),
    );
    await expectNoAxeViolations(officerPage);

    // "Next section" moves on; both see it.
    await chairPage.getByRole('button', { name: /^Next section/ }).click();
    await officerPage.locator('[data-testid=agenda][data-section="analysis"]').waitFor();
    await officerPage.waitForFunction(() =>
      document.querySelector('[data-testid=agenda-announcer]')?.textContent?.includes('Now discussing: Analysis'),
    );
    await chairPage.locator('[data-section="analysis"][data-current="true"]').waitFor();
    await expectNoAxeViolations(chairPage);
    await chairPage.context().close();
    await officerPage.context().close();
  });

  it('shows a colleague’s caret label while they type, and hides it after a couple of seconds idle', async () => {
    const chairPage = await openRoomAt(DESKTOP);
    const officerPage = await suite.newPage({ viewport: DESKTOP });
    await signIn(officerPage, suite.app.url, officer);
    await officerPage.goto(`${suite.app.url}/meetings/${meetingId}`);
    await officerPage.locator('#connection-status[data-state="saved"]').waitFor();
    await officerPage.locator('[data-section="analysis"] .ProseMirror').click();
    await officerPage.keyboard.type('Risk is high while the adult remains at home.');

    const label = chairPage.locator(
      `[data-section="analysis"] .collaboration-carets__label[data-user-id="${officer.user.id}"]`,
    );
    await chairPage.waitForFunction(
      (id) =>
        [...document.querySelectorAll(`.collaboration-carets__label[data-user-id="${id}"]`)].some(
          (el) => getComputedStyle(el).opacity === '1',
        ),
      officer.user.id,
    );
    await expect(label.textContent()).resolves.toBe('DS Jordan Officer');
    // Idle: the label fades and stops covering the line above within a few seconds.
    await chairPage.waitForFunction(
      (id) =>
        [...document.querySelectorAll(`.collaboration-carets__label[data-user-id="${id}"]`)].every(
          (el) => getComputedStyle(el).opacity === '0',
        ),
      officer.user.id,
      { timeout: 6_000 },
    );
    await officerPage.context().close();
    await chairPage.context().close();
  });

  it('prints the record, decisions and actions on A4 without buttons, forms, navigation or presence', async () => {
    const page = await openRoomAt(DESKTOP);
    await page.locator('[data-section="reason"] .ProseMirror').click();
    await page.keyboard.type('Bruising seen at nursery; the child named an adult at home.');
    await page.locator('#connection-status[data-state="saved"]').waitFor();
    await page.emulateMedia({ media: 'print' });

    const shown = (selector: string) =>
      page.evaluate(
        (s) =>
          [...document.querySelectorAll<HTMLElement>(s)]
            .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
            .map((el) => `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 30)}`),
        selector,
      );
    expect(await shown('button, input, select, textarea, form, header, nav, [role=tab]')).toEqual([]);
    expect(await shown('#presence-list, #connection-status, #meeting-events-status')).toEqual([]);
    expect((await shown('[data-section="reason"] .ProseMirror')).join()).toContain('Bruising seen at nursery');
    expect(await shown('#decisions-heading, #actions-heading, #safety-plan-heading')).toHaveLength(3);
    expect(await shown('#action-log tr[data-action-id]')).toHaveLength(3);
    // Nothing is cut off: the side panel does not scroll on paper.
    expect(await page.locator('.rt-room__live').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);

    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.context().close();
  });
});
