/**
 * Decisions, agency views and the action log in headless Chromium, against the
 * real server, with two people in two browser contexts.
 *
 * DOM hooks the client keeps stable for these tests:
 * - `#meeting-events-status[data-state][data-pending]`  connecting | connected | offline | refused | removed;
 *   data-pending counts changes waiting for an acknowledgement
 * - `[data-testid=live-announcer]`        the one polite live region for others' changes
 * - `[data-testid=decision-panel]`        the decisions section of the meeting room
 * - `[data-decision-id=<id>][data-status]` one decision (open | closed | decided)
 * - `[data-testid=record-view-form]`, `[data-testid=open-decision-form]`, `[data-testid=la-decision-form]`,
 *   `[data-testid=dissent-form]`
 * - `[data-testid=view-summary] tr[data-agency=<agency>]` (cells `[data-field=harm]`,
 *   `[data-field=recommended-option]`) and `tr[data-option=<key>]`
 * - `[data-testid=missing-views-warning]`
 * - `[data-la-decision-id][data-in-force]`, `[data-dissent-id][data-escalation-status]`
 * - `#action-log tr[data-action-id][data-status][data-overdue]`, `[data-testid=overdue-tag]`
 * - `#my-actions tr[data-action-id][data-overdue]`
 */
import type { Page } from 'playwright-core';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, signIn } from './support/pages';

async function openRoom(page: Page, baseUrl: string, meetingId: string): Promise<void> {
  await page.locator(`tr[data-meeting-id="${meetingId}"] a`).first().click();
  await page.waitForURL(`${baseUrl}/meetings/${meetingId}`);
  await page.locator('#meeting-events-status[data-state="connected"]').waitFor();
}

/** Waits until the polite live region has said `text` (it may say more). */
async function waitForAnnouncement(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid=live-announcer]')?.textContent?.includes(expected) ?? false,
    text,
  );
}

