/**
 * Need-to-know in headless Chromium, against the real server: a police member
 * adds restricted information (police only) beside a record section and types
 * a canary into it; an education member with the room open never receives it
 * — not in the page's text, not in any WebSocket frame (Yjs or socket.io) nor
 * any HTTP body the page receives — and sees only the withheld notice; the
 * chair lifts the restriction with a lawful basis and a reason, and the
 * education page then shows the text, without a reload. Axe on every state.
 *
 * DOM hooks: `[data-testid=section-compartments][data-section-key=<key>]`,
 * `[data-testid=compartment][data-access=open|withheld]`, `[data-testid=compartment-tag]`,
 * `[data-testid=withheld-notice]`, `[data-testid=share-compartment-form]`,
 * `.rt-compartment__state[data-state]` (the compartment editor's save state).
 */
import type { Page } from 'playwright-core';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, signIn } from './support/pages';

const SECTION = 'agency-information';
const SECTION_TITLE = 'Information shared by each agency';
const CANARY = 'CANARY-NTK-7f3a9c Dean is a suspect in an active operation';
const CANARY_BYTES = Buffer.from('CANARY-NTK-7f3a9c');
const LIVE_MS = 5_000;

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

async function openRoom(page: Page, url: string, meetingId: string): Promise<void> {
  await page.goto(`${url}/meetings/${meetingId}`);
  await page.locator('#meeting-events-status[data-state="connected"]').waitFor();
  await page.locator(`[data-section="${SECTION}"] .ProseMirror`).waitFor();
}

const compartments = (page: Page) =>
  page.locator(`[data-testid="section-compartments"][data-section-key="${SECTION}"] [data-testid="compartment"]`);

describeInBrowser('need-to-know: restricted information in the room', (suite) => {
  it('police-only information never reaches education’s open page until the chair lifts it', async () => {
    const chair = await suite.app.createUser({ displayName: 'Sam Chair', jobTitle: 'Team manager' });
    const officer = await suite.app.createUser({
      displayName: 'DS Jordan Officer',
      jobTitle: 'Detective',
      agency: 'police',
    });
    const teacher = await suite.app.createUser({
      displayName: 'Alex Teacher',
      jobTitle: 'Designated safeguarding lead',
      agency: 'education',
    });
    const { meeting, chairCookie } = await suite.app.createMeeting(
      chair,
      [
        { member: officer, role: 'participant' },
        { member: teacher, role: 'participant' },
      ],
      { reference: 'SD-NTK-1' },
    );
    expect((await suite.app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie })).status).toBe(
      200,
    );

    // Education has the room open first, and keeps every byte it receives from here on.
    const teacherPage = await suite.newPage();
    const received = captureReceived(teacherPage);
    await signIn(teacherPage, suite.app.url, teacher);
    await openRoom(teacherPage, suite.app.url, meeting.id);
    await teacherPage.evaluate(() => document.documentElement.setAttribute('data-test-mark', 'not-reloaded'));

    // Police adds restricted information beside the section: "Police only" is its default audience.
    const officerPage = await suite.newPage();
    await signIn(officerPage, suite.app.url, officer);
    await openRoom(officerPage, suite.app.url, meeting.id);
    await officerPage.getByRole('button', { name: `Add restricted information to ${SECTION_TITLE}` }).click();
    const addForm = officerPage.getByTestId('add-compartment-form');
    await expect(addForm.getByLabel('Police only').isChecked()).resolves.toBe(true);
    await expectNoAxeViolations(officerPage);
    await addForm.getByRole('button', { name: 'Add restricted information' }).click();

    const officerCompartment = compartments(officerPage).first();
    await officerCompartment.and(officerPage.locator('[data-access="open"]')).waitFor({ timeout: LIVE_MS });
    await expect(officerCompartment.getByTestId('compartment-tag').textContent()).resolves.toBe(
      'Restricted: Police only',
    );
    const editor = officerCompartment.locator('.ProseMirror');
    await editor.click();
    await officerPage.keyboard.type(CANARY);
    await officerCompartment.locator('.rt-compartment__state[data-state="saved"]').waitFor({ timeout: LIVE_MS });
    await expect(editor.textContent()).resolves.toContain(CANARY);
    await expectNoAxeViolations(officerPage);

    // Education sees where it is and the notice alone: never the text, nor who wrote it.
    const withheld = compartments(teacherPage).first();
    await withheld.and(teacherPage.locator('[data-access="withheld"]')).waitFor({ timeout: LIVE_MS });
    await expect(withheld.textContent()).resolves.toBe('Information withheld: police restricted');
    await expect(teacherPage.locator('body').textContent()).resolves.not.toContain('CANARY-NTK');
    await expectNoAxeViolations(teacherPage);
    // Give any stray broadcast time to arrive before searching what was received.
    await teacherPage.waitForTimeout(500);
    expect(received.frames.length).toBeGreaterThan(0);
    expect(received.frames.filter((frame) => frame.includes(CANARY_BYTES))).toEqual([]);
    expect(received.bodies.filter((body) => body.includes(CANARY_BYTES))).toEqual([]);

    // The chair reads it and lifts the restriction, with a lawful basis and a reason.
    const chairPage = await suite.newPage();
    await signIn(chairPage, suite.app.url, chair);
    await openRoom(chairPage, suite.app.url, meeting.id);
    const chairCompartment = compartments(chairPage).first();
    await chairCompartment.locator('.ProseMirror', { hasText: CANARY }).waitFor({ timeout: LIVE_MS });
    await chairCompartment.getByRole('button', { name: /^Share more widely/ }).click();
    const shareForm = chairPage.getByTestId('share-compartment-form');
    await shareForm.getByLabel('Lift the restriction').check();
    await shareForm.getByLabel(/^Safeguarding of children/).check();
    await shareForm
      .getByLabel('Why is it being shared?')
      .fill('The school must know so it can keep the children safe at pick-up.');
    await expectNoAxeViolations(chairPage);
    await shareForm.getByRole('button', { name: 'Share' }).click();
    await chairCompartment.getByTestId('compartment-tag').filter({ hasText: 'Restriction lifted' }).waitFor();

    // Education's open page now shows it, without a reload.
    const lifted = compartments(teacherPage).first();
    await lifted.and(teacherPage.locator('[data-access="open"]')).waitFor({ timeout: LIVE_MS });
    await lifted.locator('.ProseMirror', { hasText: CANARY }).waitFor({ timeout: LIVE_MS });
    await expect(lifted.getByTestId('compartment-tag').textContent()).resolves.toBe('Restriction lifted');
    await expect(teacherPage.evaluate(() => document.documentElement.getAttribute('data-test-mark'))).resolves.toBe(
      'not-reloaded',
    );
    // The capture works: the same search finds the canary once education may read it.
    expect(received.frames.some((frame) => frame.includes(CANARY_BYTES))).toBe(true);
    await expectNoAxeViolations(teacherPage);
  });
});
