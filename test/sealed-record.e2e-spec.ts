/**
 * The sealed record in headless Chromium, against the real server: the chair
 * concludes a discussion in the browser, the final record panel lists version
 * 1, and the downloaded PDF (a real Playwright download) has the decision in
 * its text and the SHA-256 the panel shows; an observer sees the hashes but
 * no download links; axe finds nothing in the panel.
 *
 * DOM hooks the client keeps stable for these tests:
 * - `#final-record` (the panel), `[data-version=<n>]` per version, its rows' download links and `code` hashes
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { EventsClient } from '../server/test/support/meeting-events-client';
import { compactText, pdfToText, pdftotextAvailable } from '../server/test/support/pdf-text';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, signIn } from './support/pages';

const LA_REASONS = 'A joint enquiry is needed: the disclosure and the bruising agree.';

async function openRoom(page: Page, baseUrl: string, meetingId: string): Promise<void> {
  await page.goto(`${baseUrl}/meetings/${meetingId}`);
  await page.locator('#meeting-events-status[data-state="connected"]').waitFor();
}

describeInBrowser(
  'the sealed record in headless Chromium',
  (suite) => {
    const clients: EventsClient[] = [];

    afterAll(async () => {
      for (const client of clients.splice(0)) client.close();
    });

    it('concludes in the browser, lists version 1 and downloads a PDF whose text has the decision and whose hash is shown', async () => {
      const chair = await suite.app.createUser({ displayName: 'Sam Chair', jobTitle: 'Team manager' });
      const officer = await suite.app.createUser({
        displayName: 'DS Jordan Officer',
        jobTitle: 'Detective',
        agency: 'police',
      });
      const student = await suite.app.createUser({ displayName: 'Olly Observer', agency: 'education' });
      const { meeting, chairCookie } = await suite.app.createMeeting(
        chair,
        [
          { member: officer, role: 'participant' },
          { member: student, role: 'observer' },
        ],
        { reference: 'SD-SEAL-1' },
      );
      const chairPage = await suite.newPage({ acceptDownloads: true });
      await signIn(chairPage, suite.app.url, chair);
      await openRoom(chairPage, suite.app.url, meeting.id);
      await chairPage.locator('#start-meeting').click();
      await chairPage.locator('[data-testid=meeting-status][data-status="live"]').waitFor();

      // The decision itself is made over /meetings by real clients, as other browser tests cover the forms.
      const chairEvents = await EventsClient.connect(suite.app.url, { cookie: chairCookie });
      const officerEvents = await EventsClient.connect(suite.app.url, { cookie: await suite.app.signIn(officer) });
      clients.push(chairEvents, officerEvents);
      for (const client of clients) await client.ok('meeting:join', { meetingId: meeting.id });
      const opened = await chairEvents.ok('decision:open', {
        meetingId: meeting.id,
        childIds: [meeting.children[0]!.id],
      });
      const request = { meetingId: meeting.id, decisionId: opened.id };
      await officerEvents.ok('view:record', {
        ...request,
        harm: 'yes',
        recommendedOption: 's47-joint',
        reasons: 'The child’s account matches the injury.',
      });
      await chairEvents.ok('decision:close', request);
      await chairEvents.ok('la-decision:record', { ...request, chosenOptions: ['s47-joint'], reasons: LA_REASONS });

      await chairPage.locator('#open-conclude').click();
      await chairPage.locator('#conclude-form').getByRole('button', { name: 'Conclude the discussion' }).click();
      await chairPage.locator('[data-testid=meeting-status][data-status="concluded"]').waitFor();

      const panel = chairPage.locator('#final-record');
      const version = panel.locator('[data-version="1"]');
      await version.waitFor();
      await expect(panel.getByRole('heading', { name: 'Final record' }).count()).resolves.toBe(1);
      const fullPdfRow = version.getByRole('row', { name: /Complete record \(PDF\)/ });
      const shownHash = (await fullPdfRow.locator('code').textContent())?.trim();
      expect(shownHash).toMatch(/^[0-9a-f]{64}$/);

      const [download] = await Promise.all([
        chairPage.waitForEvent('download'),
        version.getByRole('link', { name: 'Download PDF of the complete record, version 1' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('SD-SEAL-1-v1-complete.pdf');
      const bytes = await readFile(await download.path());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(shownHash);
      const text = compactText(await pdfToText(bytes));
      expect(text).toContain(compactText('Section 47 threshold decision'));
      expect(text).toContain(compactText(LA_REASONS));
      expect(text).toContain(compactText('The child’s account matches the injury.'));
      await expectNoAxeViolations(chairPage, '#final-record');

      // An observer reads the versions and hashes, with no way to download them.
      const observerPage = await suite.newPage();
      await signIn(observerPage, suite.app.url, student);
      await openRoom(observerPage, suite.app.url, meeting.id);
      const observerPanel = observerPage.locator('#final-record');
      await observerPanel.locator('[data-version="1"]').waitFor();
      await observerPanel.getByText('Observers can read the record but cannot download or export it.').waitFor();
      await expect(observerPanel.getByRole('link').count()).resolves.toBe(0);
      await expect(observerPanel.locator('code').first().textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
      await expectNoAxeViolations(observerPage, '#final-record');
    });
  },
  { requires: pdftotextAvailable },
);