/** Marks the document, so a later check can tell that the page was never reloaded. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => document.documentElement.setAttribute('data-test-mark', 'still-here'));
}

async function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.getAttribute('data-test-mark') === 'still-here');
}

describeInBrowser('decisions and the action log in headless Chromium', (suite) => {
  it('takes a decision from agencies’ views to the local authority’s decision, live and accessibly, and logs an action', async () => {
    // Sam Chair (children's social care) chairs; DS Jordan Officer (police) takes part; Alex Student (health) observes.
    const chair = await suite.app.createUser({ displayName: 'Sam Chair', jobTitle: 'Team manager' });
    const officer = await suite.app.createUser({
      displayName: 'DS Jordan Officer',
      jobTitle: 'Detective',
      agency: 'police',
    });
    const student = await suite.app.createUser({
      displayName: 'Alex Student',
      jobTitle: 'Student nurse',
      agency: 'health',
    });
    const { meeting, chairCookie } = await suite.app.createMeeting(
      chair,
      [
        { member: officer, role: 'participant' },
        { member: student, role: 'observer' },
      ],
      { reference: 'SD-DECIDE-1' },
    );

    const chairPage = await suite.newPage();
    const officerPage = await suite.newPage();
    await signIn(chairPage, suite.app.url, chair);
    await signIn(officerPage, suite.app.url, officer);
    await openRoom(chairPage, suite.app.url, meeting.id);
    await openRoom(officerPage, suite.app.url, meeting.id);
    const observerPage = await suite.newPage();
    await signIn(observerPage, suite.app.url, student);
    await openRoom(observerPage, suite.app.url, meeting.id);

    // The chair opens a decision (the meeting's one child is chosen already).
    await chairPage.getByTestId('decision-panel').getByRole('button', { name: 'Open a decision' }).click();
    const openForm = chairPage.getByTestId('open-decision-form');
    await expect(openForm.getByRole('checkbox', { name: 'Ruby Testcase' }).isChecked()).resolves.toBe(true);
    await openForm.getByRole('button', { name: 'Open decision for views' }).click();
    const opened = chairPage.locator('[data-decision-id][data-status="open"]');
    await opened.waitFor();
    const decisionId = (await opened.getAttribute('data-decision-id')) as string;
    const chairDecision = chairPage.locator(`[data-decision-id="${decisionId}"]`);
    const officerDecision = officerPage.locator(`[data-decision-id="${decisionId}"]`);
    await officerDecision.waitFor();
    await waitForAnnouncement(officerPage, 'Sam Chair opened a decision');
    await chairDecision.getByTestId('missing-views-warning').waitFor();

    // The police officer records a view: first without reasons (refused with the GOV.UK error pattern), then with them.
    await markDocument(chairPage);
    const viewForm = officerDecision.getByTestId('record-view-form');
    await expect(viewForm.getByTestId('view-agency').textContent()).resolves.toBe('Police');
    await viewForm.getByRole('radio', { name: 'Yes' }).check();
    await viewForm.getByRole('radio', { name: 'Section 47 enquiry: joint with police' }).check();
    await viewForm.getByRole('button', { name: 'Record your agency’s view' }).click();
    const summary = viewForm.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain('Enter the reasons for your agency’s view');
    await viewForm.getByLabel('Reasons for your agency’s view').fill('Disclosure to a teacher; injuries consistent.');
    await viewForm.getByLabel('Key information relied on (optional)').fill('Police attended the address 12 days ago.');
    await viewForm.getByRole('button', { name: 'Record your agency’s view' }).click();
    await summary.waitFor({ state: 'detached' });
    await viewForm.getByRole('button', { name: 'Change your agency’s view' }).waitFor();

    // The chair sees the police row in the live summary without reloading, and it is announced.
    const policeRow = chairDecision.locator('[data-testid=view-summary] tr[data-agency="police"]');
    await policeRow.waitFor();
    await expect(policeRow.locator('[data-field=harm]').textContent()).resolves.toBe('Yes');
    await expect(policeRow.locator('[data-field=recommended-option]').textContent()).resolves.toBe(
      'Section 47 enquiry: joint with police',
    );
    await expect(
      chairDecision.locator('[data-testid=view-summary] tr[data-option="s47-joint"]').textContent(),
    ).resolves.toContain('Police');
    await waitForAnnouncement(chairPage, 'Police recorded their view');
    expect(await stillSameDocument(chairPage)).toBe(true);
    // Health and children's social care have not given a view: still a warning, never a block.
    await expect(chairDecision.getByTestId('missing-views-warning').textContent()).resolves.toContain('Health');
    await expectNoAxeViolations(chairPage);

    // The observer sees the same summary, read only: no view form, no chair's controls.
    const observerDecision = observerPage.locator(`[data-decision-id="${decisionId}"]`);
    await observerDecision.locator('[data-testid=view-summary] tr[data-agency="police"]').waitFor();
    await expect(observerDecision.getByTestId('record-view-form').count()).resolves.toBe(0);
    await expect(observerDecision.getByRole('button').count()).resolves.toBe(0);
    await expect(observerPage.getByRole('button', { name: 'Open a decision' }).count()).resolves.toBe(0);

    // The chair closes views and records the local authority's decision, which differs from the police view.
    await chairDecision.getByRole('button', { name: 'Close views' }).click();
    await chairDecision.getByRole('button', { name: 'Yes, close views' }).click();
    const laForm = chairDecision.getByTestId('la-decision-form');
    await laForm.waitFor();
    await officerPage.locator(`[data-decision-id="${decisionId}"][data-status="closed"]`).waitFor();
    await laForm.getByRole('checkbox', { name: 'Section 47 enquiry: single agency (local authority)' }).check();
    await laForm.getByRole('checkbox', { name: 'Urgent child protection medical' }).check();
    await laForm.getByLabel('Reasons for the decision').fill('Threshold met; police will not investigate yet.');
    // Options that exclude each other are refused in the error summary, naming both, and nothing is sent.
    await laForm.getByRole('checkbox', { name: 'No further action' }).check();
    await laForm.getByRole('button', { name: 'Record the decision' }).click();
    const laSummary = laForm.getByTestId('error-summary');
    await laSummary.waitFor();
    await expect(laSummary.textContent()).resolves.toContain(
      "'No further action' cannot be recorded with 'Section 47 enquiry: single agency (local authority)'",
    );
    await laForm.getByRole('checkbox', { name: 'No further action' }).uncheck();
    await laForm.getByRole('button', { name: 'Record the decision' }).click();
    await chairPage.locator(`[data-decision-id="${decisionId}"][data-status="decided"]`).waitFor();
    const inForce = officerDecision.locator('[data-la-decision-id][data-in-force="true"]');
    await inForce.waitFor();
    await expect(inForce.textContent()).resolves.toContain('Section 47 enquiry: single agency (local authority)');
    await expect(inForce.textContent()).resolves.toContain('Sam Chair');
    await waitForAnnouncement(officerPage, 'The local authority recorded its decision');

    // Police may dissent from any part of the decision; the chair sees it live.
    await officerDecision.getByRole('button', { name: 'Record dissent' }).click();
    const dissentForm = officerDecision.getByTestId('dissent-form');
    await dissentForm.getByRole('radio', { name: 'The option or options chosen' }).check();
    await dissentForm.getByLabel('Why does your agency disagree?').fill('A joint enquiry is needed.');
    await dissentForm.getByRole('button', { name: 'Record dissent' }).click();
    await chairDecision.locator('[data-dissent-id][data-escalation-status="open"]').waitFor();
    await waitForAnnouncement(chairPage, 'Police recorded dissent');

    // The chair adds an action owned by the officer; it is already overdue.
    const actionLog = chairPage.locator('#actions');
    await actionLog.getByRole('button', { name: 'Add an action' }).click();
    const addForm = actionLog.getByTestId('add-action-form');
    await addForm.getByLabel('What needs to be done').fill('Share the incident log with children’s social care');
    await addForm.getByLabel('Owner', { exact: true }).selectOption(officer.user.id);
    await expect(addForm.getByLabel('Owner’s agency').inputValue()).resolves.toBe('police');
    await addForm.getByLabel('Due').fill('2026-01-05T17:00');
    await addForm.getByRole('button', { name: 'Add action' }).click();
    await addForm.waitFor({ state: 'detached' });

    const officerRow = officerPage.locator('#action-log tr[data-action-id]');
    await officerRow.waitFor();
    const actionId = (await officerRow.getAttribute('data-action-id')) as string;
    await expect(officerRow.textContent()).resolves.toContain('Share the incident log');
    await expect(officerRow.getAttribute('data-overdue')).resolves.toBe('true');
    await officerRow.getByTestId('overdue-tag').waitFor();
    await waitForAnnouncement(officerPage, 'Sam Chair added an action');
    await chairPage.locator(`#action-log tr[data-action-id="${actionId}"]`).waitFor();
    await observerPage.locator(`#action-log tr[data-action-id="${actionId}"]`).waitFor();
    await expect(observerPage.locator('#actions').getByRole('button').count()).resolves.toBe(0);
    await expectNoAxeViolations(officerPage);

    // The officer's "My actions" page lists it with a link to the meeting.
    await officerPage.getByRole('link', { name: 'My actions' }).click();
    await officerPage.waitForURL(`${suite.app.url}/actions`);
    const myRow = officerPage.locator(`#my-actions tr[data-action-id="${actionId}"]`);
    await myRow.waitFor();
    await expect(myRow.getAttribute('data-overdue')).resolves.toBe('true');
    await expect(myRow.getByRole('link', { name: 'SD-DECIDE-1' }).getAttribute('href')).resolves.toBe(
      `/meetings/${meeting.id}#actions`,
    );
    await expectNoAxeViolations(officerPage);

    // The chair removes the observer: their room says so at once.
    const removed = await suite.app.request('DELETE', `/api/meetings/${meeting.id}/members/${student.user.id}`, {
      cookie: chairCookie,
    });
    expect(removed.status).toBe(200);
    await observerPage.getByTestId('access-removed').waitFor();
    await expect(observerPage.locator('[data-testid=decision-panel]').count()).resolves.toBe(0);
  });

  it('sends a change made while offline once, when the connection returns', async () => {
    const chair = await suite.app.createUser({ displayName: 'Kim Chair', jobTitle: 'Team manager' });
    const officer = await suite.app.createUser({
      displayName: 'PC Lee Hotspot',
      jobTitle: 'Constable',
      agency: 'police',
    });
    const { meeting } = await suite.app.createMeeting(chair, [{ member: officer, role: 'participant' }], {
      reference: 'SD-OFFLINE-1',
    });
    const chairPage = await suite.newPage();
    const officerContext = await suite.browser.newContext();
    const officerPage = await officerContext.newPage();
    await signIn(chairPage, suite.app.url, chair);
    await signIn(officerPage, suite.app.url, officer);
    await openRoom(chairPage, suite.app.url, meeting.id);
    await openRoom(officerPage, suite.app.url, meeting.id);

    // The officer's connection drops; the action they add waits, and says so.
    await officerContext.setOffline(true);
    await officerPage.locator('#meeting-events-status[data-state="offline"]').waitFor();
    const actionLog = officerPage.locator('#actions');
    await actionLog.getByRole('button', { name: 'Add an action' }).click();
    const addForm = actionLog.getByTestId('add-action-form');
    await addForm.getByLabel('What needs to be done').fill('Visit the school with the social worker');
    await addForm.getByLabel('Owner', { exact: true }).selectOption(chair.user.id);
    await addForm.getByLabel('Due').fill('2030-06-01T09:00');
    await addForm.getByRole('button', { name: 'Add action' }).click();
    await officerPage.locator('#meeting-events-status[data-pending="1"]').waitFor();
    await expect(addForm.getByRole('button', { name: 'Add action' }).isDisabled()).resolves.toBe(true);

    // Back online: sent after rejoining, recorded once, seen by the chair.
    await officerContext.setOffline(false);
    await officerPage.locator('#meeting-events-status[data-state="connected"][data-pending="0"]').waitFor();
    await addForm.waitFor({ state: 'detached' });
    await chairPage.locator('#action-log tr[data-action-id]').waitFor();
    await expect(chairPage.locator('#action-log tr[data-action-id]').count()).resolves.toBe(1);
    const mine = await suite.app.request('GET', '/api/actions/mine', { cookie: await suite.app.signIn(chair) });
    expect(mine.body.actions.map((a: { description: string }) => a.description)).toEqual([
      'Visit the school with the social worker',
    ]);
  });
});
