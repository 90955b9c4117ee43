/**
 * The child protection pathway in headless Chromium, against the real server
 * (issue 17: "a browser test of the child's page and the caseload with axe").
 * Set up over the API: a strategy discussion that started section 47
 * enquiries for Ruby and Sonny; a live initial conference from it, where Ruby
 * goes on a plan (categories, core group, LCPP); a core group for Ruby that
 * a teacher joins (her only meeting). Then, in the browser, one sign-in each:
 * - the conference chair records Sonny's decision through "Decision for each child",
 *   and the convening form prefills an initial conference's children from the discussion;
 * - the LCPP's caseload (stage, categories, next meeting, timescales) leads to Ruby's
 *   page (identity, meetings, timescales, plan, chronology and its links), also at a
 *   phone's width (no sideways scroll); then, in the core group's room, the LCPP adds an
 *   action to the plan: version 2, recorded with the meeting;
 * - the teacher's view of Ruby's page is cut to the core group: neither the strategy
 *   discussion nor the conference is named anywhere, earlier plan versions included.
 * Axe on every page.
 *
 * DOM hooks used: `#caseload tr[data-child-id]`, `#child-identity [data-row]`, `#child-meetings tr[data-meeting-id]`,
 * `#pathway-clocks [data-clock]`, `section#plan`, `[data-testid=plan-current-version]`, `#chronology tr[data-kind]`,
 * `[data-testid=own-meetings-scope]`, `[data-outcome-child]`, `[data-testid=recorded-outcome]`, `[data-testid=plan-saved]`,
 * `[data-testid=child-picked]`.
 */
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { eventually } from '../server/test/support/eventually';
import { EventsClient } from '../server/test/support/meeting-events-client';
import type { TestUser } from '../server/test/support/test-app';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, showRoomTab, signIn } from './support/pages';

const DAY = 86_400_000;
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 720 }; // Playwright’s default
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const due = (days: number) => at(days).slice(0, 10);

