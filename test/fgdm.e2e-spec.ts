/**
 * Family group decision-making end to end, in headless Chromium against the
 * real server (DOMAIN-PATHWAY §5): the coordinator convenes an FGDM (over the
 * API), invites two family members (the real invite → emailed code → sign-in
 * flow), gives information (a bottom line) and starts private family time
 * after the confirmation. The two family members, each on a phone-sized page
 * (390×844) in their own browser context, write the plan together and see each
 * other's words live. The coordinator's open room shows none of the draft: a
 * canary the family types is in no text, WebSocket frame or HTTP body the
 * coordinator's page receives. The family shares; the coordinator sees it,
 * records "keeps the child safe: yes, agreed" and adds a support item; the
 * family sees the response. Axe on every family page and on the panel.
 *
 * DOM hooks: `#fgdm-panel`, `[data-testid=fgdm-stage][data-stage]`, `[data-testid=fgdm-next-stage]`,
 * `[data-testid=private-family-time-notice]`, `[data-testid=plan-presentation]`,
 * `[data-testid=fgdm-response][data-outcome]`, `#family-plan-editor .ProseMirror`,
 * `#family-plan-connection[data-state]`, `[data-testid=family-editors]`, `[data-testid=share-plan]`.
 */
import type { Page } from 'playwright-core';
import { signInFamilyMember } from '../server/test/support/family';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, showRoomTab, signIn } from './support/pages';

const CANARY = 'CANARY-FGDM-51c2e8';
const CANARY_BYTES = Buffer.from(CANARY);
const PHONE = { width: 390, height: 844 };
const LIVE_MS = 5_000;
/** The room reads the FGDM state every 5 s, the family page every 10 s; a focus event asks at once. */
const POLLED_MS = 15_000;

/** Every byte the page receives over WebSockets and in HTTP bodies, kept to search for the canary. */
function captureReceived(page: Page): { frames: Buffer[]; bodies: Buffer[] } {
  const frames: Buffer[] = [];
  const bodies: Buffer[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      frames.push(typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload));
    });
  });
  page.on('response', (response) => {
    void response
      .body()
      .then((body) => bodies.push(body))
      .catch(() => undefined);
  });
  return { frames, bodies };
}

/** Asks the page to read again now (the pages read on focus as well as on their interval). */
const refocus = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')));

