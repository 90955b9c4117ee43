/**
 * The auditor's workspace in headless Chromium, against the real server: the
 * trail's verification, filters held in the URL, keyset pages, CSV and JSON
 * exports, a record's attributed history read with a reason, members kept out,
 * and tampering caught.
 *
 * DOM hooks the client keeps stable for these tests:
 * - `[data-testid=audit-verification][data-state=checking|ok|broken|failed]`, its
 *   `[data-testid=first-broken]`, `[data-testid=public-key-id]` and `[data-testid=verify-again]`
 * - `#audit-filters` with `#filter-meeting`, `#filter-user`, `#filter-agency`, `input[name=type][value=<type>]`
 *   (the first is `#filter-type`), `#filter-outcome`, `#filter-from`, `#filter-to`, `#filter-limit`
 * - `[data-testid=audit-events-status]`, `#audit-events tr[data-seq][data-type][data-outcome]`
 * - `[data-testid=older-entries]`, `[data-testid=newest-entries]` (GOV.UK pagination)
 * - `[data-testid=export-csv]`, `[data-testid=export-json]`
 * - `#audit-meetings tr[data-meeting-id]` with `[data-testid=meeting-entries]`, `[data-testid=meeting-history]`
 * - `[data-testid=record-history-form]`, `[data-testid=record-history][data-at]`, `[data-section=<key>]`,
 *   `[data-author-id=<user id>]` on each attributed run, `#record-contributors li[data-author-id]`,
 *   `[data-testid=author-tooltip]`
 * - `[data-testid=no-access]`
 */
import { readFile } from 'node:fs/promises';
import { documentName } from '@roundtable/shared/realtime';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import type { Download, Page } from 'playwright-core';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { EventsClient } from '../server/test/support/meeting-events-client';
import { type TestApp, type TestUser } from '../server/test/support/test-app';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, signIn } from './support/pages';
import { cookieWebSocket, eventually } from '../server/test/support/eventually';

async function connectRecord(app: TestApp, meetingId: string, cookie: string): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(`${app.wsUrl}/collab`, documentName(meetingId, 'record'), new Y.Doc(), {
    WebSocketPolyfill: cookieWebSocket(cookie, app.url) as never,
    disableBc: true,
  });
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    provider.on('sync', (synced: boolean) => synced && resolve());
  });
  return provider;
}

/** The first paragraph's text of the record's "reason" section, as one provider sees it. */
function reasonText(provider: WebsocketProvider): Y.XmlText | undefined {
  const paragraph = provider.doc.getXmlFragment('reason').get(0) as Y.XmlElement | undefined;
  return paragraph?.get(0) as Y.XmlText | undefined;
}

/** The entry numbers in the table, top to bottom. */
function shownSeqs(page: Page): Promise<number[]> {
  return page.locator('#audit-events tr[data-seq]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)));
}

/** Waits until the table shows exactly these entries (the page has loaded them). */
async function waitForSeqs(page: Page, expected: number[]): Promise<void> {
  await eventually(async () => expect(await shownSeqs(page)).toEqual(expected));
}

async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { download, text: await readFile(file, 'utf8') };
}

