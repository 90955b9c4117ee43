import type { Page } from 'playwright-core';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, showRoomTab, signIn } from './support/pages';

/** The text of one record section as ProseMirror renders it, without caret name labels. */
function sectionText(page: Page, section: string): Promise<string> {
  return page.locator(`[data-section="${section}"] .ProseMirror`).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__label').forEach((label) => label.remove());
    return copy.textContent ?? '';
  });
}

describeInBrowser('meeting room in headless Chromium', (suite) => {
  it('lets two signed-in members type into the same section and see each other’s text, accessibly', async () => {
    const chair = await suite.app.createUser({ displayName: 'Sam Chair', jobTitle: 'Team manager' });
    const officer = await suite.app.createUser({
      displayName: 'DS Jordan Officer',
      jobTitle: 'Detective',
      agency: 'police',
    });
    const { meeting } = await suite.app.createMeeting(chair, [{ member: officer, role: 'participant' }], {
      reference: 'SD-BROWSER-1',
    });

    const chairPage = await suite.newPage();
    const officerPage = await suite.newPage();

    await chairPage.goto(`${suite.app.url}/sign-in`);
    await chairPage.getByLabel('Email address').waitFor();
    await expectNoAxeViolations(chairPage);

    await signIn(chairPage, suite.app.url, chair);
    await signIn(officerPage, suite.app.url, officer);
    await chairPage.locator(`tr[data-meeting-id="${meeting.id}"]`).waitFor();
    await expectNoAxeViolations(chairPage);

    for (const page of [chairPage, officerPage]) {
      await page.locator(`tr[data-meeting-id="${meeting.id}"] a`).first().click();
      await page.waitForURL(`${suite.app.url}/meetings/${meeting.id}`);
      await page.locator('#connection-status[data-state="saved"]').waitFor();
    }

    // Each sees the other in the presence list, named as the server knows them.
    await chairPage.locator(`#presence-list li[data-user-id="${officer.user.id}"]`).waitFor();
    await expect(
      chairPage.locator(`#presence-list li[data-user-id="${officer.user.id}"]`).textContent(),
    ).resolves.toContain('DS Jordan Officer');
    await officerPage.locator(`#presence-list li[data-user-id="${chair.user.id}"]`).waitFor();

    const chairEditor = chairPage.locator('[data-section="reason"] .ProseMirror');
    const officerEditor = officerPage.locator('[data-section="reason"] .ProseMirror');
    await chairEditor.click();
    await chairPage.keyboard.type('Bruising seen at school today.');
    await officerPage.waitForFunction(() =>
      document
        .querySelector('[data-section="reason"] .ProseMirror')
        ?.textContent?.includes('Bruising seen at school today.'),
    );

    await officerEditor.click();
    await officerPage.keyboard.press('End');
    await officerPage.keyboard.press('Enter');
    await officerPage.keyboard.type('Police attended a domestic incident 12 days ago.');
    await chairPage.waitForFunction(() =>
      // The whole sentence, last keystroke included (under load the final "." can arrive a moment later).
      document
        .querySelector('[data-section="reason"] .ProseMirror')
        ?.textContent?.includes('domestic incident 12 days ago.'),
    );

    expect(await sectionText(chairPage, 'reason')).toBe(await sectionText(officerPage, 'reason'));
    await chairPage.locator('#connection-status[data-state="saved"]').waitFor();
    await expectNoAxeViolations(chairPage);

    // Every word reached PostgreSQL.
    const rows: { count: string }[] = await suite.app.dataSource.query(
      'SELECT count(*) FROM document_updates WHERE document_name = $1',
      [`meetings/${meeting.id}/record`],
    );
    expect(Number(rows[0]?.count)).toBeGreaterThan(0);
  });

  it('convenes a discussion through the form, refusing bad input first, and lets the chair change it', async () => {
    const chair = await suite.app.createUser({ displayName: 'Sam Convenor', jobTitle: 'Team manager' });
    const page = await suite.newPage();
    await signIn(page, suite.app.url, chair);

    const form = page.getByTestId('create-meeting-form');
    await form.getByRole('button', { name: 'Create strategy discussion' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain('Reason');
    await expect(page.locator('#reason-error').textContent()).resolves.toBeTruthy();
    expect(
      (await suite.app.request('GET', '/api/meetings', { cookie: await suite.app.signIn(chair) })).body.meetings,
    ).toEqual([]);

    await page.locator('#reason').fill('Bruising seen at nursery this morning.');
    await page.locator('#scheduledAt').fill('2026-03-02T13:00');
    await page.locator('#format').selectOption('phone');
    await page.locator('#reference').fill('SD-FORM-1');
    await page.locator('#children-0-name').fill('Ruby Testcase');
    await form.getByRole('button', { name: 'Create strategy discussion' }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'SD-FORM-1' }).waitFor();

    const meetingId = page.url().split('/').pop() as string;
    await showRoomTab(page, 'Details and timescales');
    await page.getByRole('button', { name: 'Change reason, date or format' }).click();
    const edit = page.getByTestId('edit-meeting-form');
    await edit.locator('#edit-format').selectOption('in-person');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });

    const stored = await suite.app.request('GET', `/api/meetings/${meetingId}`, {
      cookie: await suite.app.signIn(chair),
    });
    expect(stored.body).toMatchObject({
      reference: 'SD-FORM-1',
      reason: 'Bruising seen at nursery this morning.',
      format: 'in-person',
      scheduledAt: '2026-03-02T13:00:00.000Z',
      myRole: 'chair',
    });
    expect(stored.body.children.map((c: { name: string }) => c.name)).toEqual(['Ruby Testcase']);
  });
});