/** The page is no wider than the window: nothing makes the whole page scroll sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: (document.scrollingElement ?? document.documentElement).scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

async function openRoom(page: Page, baseUrl: string, meetingId: string): Promise<void> {
  await page.goto(`${baseUrl}/meetings/${meetingId}`);
  await page.locator('#meeting-events-status[data-state="connected"]').waitFor();
}

describeInBrowser('the child protection pathway: caseload, child’s page, plan and conference', (suite) => {
  let sdChair: TestUser;
  let conferenceChair: TestUser;
  let lcpp: TestUser;
  let teacher: TestUser;
  let sd: MeetingDetail;
  let icpc: MeetingDetail;
  let coreGroup: MeetingDetail;
  let rubyId: string;
  let sonnyId: string;
  let icpcConcluded = false;

  const cookies = new Map<string, string>();
  const ok = async (user: TestUser, method: string, path: string, body?: unknown) => {
    let cookie = cookies.get(user.email);
    if (!cookie) cookies.set(user.email, (cookie = await suite.app.signIn(user)));
    const res = await suite.app.request(method, `/api${path}`, { cookie, body });
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const addMembers = async (chair: TestUser, meetingId: string, members: [TestUser, string][]) => {
    for (const [member, role] of members)
      await ok(chair, 'POST', `/meetings/${meetingId}/members`, { email: member.email, role });
  };
  const concluded = async (chair: TestUser, meetingId: string) => {
    await ok(chair, 'POST', `/meetings/${meetingId}/conclude`, {});
    // The record is sealed after the reply: wait, so nothing is still writing when the app stops.
    await eventually(async () =>
      expect((await ok(chair, 'GET', `/meetings/${meetingId}/records`)).versions.length).toBeGreaterThan(0),
    );
  };

  beforeAll(async () => {
    sdChair = await suite.app.createUser({ displayName: 'Sam Team Manager', canChair: true });
    conferenceChair = await suite.app.createUser({ displayName: 'Indira Independent Chair', canChair: true });
    lcpp = await suite.app.createUser({ displayName: 'Lee Practitioner', canChair: true });
    const health = await suite.app.createUser({ displayName: 'Hana Health Visitor', agency: 'health' });
    teacher = await suite.app.createUser({ displayName: 'Tess Teacher', agency: 'education', canChair: false });

    // The strategy discussion starts section 47 enquiries for both children.
    sd = await ok(sdChair, 'POST', '/meetings', {
      reason: 'Bruising noticed at nursery',
      scheduledAt: at(-8),
      children: [
        { name: 'Ruby Pathway', dateOfBirth: '2021-11-14', caseSystemId: 'PW-E2E-1', nhsNumber: '9434765919' },
        { name: 'Sonny Pathway', dateOfBirth: '2019-02-03' },
      ],
    });
    rubyId = sd.children[0]!.childId;
    sonnyId = sd.children[1]!.childId;
    await addMembers(sdChair, sd.id, [
      [lcpp, 'participant'],
      [health, 'participant'],
      [conferenceChair, 'observer'],
    ]);
    await ok(sdChair, 'PUT', `/children/${rubyId}/lcpp`, { userId: lcpp.user.id });
    await ok(sdChair, 'POST', `/meetings/${sd.id}/start`);
    const events = await EventsClient.connect(suite.app.url, { cookie: cookies.get(sdChair.email)! });
    try {
      await events.ok('meeting:join', { meetingId: sd.id });
      const decision = await events.ok('decision:open', {
        meetingId: sd.id,
        childIds: sd.children.map((c) => c.id),
        templateKey: 's47-threshold',
      });
      await events.ok('la-decision:record', {
        meetingId: sd.id,
        decisionId: decision.id,
        chosenOptions: ['s47-joint'],
        reasons: 'Decided on the information shared',
      });
    } finally {
      events.close();
    }
    await concluded(sdChair, sd.id);

    // The initial conference, live: Ruby goes on a plan; Sonny's decision is left for the browser.
    icpc = await ok(conferenceChair, 'POST', '/meetings', {
      type: 'icpc',
      precededByMeetingId: sd.id,
      reason: 'Initial child protection conference',
      scheduledAt: at(-1),
      children: [{ childId: rubyId }, { childId: sonnyId }],
    });
    await addMembers(conferenceChair, icpc.id, [
      [lcpp, 'participant'],
      [health, 'participant'],
    ]);
    await ok(conferenceChair, 'POST', `/meetings/${icpc.id}/start`);
    await ok(conferenceChair, 'POST', `/meetings/${icpc.id}/children/${rubyId}/outcome`, {
      outcome: 'child-protection-plan',
      categories: ['physical', 'neglect'],
      leadProfessionalUserId: lcpp.user.id,
      coreGroupUserIds: [lcpp.user.id, health.user.id],
      outline: {
        outcomes: [
          {
            id: randomUUID(),
            text: 'Ruby is seen by her health visitor every week',
            actions: [
              {
                id: randomUUID(),
                text: 'Weekly health visitor check',
                owner: 'Hana Health Visitor',
                agency: 'health',
                dueDate: due(30),
              },
            ],
          },
        ],
        contingency: 'If Ruby is injured again, a strategy discussion the same day.',
      },
      reasons: 'Likely to suffer significant harm',
    });

    // The core group, live, chaired by the LCPP; the teacher is a member of this meeting only.
    coreGroup = await ok(lcpp, 'POST', '/meetings', {
      type: 'core-group',
      precededByMeetingId: icpc.id,
      reason: 'First core group',
      scheduledAt: at(3),
      children: [{ childId: rubyId }],
    });
    await addMembers(lcpp, coreGroup.id, [
      [health, 'participant'],
      [teacher, 'participant'],
    ]);
  });

  it('the conference chair records a child’s decision in the live conference, then convenes the next', async () => {
    const page = await suite.newPage();
    await signIn(page, suite.app.url, conferenceChair);
    await openRoom(page, suite.app.url, icpc.id);
    await showRoomTab(page, 'Decision for each child');

    // Ruby's decision was recorded over the API; Sonny's form is the chair's.
    await page.locator(`[data-outcome-child="${rubyId}"] [data-testid=recorded-outcome]`).waitFor();
    const sonny = page.locator(`[data-outcome-child="${sonnyId}"]`);
    await sonny.getByLabel('No child protection plan', { exact: true }).check();
    await sonny.getByLabel('Child in need plan', { exact: true }).check();
    await sonny.getByLabel('Reasons for the decision').fill('Sonny is not likely to suffer significant harm.');
    await sonny.getByRole('button', { name: 'Record the decision for Sonny Pathway' }).click();
    const recorded = sonny.locator('[data-testid=recorded-outcome][data-outcome="no-plan"]');
    await recorded.waitFor();
    await expect(recorded.textContent()).resolves.toContain('Child in need plan');
    await expectNoAxeViolations(page);

    // Convening an initial conference: the discussion it follows brings its children (not submitted).
    await page.goto(`${suite.app.url}/`);
    const form = page.getByTestId('create-meeting-form');
    await form.getByLabel('Initial child protection conference').check();
    const preceding = form.getByLabel('The meeting it follows');
    await preceding.locator(`option[value="${sd.id}"]`).waitFor({ state: 'attached' });
    await preceding.selectOption(sd.id);
    await expect(form.getByRole('status').filter({ hasText: sd.reference }).textContent()).resolves.toBe(
      `The children of ${sd.reference} are listed below: Ruby Pathway, Sonny Pathway.`,
    );
    const picked = form.getByTestId('child-picked');
    await expect(picked.allTextContents()).resolves.toEqual([
      expect.stringContaining('Ruby Pathway'),
      expect.stringContaining('Sonny Pathway'),
    ]);
    await form.getByRole('button', { name: 'Create initial child protection conference' }).waitFor();
    await expectNoAxeViolations(page);
    await page.context().close();

    // The conference ends; the core group is the next meeting, and it starts.
    await ok(conferenceChair, 'POST', `/meetings/${icpc.id}/conclude`, {});
    icpcConcluded = true;
    await ok(lcpp, 'POST', `/meetings/${coreGroup.id}/start`);
  });

  it('the LCPP follows the caseload to the child’s page (desktop and phone), then changes the plan in the core group', async () => {
    const page = await suite.newPage();
    await signIn(page, suite.app.url, lcpp);
    await page.goto(`${suite.app.url}/caseload`);
    await page.getByRole('heading', { level: 1, name: 'My caseload' }).waitFor();
    const row = page.locator(`#caseload tr[data-child-id="${rubyId}"]`);
    await row.waitFor();
    await expect(page.locator('#caseload tr[data-child-id]').count()).resolves.toBe(1); // Sonny has no LCPP
    await expect(row.locator('[data-label="Stage"]').textContent()).resolves.toBe('Child protection plan');
    await expect(row.locator('[data-label="Categories"]').textContent()).resolves.toBe('Physical abuse, Neglect');
    const next = row.locator('[data-label="Next meeting"]');
    await expect(next.getByRole('link').textContent()).resolves.toBe(coreGroup.reference);
    await expect(next.textContent()).resolves.toContain('Core group meeting');
    await expect(row.locator('[data-label="Timescales"]').textContent()).resolves.toMatch(/core group/i);
    await expectNoAxeViolations(page);

    await row.getByRole('link', { name: 'Ruby Pathway' }).click();
    await page.waitForURL(`${suite.app.url}/children/${rubyId}`);
    await page.getByRole('heading', { level: 1, name: /Ruby Pathway/ }).waitFor();
    await expect(page.getByTestId('own-meetings-scope').count()).resolves.toBe(0);
    const identity = (key: string) => page.locator(`#child-identity [data-row="${key}"] .govuk-summary-list__value`);
    await expect(identity('nhsNumber').textContent()).resolves.toBe('943 476 5919');
    await expect(identity('caseSystemId').textContent()).resolves.toBe('PW-E2E-1');
    await expect(identity('lcpp').textContent()).resolves.toContain('Lee Practitioner');
    await expect(identity('stage').textContent()).resolves.toBe('Child protection plan');
    await expect(page.locator('#child-meetings tr[data-meeting-id]').count()).resolves.toBe(3);
    await page.locator('#pathway-clocks [data-clock="first-core-group"]').waitFor();

    const plan = page.locator('section#plan');
    await expect(plan.getByTestId('plan-status').textContent()).resolves.toBe('Active');
    await expect(plan.textContent()).resolves.toContain('Physical abuse and Neglect');
    await expect(plan.getByTestId('plan-current-version').textContent()).resolves.toMatch(
      new RegExp(`^Version 1, .* in meeting ${icpc.reference}`),
    );
    await expect(plan.textContent()).resolves.toContain('Weekly health visitor check');

    // Every chronology entry links to where it is recorded: a meeting (or a part of it) or the plan on this page.
    const entries = page.locator('#chronology tr[data-kind]');
    const kinds = await entries.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    for (const kind of ['meeting-convened', 'decision', 'conference-outcome', 'plan-started', 'record-sealed'])
      expect(kinds).toContain(kind);
    const hrefs = await entries.evaluateAll((rows) => rows.map((r) => r.querySelector('a')?.getAttribute('href')));
    for (const href of hrefs) expect(href).toMatch(/^(\/meetings\/[0-9a-f-]{36}(\/record)?(#[a-z-]+)?|#plan)$/);
    await expectNoAxeViolations(page);
    await entries.locator('a[href="#plan"]').first().click();
    await page.waitForURL(`${suite.app.url}/children/${rubyId}#plan`);

    // At a phone's width: nothing makes the page scroll sideways, and axe is still clean.
    await page.setViewportSize(PHONE);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    await page.goto(`${suite.app.url}/caseload`);
    await page.locator(`#caseload tr[data-child-id="${rubyId}"]`).waitFor();
    await expectNoSidewaysScroll(page);
    await page.setViewportSize(DESKTOP);

    // In the core group's room, the plan gets an action: version 2, recorded with the meeting.
    await next.getByRole('link').click();
    await page.waitForURL(`${suite.app.url}/meetings/${coreGroup.id}`);
    await page.locator('#meeting-events-status[data-state="connected"]').waitFor();
    await showRoomTab(page, 'Child protection plan');
    const roomPlan = page.locator(`section#plan-${rubyId}`);
    await expect(roomPlan.getByTestId('plan-current-version').textContent()).resolves.toMatch(/^Version 1,/);
    await roomPlan.getByRole('button', { name: /^Change the plan/ }).click();
    const editor = roomPlan.getByTestId('plan-editor');
    await editor.getByRole('button', { name: 'Add an action to outcome 1' }).click();
    const action = editor.locator('fieldset.rt-plan-action').nth(1);
    await action.getByLabel('What will be done').fill('Daily attendance check at nursery');
    await action.getByLabel('Who will do it').fill('Tess Teacher');
    await action.getByLabel('Their agency').selectOption('education');
    const [year, month, day] = due(20).split('-');
    await action.getByLabel('Day').fill(String(Number(day)));
    await action.getByLabel('Month').fill(String(Number(month)));
    await action.getByLabel('Year').fill(year!);
    await expectNoAxeViolations(page);
    await editor.getByRole('button', { name: 'Save the plan' }).click();
    await expect(roomPlan.getByTestId('plan-saved').textContent()).resolves.toBe('The plan was saved as version 2.');
    await expect(roomPlan.getByTestId('plan-current-version').textContent()).resolves.toMatch(
      new RegExp(`^Version 2, changed by Lee Practitioner.* in meeting ${coreGroup.reference}`),
    );
    await expect(roomPlan.textContent()).resolves.toContain('Daily attendance check at nursery');
    await page.context().close();
    const saved = await ok(lcpp, 'GET', `/children/${rubyId}/plan`);
    expect(saved.current).toMatchObject({ version: 2, meeting: { id: coreGroup.id } });
  });

  it('a teacher in the core group sees only that meeting: nothing names the discussion or the conference', async () => {
    const page = await suite.newPage();
    await signIn(page, suite.app.url, teacher);
    await page.goto(`${suite.app.url}/children/${rubyId}`);
    await expect(page.getByTestId('own-meetings-scope').textContent()).resolves.toContain(
      'You see only the meetings you are a member of',
    );
    const meetings = page.locator('#child-meetings tr[data-meeting-id]');
    await expect(meetings.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-meeting-id')))).resolves.toEqual([
      coreGroup.id,
    ]);
    await page.locator('section#plan [data-testid=plan-current-version]').waitFor();
    // The plan's earlier versions too: opened, they load from the server.
    await page.getByTestId('plan-versions').locator('summary').first().click();
    await page.locator('[data-testid=plan-versions] [data-plan-version="1"]').waitFor();
    // Neither meeting before the core group, in the text or anywhere in the markup (links, attributes).
    const html = await page.content();
    for (const other of [sd, icpc]) {
      expect(html).not.toContain(other.reference);
      expect(html).not.toContain(other.id);
    }
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  afterAll(async () => {
    // The conference's record is sealed after its conclusion's reply: let it finish before the app stops.
    if (!icpcConcluded) return;
    await eventually(async () =>
      expect((await ok(conferenceChair, 'GET', `/meetings/${icpc.id}/records`)).versions.length).toBeGreaterThan(0),
    );
  });
});