describeInBrowser(
  'the auditor’s workspace in headless Chromium',
  (suite) => {
    let chair: TestUser;
    let officer: TestUser;
    let auditor: TestUser;
    let meetingId: string;
    let otherMeetingId: string;

    /** Entry numbers as the database holds them, newest first (read directly, not through the API). */
    async function seqsInDatabase(where: string, params: unknown[]): Promise<number[]> {
      const rows: { seq: string }[] = await suite.app.dataSource.query(
        `SELECT seq FROM audit_events WHERE ${where} ORDER BY seq DESC`,
        params,
      );
      return rows.map((r) => Number(r.seq));
    }

    async function auditorPage(): Promise<Page> {
      const page = await suite.newPage();
      await signIn(page, suite.app.url, auditor, '/audit');
      return page;
    }

    beforeAll(async () => {
      chair = await suite.app.createUser({ displayName: 'Sam Chair', jobTitle: 'Team manager' });
      officer = await suite.app.createUser({
        displayName: 'DS Jordan Officer',
        jobTitle: 'Detective',
        agency: 'police',
      });
      auditor = await suite.app.createUser({
        displayName: 'Pat Reviewer',
        jobTitle: 'Partnership scrutineer',
        agency: 'other',
        isAuditor: true,
      });
      // Sign-ins, a meeting with a member added, then that member's role changed and changed back.
      const { meeting, chairCookie } = await suite.app.createMeeting(
        chair,
        [{ member: officer, role: 'participant' }],
        {
          reference: 'SD-AUDIT-1',
        },
      );
      meetingId = meeting.id;
      for (const role of ['observer', 'participant']) {
        const changed = await suite.app.request('PATCH', `/api/meetings/${meetingId}/members/${officer.user.id}`, {
          cookie: chairCookie,
          body: { role },
        });
        expect(changed.status).toBe(200);
      }
      otherMeetingId = (await suite.app.createMeeting(chair, [], { reference: 'SD-AUDIT-2' })).meeting.id;

      // A decision opened over the /meetings socket.
      const events = await EventsClient.connect(suite.app.url, { cookie: chairCookie });
      try {
        await events.ok('meeting:join', { meetingId });
        await events.ok('decision:open', { meetingId, childIds: [meeting.children[0]!.id] });
      } finally {
        events.close();
      }

      // A passage written by two people through real y-websocket providers.
      const officerCookie = await suite.app.signIn(officer);
      const chairRecord = await connectRecord(suite.app, meetingId, chairCookie);
      const officerRecord = await connectRecord(suite.app, meetingId, officerCookie);
      try {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText('Bruising seen at school today.')]);
        chairRecord.doc.getXmlFragment('reason').insert(0, [paragraph]);
        await eventually(() => expect(reasonText(officerRecord)?.toString()).toBe('Bruising seen at school today.'));
        reasonText(officerRecord)!.insert(30, ' Police attended the address 12 days ago.');
        await eventually(() => expect(reasonText(chairRecord)?.toString()).toContain('Police attended'));
        await eventually(async () =>
          expect(await seqsInDatabase(`type = 'document.edited' AND meeting_id = $1`, [meetingId])).toHaveLength(2),
        );
      } finally {
        for (const provider of [chairRecord, officerRecord]) {
          provider.destroy();
          provider.doc.destroy();
        }
      }
    });

    it('lands an auditor on a verified trail, filters it by meeting and type in the URL, accessibly', async () => {
      const page = await auditorPage();
      const menu = page.getByRole('navigation', { name: 'Menu' });
      await expect(menu.getByRole('link').allTextContents()).resolves.toEqual(['Audit trail']);
      const verification = page.locator('[data-testid=audit-verification][data-state="ok"]');
      await verification.waitFor();
      await expect(verification.textContent()).resolves.toMatch(
        /Audit trail verified — \d+ entries, \d+ signed checkpoint/,
      );
      await expect(page.getByTestId('public-key-id').textContent()).resolves.toMatch(/^[0-9a-f]{16}$/);
      await page.locator(`#audit-meetings tr[data-meeting-id="${meetingId}"]`).waitFor();
      await expect(page.locator('#audit-meetings').textContent()).resolves.not.toContain('Ruby Testcase');
      await expectNoAxeViolations(page);

      // Filter by meeting and two event types through the form.
      const types = ['member.added', 'member.role-changed'];
      await page.locator('#filter-meeting').selectOption(meetingId);
      await page.getByText('Event type: any').click();
      for (const type of types) await page.locator(`input[name=type][value="${type}"]`).check();
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('meetingId') === meetingId);
      expect(new URL(page.url()).searchParams.getAll('type')).toEqual(types);

      const expected = await seqsInDatabase(`meeting_id = $1 AND type = ANY($2)`, [meetingId, types]);
      expect(expected).toHaveLength(3); // added, then the role changed twice
      await waitForSeqs(page, expected);
      const rowTypes = await page
        .locator('#audit-events tr[data-seq]')
        .evaluateAll((rows) => rows.map((r) => r.dataset.type));
      expect(new Set(rowTypes)).toEqual(new Set(types));
      const roleChange = page.locator(`#audit-events tr[data-seq="${expected[0]}"]`);
      await expect(roleChange.textContent()).resolves.toContain('Member’s role changed');
      await expect(roleChange.textContent()).resolves.toContain('Sam Chair');
      await expect(roleChange.textContent()).resolves.toContain('SD-AUDIT-1');
      await expect(roleChange.locator('time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d{2}-\d{2}T/);
      // The form shows the filters it was given back from the URL.
      await expect(page.locator('#filter-meeting').inputValue()).resolves.toBe(meetingId);
      await expect(page.locator('input[name=type][value="member.added"]').isChecked()).resolves.toBe(true);
      await expectNoAxeViolations(page);

      // A bad filter in a shared URL is named by the server and shown with the GOV.UK error pattern.
      await page.goto(`${suite.app.url}/audit?userId=not-a-user&outcome=maybe`);
      const summary = page.getByTestId('error-summary');
      await summary.waitFor();
      await expect(summary.textContent()).resolves.toContain('Person must be a user id');
      await expect(page.locator('#filter-user-error').textContent()).resolves.toContain('Person must be a user id');
      await expect(page.locator('#filter-outcome-error').textContent()).resolves.toContain('Outcome must be one of');
      await expect(page.title()).resolves.toMatch(/^Error: /);

      // Clear filters: every entry again, the other meeting's too.
      await page.getByRole('link', { name: 'Clear filters' }).click();
      await page.waitForURL(`${suite.app.url}/audit`);
      await page.locator('#audit-events tr[data-seq]').first().waitFor();
      await expect(page.getByTestId('error-summary').count()).resolves.toBe(0);
      expect(await seqsInDatabase('meeting_id = $1', [otherMeetingId])).not.toEqual([]);
    });

    it('pages through the trail with a small limit, newest first, and back', async () => {
      const page = await auditorPage();
      const all = await seqsInDatabase('meeting_id = $1', [meetingId]);
      expect(all.length).toBeGreaterThan(5);

      await page.goto(`${suite.app.url}/audit?meetingId=${meetingId}&limit=2`);
      await waitForSeqs(page, all.slice(0, 2));
      await expect(page.locator('#filter-limit').inputValue()).resolves.toBe('2');
      await expect(page.getByTestId('newest-entries').count()).resolves.toBe(0);

      await page.getByTestId('older-entries').click();
      await page.waitForURL((url) => url.searchParams.get('before') === String(all[1]));
      await waitForSeqs(page, all.slice(2, 4));
      await page.getByTestId('older-entries').click();
      await waitForSeqs(page, all.slice(4, 6));
      await expect(page.locator(':focus').textContent()).resolves.toBe('Matching entries');

      await page.getByTestId('newest-entries').click();
      await waitForSeqs(page, all.slice(0, 2));
      await page.goBack();
      await waitForSeqs(page, all.slice(4, 6));
      await expectNoAxeViolations(page);
    });

    it('downloads CSV and JSON exports of exactly the filtered entries, and the checkpoints and key', async () => {
      const page = await auditorPage();
      const types = ['member.added', 'member.role-changed', 'decision.opened'];
      await page.goto(
        `${suite.app.url}/audit?meetingId=${meetingId}&${types.map((t) => `type=${t}`).join('&')}&limit=1`,
      );
      const expected = (await seqsInDatabase(`meeting_id = $1 AND type = ANY($2)`, [meetingId, types])).reverse();
      expect(expected).toHaveLength(4);
      await page.locator('#audit-events tr[data-seq]').first().waitFor();

      const csv = await downloadOf(page, () => page.getByTestId('export-csv').click());
      expect(csv.download.suggestedFilename()).toMatch(/^roundtable-audit-.+\.csv$/);
      const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
      expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
        'seq,occurredAt,type,outcome,actorUserId,actorDisplayName,actorAgency,meetingId,meetingReference,subjectType,subjectId,details,prevHash,hash',
      );
      // Every matching entry (not just the page of one), oldest first.
      expect(rows.map((r) => Number(r.seq))).toEqual(expected);
      expect(rows.every((r) => r.meetingId === meetingId && types.includes(r.type ?? ''))).toBe(true);
      expect(rows.find((r) => r.type === 'decision.opened')).toMatchObject({ actorDisplayName: 'Sam Chair' });

      const json = await downloadOf(page, () => page.getByTestId('export-json').click());
      expect(json.download.suggestedFilename()).toMatch(/^roundtable-audit-.+\.json$/);
      const exported = JSON.parse(json.text) as {
        count: number;
        filters: Record<string, unknown>;
        entries: { seq: number; type: string; meetingId: string; hash: string }[];
      };
      expect(exported.count).toBe(expected.length);
      expect(exported.entries.map((e) => e.seq)).toEqual(expected);
      expect(exported.entries.every((e) => e.meetingId === meetingId && types.includes(e.type))).toBe(true);
      expect(exported.entries.map((e) => e.hash)).toEqual(rows.map((r) => r.hash));

      const checkpoints = await downloadOf(page, () =>
        page.getByRole('link', { name: 'Download the signed checkpoints (JSON)' }).click(),
      );
      expect(JSON.parse(checkpoints.text)).toEqual({ checkpoints: expect.any(Array) });
      const key = await downloadOf(page, () =>
        page.getByRole('link', { name: 'Download the public key (PEM)' }).click(),
      );
      expect(key.text).toContain('-----BEGIN PUBLIC KEY-----');

      const exportsRecorded = await seqsInDatabase(`type = 'audit.exported' AND actor_user_id = $1`, [auditor.user.id]);
      expect(exportsRecorded.length).toBeGreaterThanOrEqual(2);
    });

    it('shows a record as it was, each passage attributed, only once a reason is given', async () => {
      const page = await auditorPage();
      const row = page.locator(`#audit-meetings tr[data-meeting-id="${meetingId}"]`);
      await row.getByTestId('meeting-history').click();
      await page.waitForURL(`${suite.app.url}/audit/meetings/${meetingId}/history`);
      await page.getByRole('heading', { level: 1, name: 'Record of SD-AUDIT-1' }).waitFor();
      await expectNoAxeViolations(page);

      // No reason: refused in the browser, with the GOV.UK error pattern.
      const form = page.getByTestId('record-history-form');
      await form.getByRole('button', { name: 'Read the record' }).click();
      await page.getByTestId('error-summary').waitFor();
      await expect(page.locator('#history-reason-error').textContent()).resolves.toContain(
        'Enter why you need to read this record',
      );
      await expect(page.getByTestId('record-history').count()).resolves.toBe(0);

      await form.getByLabel('Why do you need to read this record?').fill('Multi-agency case audit, March 2026');
      await form.getByRole('button', { name: 'Read the record' }).click();
      const history = page.getByTestId('record-history');
      await history.waitFor();
      const reason = history.locator('[data-section="reason"]');
      await expect(reason.locator(`[data-author-id="${chair.user.id}"]`).textContent()).resolves.toBe(
        'Bruising seen at school today.',
      );
      await expect(reason.locator(`[data-author-id="${officer.user.id}"]`).textContent()).resolves.toBe(
        ' Police attended the address 12 days ago.',
      );
      await expect(page.locator('#record-contributors').textContent()).resolves.toContain('DS Jordan Officer, Police');
      await expect(reason.textContent()).resolves.toContain("Written by Sam Chair, Children's social care (1)");

      // The author of a run is named on focus, to sight and to screen readers.
      const marker = reason.getByRole('link', { name: /^2\s*: written by DS Jordan Officer, Police$/ });
      await marker.focus();
      await expect(reason.getByTestId('author-tooltip').textContent()).resolves.toBe(
        'Written by DS Jordan Officer, Police',
      );
      await page.keyboard.press('Escape');
      await expect(reason.getByTestId('author-tooltip').count()).resolves.toBe(0);
      await expectNoAxeViolations(page);

      // The reading, with its reason, is in the trail.
      const readings: { details: { reason: string; via: string } }[] = await suite.app.dataSource.query(
        `SELECT details FROM audit_events WHERE type = 'document.opened' AND actor_user_id = $1 AND meeting_id = $2`,
        [auditor.user.id, meetingId],
      );
      expect(readings.map((r) => r.details)).toContainEqual(
        expect.objectContaining({ via: 'record-history', reason: 'Multi-agency case audit, March 2026' }),
      );
    });

    it('keeps members out: no audit link, and “You do not have access” at /audit', async () => {
      const page = await suite.newPage();
      const auditRequests: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/audit')) auditRequests.push(request.url());
      });
      await signIn(page, suite.app.url, chair, '/');
      const menu = page.getByRole('navigation', { name: 'Menu' });
      await expect(menu.getByRole('link').allTextContents()).resolves.toEqual([
        'My meetings',
        'My actions',
        'Caseload',
      ]);
      await expect(page.getByRole('link', { name: 'Audit trail' }).count()).resolves.toBe(0);

      await page.goto(`${suite.app.url}/audit`);
      await page.getByRole('heading', { level: 1, name: 'You do not have access' }).waitFor();
      await expect(page.locator('[data-testid=audit-verification]').count()).resolves.toBe(0);
      await page.goto(`${suite.app.url}/audit/meetings/${meetingId}/history`);
      await page.getByTestId('no-access').waitFor();
      await expectNoAxeViolations(page);
      expect(auditRequests).toEqual([]);

      // The server refuses anyway.
      const refused = await suite.app.request('GET', '/api/audit/events', { cookie: await suite.app.signIn(chair) });
      expect(refused.status).toBe(403);
    });

    it('turns the badge to broken, naming entry 2, after a superuser alters it', async () => {
      const page = await auditorPage();
      await page.locator('[data-testid=audit-verification][data-state="ok"]').waitFor();

      const superuser = new Client({ connectionString: suite.database.url });
      await superuser.connect();
      const [original] = (await superuser.query('SELECT details FROM audit_events WHERE seq = 2')).rows as {
        details: unknown;
      }[];
      const setDetails = async (details: unknown) => {
        await superuser.query('BEGIN');
        await superuser.query('SET LOCAL session_replication_role = replica');
        await superuser.query('UPDATE audit_events SET details = $1::jsonb WHERE seq = 2', [JSON.stringify(details)]);
        await superuser.query('COMMIT');
      };
      try {
        await setDetails({ x: 1 });
        await page.getByTestId('verify-again').click();
        const broken = page.locator('[data-testid=audit-verification][data-state="broken"]');
        await broken.waitFor();
        await expect(broken.getByTestId('first-broken').textContent()).resolves.toMatch(/^Entry 2 was altered/);
        await expect(page.locator(':focus').getAttribute('class')).resolves.toContain('rt-focus-target');
        await expectNoAxeViolations(page);
      } finally {
        await setDetails(original!.details);
        await superuser.end();
      }
      await page.getByTestId('verify-again').click();
      await page.locator('[data-testid=audit-verification][data-state="ok"]').waitFor();
    });
  },
  { env: { AUDIT_EDIT_WINDOW_MS: '200' } },
);