describeInBrowser('family group decision-making', (suite) => {
  it('the family writes its plan in private, shares it, and reads the professionals’ response', async () => {
    const coordinator = await suite.app.createUser({ displayName: 'Casey Coordinator', jobTitle: 'FGDM coordinator' });
    const { meeting, chairCookie } = await suite.app.createMeeting(coordinator, [], { type: 'fgdm' });
    expect(meeting.type).toBe('fgdm');
    expect((await suite.app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie })).status).toBe(
      200,
    );
    const mum = await signInFamilyMember(suite.app, chairCookie, meeting.id, {
      displayName: 'Dana Parent',
      email: 'dana.parent@example.org',
      relationship: 'parent',
    });
    const nan = await signInFamilyMember(suite.app, chairCookie, meeting.id, {
      displayName: 'Pat Grandparent',
      email: 'pat.grandparent@example.org',
      relationship: 'family-network',
    });

    // The coordinator's room, kept open throughout; every byte it receives is kept.
    const room = await suite.newPage();
    const received = captureReceived(room);
    await signIn(room, suite.app.url, coordinator);
    await room.goto(`${suite.app.url}/meetings/${meeting.id}`);
    await showRoomTab(room, 'Family group decision-making');
    const panel = room.locator('#fgdm-panel');
    await panel.locator('[data-testid=fgdm-stage][data-stage=preparation]').waitFor();

    // Information-giving, with a bottom line.
    await panel.getByRole('button', { name: 'Start information-giving' }).click();
    await panel.locator('[data-testid=fgdm-stage][data-stage=information-giving]').waitFor();
    await panel.getByLabel('Add a bottom line').fill('Ruby must not be left alone with Mr Smith.');
    await panel.getByRole('button', { name: 'Add bottom line' }).click();
    await panel.getByTestId('bottom-lines').getByText('Ruby must not be left alone with Mr Smith.').waitFor();
    await expectNoAxeViolations(room);

    // Private family time starts only after the confirmation.
    await panel.getByRole('button', { name: 'Start private family time' }).click();
    await panel
      .getByText('Everyone except the family leaves. You will not see the family’s plan until they share it.')
      .waitFor();
    await panel.getByRole('button', { name: 'Yes, start private family time' }).click();
    await panel.getByTestId('private-family-time-notice').waitFor();
    await expectNoAxeViolations(room);

    // Two family members, each on a phone, in their own browser context with their own family cookie.
    const familyPage = async (cookie: string): Promise<Page> => {
      // Reduced motion: a caret name label fading out mid-way is not what axe should judge the contrast of.
      const page = await suite.newPage({ viewport: PHONE, reducedMotion: 'reduce' });
      const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
      await page.context().addCookies([{ name, value, url: suite.app.url }]);
      // From the family home, as a family member would find it.
      await page.goto(`${suite.app.url}/family`);
      await page.getByRole('link', { name: 'Write your family’s plan together' }).click();
      await page.locator('#family-plan-connection[data-state=saved]').waitFor({ timeout: LIVE_MS });
      return page;
    };
    const mumPage = await familyPage(mum.cookie);
    const nanPage = await familyPage(nan.cookie);
    await mumPage.getByText('Ruby must not be left alone with Mr Smith.').waitFor();
    await mumPage.getByTestId('family-private-notice').waitFor();
    await mumPage.getByTestId('family-editors').filter({ hasText: 'Pat Grandparent' }).waitFor({ timeout: LIVE_MS });
    await nanPage.getByTestId('family-editors').filter({ hasText: 'Dana Parent' }).waitFor({ timeout: LIVE_MS });
    await expectNoAxeViolations(mumPage);

    // They write together and see each other's words as they type.
    const mumEditor = mumPage.locator('#family-plan-editor .ProseMirror');
    const nanEditor = nanPage.locator('#family-plan-editor .ProseMirror');
    await mumEditor.click();
    await mumPage.keyboard.type(`${CANARY} Dana takes Ruby to school every day.`);
    await nanEditor.filter({ hasText: `${CANARY} Dana takes Ruby to school every day.` }).waitFor({ timeout: LIVE_MS });
    await nanEditor.click();
    await nanPage.keyboard.press('Control+End');
    await nanPage.keyboard.press('Enter');
    await nanPage.keyboard.type('Pat collects Ruby and stays until Dana is home.');
    await mumEditor
      .filter({ hasText: 'Pat collects Ruby and stays until Dana is home.' })
      .waitFor({ timeout: LIVE_MS });
    await mumPage.locator('#family-plan-connection[data-state=saved]').waitFor({ timeout: LIVE_MS });
    await nanPage.locator('#family-plan-connection[data-state=saved]').waitFor({ timeout: LIVE_MS });
    await expectNoAxeViolations(nanPage);

    // The coordinator's room has received none of the draft: not in its text, frames or bodies.
    await refocus(room);
    await room.waitForTimeout(1_000);
    await expect(room.locator('body').textContent()).resolves.not.toContain(CANARY);
    await expect(panel.getByTestId('no-presentations').textContent()).resolves.toBe(
      'The family has not shared a plan yet.',
    );
    expect(received.frames.length).toBeGreaterThan(0);
    expect(received.bodies.length).toBeGreaterThan(0);
    expect(received.frames.filter((frame) => frame.includes(CANARY_BYTES))).toEqual([]);
    expect(received.bodies.filter((body) => body.includes(CANARY_BYTES))).toEqual([]);

    // The family shares its plan, after the confirmation.
    await mumPage.getByRole('button', { name: 'Share our plan with the professionals' }).click();
    await mumPage.getByRole('button', { name: 'Yes, share our plan' }).click();
    await mumPage.getByTestId('share-plan-done').waitFor();
    await expectNoAxeViolations(mumPage);

    // The coordinator sees it, moves on to the response and records it; then adds a support item.
    await refocus(room);
    const shared = panel.locator('[data-testid=plan-presentation][data-version="1"]');
    await shared.waitFor({ timeout: POLLED_MS });
    await expect(shared.getByTestId('plan-presentation-text').textContent()).resolves.toContain(
      'Pat collects Ruby and stays until Dana is home.',
    );
    // The capture works: the same search finds the canary once the family has shared the plan.
    expect(received.bodies.some((body) => body.includes(CANARY_BYTES))).toBe(true);
    await panel.getByRole('button', { name: 'End private family time: the family presents its plan' }).click();
    await panel.locator('[data-testid=fgdm-stage][data-stage=plan-presentation]').waitFor();
    await panel.getByRole('button', { name: 'Move on to the professionals’ response' }).click();
    await panel.locator('[data-testid=fgdm-stage][data-stage=response]').waitFor();
    const response = panel.locator('#fgdm-response-form');
    await response.getByLabel('Yes').check();
    await response.getByLabel('Agreed', { exact: true }).check();
    await expectNoAxeViolations(room);
    await response.getByRole('button', { name: 'Record the response' }).click();
    await shared.locator('[data-testid=fgdm-response][data-outcome=agreed]').waitFor();

    const support = panel.locator('#add-support-form');
    await support.getByLabel('Who the support is for').fill('Pat Grandparent');
    await support.getByLabel('What support').fill('Bus fares for the school run');
    await support.getByLabel('Cost in pounds').fill('240');
    await support.getByLabel('How often and for how long').fill('Weekly for 12 weeks');
    await support.getByLabel('Yes, approved').check();
    await support.getByRole('button', { name: 'Add support' }).click();
    await panel.locator('#fgdm-support tr[data-support-id]', { hasText: 'Bus fares for the school run' }).waitFor();
    await expect(panel.locator('#fgdm-support caption').textContent()).resolves.toBe('Approved support: £240 in total');
    await expectNoAxeViolations(room);

    // The family reads the response and the support.
    await refocus(nanPage);
    await nanPage.locator('[data-testid=fgdm-response][data-outcome=agreed]').waitFor({ timeout: POLLED_MS });
    await expect(nanPage.getByTestId('fgdm-response').textContent()).resolves.toContain(
      'The professionals think your plan keeps the child safe.',
    );
    await nanPage.getByText('Bus fares for the school run').waitFor({ timeout: POLLED_MS });
    // Phone first: nothing on the page is wider than the phone.
    for (const page of [mumPage, nanPage]) {
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    }
    // Professionals appear to the family by agency and role only: never by name.
    await expect(nanPage.locator('body').textContent()).resolves.not.toContain('Casey Coordinator');
    await expectNoAxeViolations(nanPage);
  }, 180_000);
});
