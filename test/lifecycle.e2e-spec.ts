/**
 * The meeting lifecycle in headless Chromium, against the real server: the
 * chair starts and concludes a discussion while a participant's page stays
 * open; the participant's editor turns read-only without a reload; an
 * addendum is added and signed off; axe finds nothing.
 *
 * DOM hooks the client keeps stable for these tests:
 * - `[data-testid=meeting-status][data-status]`   scheduled | live | concluded
 * - `#start-meeting`, `#open-conclude`, `#conclude-form` (textareas `#not-reached-<decision id>`)
 * - `[data-testid=concluded-banner]`, `[data-testid=read-only-notice]`
 * - `#addenda`, `#addendum-form` (`#addendum-section`, `#addendum-text`), `[data-addendum-id][data-signed-off]`,
 *   `[data-section-addenda=<section key>]`
 * - `#attendance tr[data-attendee=<user id>]`, `#clocks [data-clock=<key>] [data-clock-status]`
 */
import { documentName } from '@roundtable/shared/realtime';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { DocumentStore } from '../server/src/realtime/collab/document-store.service';
import { type TestApp } from '../server/test/support/test-app';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, showRoomTab, signIn } from './support/pages';
import { eventually } from '../server/test/support/eventually';

async function openRoom(page: Page, baseUrl: string, meetingId: string): Promise<void> {
  await page.locator(`#meetings-table tr[data-meeting-id="${meetingId}"] a`).first().click();
  await page.waitForURL(`${baseUrl}/meetings/${meetingId}`);
  await page.locator('#meeting-events-status[data-state="connected"]').waitFor();
}

const reasonEditor = (page: Page) => page.locator('#record [data-section="reason"] .ProseMirror');

/** The record's reason section as PostgreSQL has it. */
async function storedReason(app: TestApp, meetingId: string): Promise<string> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await app.get(DocumentStore).encodeState(documentName(meetingId, 'record')));
  return doc.getXmlFragment('reason').toString();
}

describeInBrowser('the meeting lifecycle in headless Chromium', (suite) => {
  it('starts and concludes a discussion while a participant stays, whose editor turns read-only at once; addenda after', async () => {
    const chair = await suite.app.createUser({ displayName: 'Sam Chair', jobTitle: 'Team manager' });
    const officer = await suite.app.createUser({
      displayName: 'DS Jordan Officer',
      jobTitle: 'Detective',
      agency: 'police',
    });
    const { meeting } = await suite.app.createMeeting(chair, [{ member: officer, role: 'participant' }], {
      reference: 'SD-LIFE-1',
    });
    const chairPage = await suite.newPage();
    const officerPage = await suite.newPage();
    await signIn(chairPage, suite.app.url, chair);
    await signIn(officerPage, suite.app.url, officer);
    await openRoom(chairPage, suite.app.url, meeting.id);
    await openRoom(officerPage, suite.app.url, meeting.id);
    await officerPage.evaluate(() => document.documentElement.setAttribute('data-test-mark', 'still-here'));

    // Scheduled: the chair starts it; the participant's page follows without a reload.
    await chairPage.locator('[data-testid=meeting-status][data-status="scheduled"]').waitFor();
    await expect(officerPage.locator('#start-meeting').count()).resolves.toBe(0);
    await chairPage.locator('#start-meeting').click();
    await chairPage.locator('[data-testid=meeting-status][data-status="live"]').waitFor();
    await officerPage.locator('[data-testid=meeting-status][data-status="live"]').waitFor();

    // The participant writes in the record while it is live.
    await reasonEditor(officerPage).click();
    await officerPage.keyboard.type('Bruising seen at school today.');
    await eventually(async () => expect(await storedReason(suite.app, meeting.id)).toContain('Bruising seen'));

    // A decision left open must be recorded as not reached.
    await chairPage.getByTestId('decision-panel').getByRole('button', { name: 'Open a decision' }).click();
    await chairPage.getByTestId('open-decision-form').getByRole('button', { name: 'Open decision for views' }).click();
    const decision = chairPage.locator('[data-decision-id][data-status="open"]');
    await decision.waitFor();
    const decisionId = (await decision.getAttribute('data-decision-id')) as string;

    await chairPage.locator('#open-conclude').click();
    const form = chairPage.locator('#conclude-form');
    await form.getByRole('button', { name: 'Conclude the discussion' }).click();
    const summary = form.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(summary.getByRole('link').textContent()).resolves.toContain('was not reached');
    await expectNoAxeViolations(chairPage);
    await summary.getByRole('link').first().click();
    await expect(chairPage.evaluate(() => document.activeElement?.id)).resolves.toBe(`not-reached-${decisionId}`);
    await chairPage.keyboard.type('The paediatrician’s view is needed first.');
    await form.getByRole('button', { name: 'Conclude the discussion' }).click();
    await chairPage.locator('[data-testid=meeting-status][data-status="concluded"]').waitFor();
    await chairPage.getByTestId('concluded-banner').waitFor();

    // The participant's page was never reloaded; its editor is read-only now.
    await officerPage.locator('[data-testid=meeting-status][data-status="concluded"]').waitFor();
    await officerPage.getByTestId('concluded-banner').waitFor();
    await expect(reasonEditor(officerPage).getAttribute('contenteditable')).resolves.toBe('false');
    await officerPage.locator(`[data-decision-id="${decisionId}"][data-status="not-reached"]`).waitFor();
    await expect(officerPage.evaluate(() => document.documentElement.getAttribute('data-test-mark'))).resolves.toBe(
      'still-here',
    );
    await reasonEditor(officerPage).click();
    await officerPage.keyboard.type(' Typed after the end.');
    await expect(storedReason(suite.app, meeting.id)).resolves.not.toContain('after the end');
    await expectNoAxeViolations(officerPage);

    // The participant adds an addendum; the chair signs it off; it shows under its section.
    const addendumForm = officerPage.locator('#addendum-form');
    await addendumForm.getByRole('button', { name: 'Add addendum' }).click();
    await addendumForm.getByTestId('error-summary').waitFor();
    await addendumForm.getByLabel('Section').selectOption('medical');
    await addendumForm.getByLabel('Addendum').fill('The child protection medical took place at 15:30.');
    await addendumForm.getByRole('button', { name: 'Add addendum' }).click();
    const officerAddendum = officerPage.locator('#addenda [data-addendum-id][data-signed-off="false"]');
    await officerAddendum.waitFor();
    await officerPage.locator('[data-section-addenda="medical"] [data-addendum-id]').waitFor();

    await chairPage.reload();
    await chairPage.locator('[data-testid=meeting-status][data-status="concluded"]').waitFor();
    const chairAddendum = chairPage.locator('#addenda [data-addendum-id]');
    await chairAddendum.getByRole('button', { name: /Sign off/ }).click();
    await chairPage.locator('#addenda [data-addendum-id][data-signed-off="true"]').waitFor();
    await expect(chairAddendum.textContent()).resolves.toContain('Signed off by Sam Chair');

    // The register and the clocks after conclusion.
    await showRoomTab(chairPage, /^People/);
    await chairPage.locator(`#attendance tr[data-attendee="${officer.user.id}"]`).waitFor();
    await showRoomTab(chairPage, 'Details and timescales');
    await chairPage.locator('#clocks [data-clock="record-circulation"] [data-clock-status]').waitFor();
    await expectNoAxeViolations(chairPage);
  });
});
