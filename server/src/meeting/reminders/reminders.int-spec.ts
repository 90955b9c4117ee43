import { type AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { REMINDERS_SCAN_JOB, type NotificationListResponse } from '@roundtable/shared/notifications';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { eventually } from '../../../test/support/eventually';
import { buildMeetingCast } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { TestApp, type TestUser } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { JobQueue } from '../../platform/jobs/job-queue';
import { MailService } from '../../platform/mail/mail.service';
import { Clock } from '../../platform/time/clock';
import { localDate } from '../clocks/working-days';
import { RemindersService } from './reminders.service';

/** Case content that must never reach a notification or an email. */
const CANARY = 'CANARY-r3m1nd';
const CHILD = 'Ruby Canarychild';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Person {
  user: TestUser;
  id: string;
  cookie: string;
}

/**
 * Reminders on the real job queue with two app instances on one PostgreSQL
 * (as two servers run), a real SMTP server in the test process, and the
 * Clock moved forward on both: each reminder is raised once (one notification,
 * one email per recipient) however many scans run where, at the thresholds,
 * to the right people only, without case content.
 */
describe('reminders on a schedule, two instances on one database', () => {
  let database: DatabaseHandle;
  let a: TestApp;
  let b: TestApp;
  let smtp: SMTPServer;
  let refuseMail = false;
  const delivered: { to: string; subject: string; text: string }[] = [];
  const clients: EventsClient[] = [];

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        if (refuseMail) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
            // Reminders only: members' calendar invitations (docs/EMAIL.md) are another suite's.
            if (
              !mail.attachments.some((part) => part.contentType === 'text/calendar') &&
              !/^Invitation: /.test(mail.subject ?? '')
            )
              delivered.push({ to: to?.value[0]?.address ?? '', subject: mail.subject ?? '', text: mail.text ?? '' });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const env = {
      JOBS_POLLING_SECONDS: '0.5',
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      // Never ticks during the test: the test sends the scan itself.
      REMINDERS_SCAN_CRON: '0 3 1 1 *',
      REMINDER_RETRY_DELAY_SECONDS: '1',
    };
    a = await TestApp.start(database, env);
    b = await TestApp.start(database, env);
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    // Let a scan still queued or running (the administrators' "run now") finish before the pools close.
    await eventually(async () => {
      const [row] = (await a.dataSource.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
        [REMINDERS_SCAN_JOB],
      )) as { n: number }[];
      expect(row!.n).toBe(0);
    }, 30_000).catch(() => undefined);
    await a?.close();
    await b?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await database?.stop();
  });

  /** Moves time forward on both instances. */
  function advance(ms: number): void {
    for (const app of [a, b]) app.get(Clock).advanceForTests(ms);
  }

  const now = () => a.get(Clock).now();

  /** Sends the scan job from each instance and waits until both have completed (wherever they ran). */
  async function scanOnBoth(): Promise<string[]> {
    const ids = [
      await a.get(JobQueue).send(REMINDERS_SCAN_JOB, {}),
      await b.get(JobQueue).send(REMINDERS_SCAN_JOB, {}),
    ];
    await eventually(async () => {
      const rows = (await a.dataSource.query(`SELECT state FROM pgboss.job WHERE id = ANY($1)`, [ids])) as {
        state: string;
      }[];
      expect(rows.map((r) => r.state)).toEqual(['completed', 'completed']);
    }, 30_000);
    return ids as string[];
  }

  /** Both instances' scans at once, directly (the race the unique key settles). */
  async function raceScans(): Promise<void> {
    await Promise.all([a.get(RemindersService).scan(), b.get(RemindersService).scan()]);
  }

  async function person(agency: TestUser['user']['agency'], name: string, extra: { isAdmin?: boolean } = {}) {
    const user = await a.createUser({ agency, displayName: name, ...extra });
    return { user, id: user.user.id, cookie: await a.signIn(user) } satisfies Person;
  }

  async function meetingWith(
    chair: Person,
    members: { who: Person; role: MeetingRole }[],
    scheduledAt = '2026-03-02T13:00:00Z',
  ): Promise<MeetingDetail> {
    const { meeting } = await a.createMeeting(
      chair.user,
      members.map((m) => ({ member: m.who.user, role: m.role })),
      { reason: `${CANARY} reason`, scheduledAt, children: [{ name: CHILD, dateOfBirth: '2020-01-01' }] },
    );
    return meeting;
  }

  async function joined(who: Person, meetingId: string): Promise<EventsClient> {
    const client = await EventsClient.connect(a.url, { cookie: who.cookie });
    clients.push(client);
    await client.ok('meeting:join', { meetingId });
    return client;
  }

  const notificationsOf = async (who: Person) =>
    (await a.dataSource.query(
      `SELECT kind, title, meeting_reference AS "meetingReference" FROM notifications WHERE user_id = $1 ORDER BY created_at, id`,
      [who.id],
    )) as { kind: string; title: string; meetingReference: string }[];

  // Reminder emails only: members also get a calendar invitation when they are added (docs/EMAIL.md).
  const outboxTo = async (who: Person) =>
    (await a.dataSource.query(
      `SELECT subject, body_text AS text, error, sent_at AS "sentAt" FROM mail_outbox
        WHERE to_address = $1 AND calendar_method IS NULL ORDER BY created_at`,
      [who.user.email],
    )) as { subject: string; text: string; error: string | null; sentAt: Date | null }[];

  const kinds = async (who: Person) => (await notificationsOf(who)).map((n) => n.kind);

  async function expectNoCaseContentAnywhere(): Promise<void> {
    const texts = (await a.dataSource.query(
      `SELECT title AS t FROM notifications UNION ALL SELECT subject || ' ' || body_text FROM mail_outbox`,
    )) as { t: string }[];
    expect(texts.length).toBeGreaterThan(0);
    for (const { t } of texts) expect(t).not.toMatch(/CANARY|Canarychild|Ruby/i);
    for (const m of delivered) expect(`${m.subject} ${m.text}`).not.toMatch(/CANARY|Canarychild|Ruby/i);
  }

  it('reminds those who may act on an open escalation with no step for N days, and the ICPC clock’s people when it passes', async () => {
    const cast = await buildMeetingCast(a, clients);
    const meetingId = cast.meeting.id;
    const social = await person('childrens-social-care', 'Lea Lead');
    const added = await a.request('POST', `/api/meetings/${meetingId}/members`, {
      cookie: cast.chair.cookie,
      body: { email: social.user.email, role: 'participant' },
    });
    expect(added.status).toBe(201);
    const decision = await cast.chair.client.ok('decision:open', {
      meetingId,
      childIds: [cast.meeting.children[0]!.id],
    });
    await cast.police.client.ok('view:record', {
      meetingId,
      decisionId: decision.id,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: CANARY,
    });
    await cast.chair.client.ok('la-decision:record', {
      meetingId,
      decisionId: decision.id,
      chosenOptions: ['s47-joint'],
      reasons: CANARY,
    });
    await cast.police.client.ok('dissent:record', {
      meetingId,
      decisionId: decision.id,
      part: 'options',
      reasons: CANARY,
    });
    const who = (m: { user: TestUser }): Person => ({ user: m.user, id: m.user.user.id, cookie: '' });
    const [chair, police, police2, health, education] = [
      cast.chair,
      cast.police,
      cast.police2,
      cast.health,
      cast.education,
    ].map(who) as [Person, Person, Person, Person, Person];
    const escalations = async (p: Person) => (await kinds(p)).filter((k) => k === 'escalation-stale');

    await scanOnBoth();
    expect(await escalations(chair)).toEqual([]);
    advance(6 * DAY); // REMINDER_ESCALATION_STALE_DAYS is 5
    await scanOnBoth();
    await raceScans();
    for (const p of [chair, police, police2]) expect(await escalations(p)).toEqual(['escalation-stale']);
    for (const p of [health, education]) expect(await escalations(p)).toEqual([]);

    // The ICPC clock (15 working days from the discussion whose decision started s47) has passed:
    // the chair and the local authority's participants, once.
    advance(25 * DAY);
    await scanOnBoth();
    await scanOnBoth();
    const icpc = async (p: Person) =>
      (await notificationsOf(p)).filter(
        (n) => n.kind === 'clock-passed' && n.title.startsWith('Initial child protection conference'),
      );
    expect(await icpc(chair)).toHaveLength(1);
    expect(await icpc(social)).toHaveLength(1);
    for (const p of [police, health, education]) expect(await icpc(p)).toEqual([]);
    await expectNoCaseContentAnywhere();
  }, 180_000);

  it('reminds the lead professional of a child’s plan clock (the first core group) once it has passed, naming no child', async () => {
    const chair = await person('childrens-social-care', 'Pia Chair');
    const lead = await person('health', 'Lou Lead');
    const police = await person('police', 'Poppy Police');
    // Section 47 from a strategy discussion, then an ICPC whose outcome is a plan.
    const sd = await meetingWith(chair, []);
    const chairClient = await joined(chair, sd.id);
    const decision = await chairClient.ok('decision:open', { meetingId: sd.id, childIds: [sd.children[0]!.id] });
    await chairClient.ok('la-decision:record', {
      meetingId: sd.id,
      decisionId: decision.id,
      chosenOptions: ['s47-joint'],
      reasons: CANARY,
    });
    expect((await a.request('POST', `/api/meetings/${sd.id}/start`, { cookie: chair.cookie })).status).toBe(200);
    expect(
      (await a.request('POST', `/api/meetings/${sd.id}/conclude`, { cookie: chair.cookie, body: {} })).status,
    ).toBe(200);
    const childId = sd.children[0]!.childId;
    const { meeting: icpc } = await a.createMeeting(
      chair.user,
      [
        { member: lead.user, role: 'participant' },
        { member: police.user, role: 'participant' },
      ],
      { type: 'icpc', precededByMeetingId: sd.id, children: [{ childId }], scheduledAt: '2026-03-20T10:00:00Z' },
    );
    expect((await a.request('POST', `/api/meetings/${icpc.id}/start`, { cookie: chair.cookie })).status).toBe(200);
    const outcome = await a.request('POST', `/api/meetings/${icpc.id}/children/${childId}/outcome`, {
      cookie: chair.cookie,
      body: {
        outcome: 'child-protection-plan',
        categories: ['neglect'],
        leadProfessionalUserId: lead.id,
        coreGroupUserIds: [lead.id, police.id],
        outline: {
          outcomes: [{ id: '0b7c9a52-6f7e-4d55-9b9a-2f5e1c0a0001', text: `${CANARY} fed`, actions: [] }],
          contingency: `${CANARY} contingency`,
        },
        reasons: CANARY,
      },
    });
    expect(outcome.status).toBe(201);
    const firstCoreGroup = async (p: Person) =>
      (await notificationsOf(p)).filter((n) => n.title.startsWith('First core group'));
    advance(20 * DAY); // 10 working days (the default) have passed
    await scanOnBoth();
    await raceScans();
    const passed = await firstCoreGroup(lead);
    expect(passed).toEqual([
      {
        kind: 'clock-passed',
        title: expect.stringMatching(
          new RegExp(`^First core group: the deadline for a child whose plan started at ${icpc.reference} passed on `),
        ),
        meetingReference: icpc.reference,
      },
    ]);
    expect(await firstCoreGroup(police)).toEqual([]);
    expect(await firstCoreGroup(chair)).toEqual([]);
    const [row] = (await a.dataSource.query(
      `SELECT link FROM notifications WHERE user_id = $1 AND title LIKE 'First core group%'`,
      [lead.id],
    )) as { link: string }[];
    expect(row!.link).toBe(`/children/${childId}`);
    await expectNoCaseContentAnywhere();
  }, 180_000);

  it('reminds an overdue action’s owner once across two instances, then the chair once, N days later', async () => {
    const chair = await person('childrens-social-care', 'Cara Chair');
    const owner = await person('police', 'Olly Owner');
    const other = await person('health', 'Hal Health');
    const meeting = await meetingWith(chair, [
      { who: owner, role: 'participant' },
      { who: other, role: 'participant' },
    ]);
    const client = await joined(owner, meeting.id);
    await client.ok('action:create', {
      meetingId: meeting.id,
      description: `${CANARY} speak to ${CHILD}`,
      ownerUserId: owner.id,
      ownerAgency: 'police',
      dueAt: new Date(now().getTime() + HOUR).toISOString(),
    });

    await scanOnBoth();
    expect(await kinds(owner)).toEqual([]);

    advance(2 * HOUR);
    await scanOnBoth();
    await raceScans();
    await scanOnBoth();
    expect(await notificationsOf(owner)).toEqual([
      {
        kind: 'action-overdue',
        title: `An action you own is overdue in ${meeting.reference}`,
        meetingReference: meeting.reference,
      },
    ]);
    expect(await kinds(chair)).toEqual([]);
    const ownerMail = await outboxTo(owner);
    expect(ownerMail).toHaveLength(1);
    expect(ownerMail[0]!.subject).toBe(`Overdue action in ${meeting.reference}`);
    expect(ownerMail[0]!.text).toContain(`${a.config.publicUrl}/meetings/${meeting.id}`);
    // And it reached the SMTP server, once.
    await eventually(() => expect(delivered.filter((m) => m.to === owner.user.email)).toHaveLength(1), 10_000);

    // Still open three days on (REMINDER_ACTION_CHAIR_AFTER_DAYS): the chair, once.
    advance(3 * DAY);
    await scanOnBoth();
    await raceScans();
    expect(await kinds(chair)).toEqual(['action-overdue-chair']);
    expect(await kinds(owner)).toEqual(['action-overdue']);
    expect(await outboxTo(chair)).toHaveLength(1);
    expect(await outboxTo(owner)).toHaveLength(1);
    expect(await kinds(other)).toEqual([]);

    // The in-app list: unread until read; nobody reads another's.
    const list = await a.request('GET', '/api/notifications', { cookie: owner.cookie });
    expect(list.status).toBe(200);
    const body = list.body as NotificationListResponse;
    expect(body).toMatchObject({ unreadCount: 1, notifications: [{ link: `/meetings/${meeting.id}`, readAt: null }] });
    const id = body.notifications[0]!.id;
    expect((await a.request('POST', `/api/notifications/${id}/read`, { cookie: chair.cookie })).status).toBe(404);
    expect((await a.request('POST', `/api/notifications/${id}/read`, { cookie: owner.cookie })).status).toBe(204);
    expect((await b.request('GET', '/api/notifications/unread-count', { cookie: owner.cookie })).body).toEqual({
      unreadCount: 0,
    });
    expect((await a.request('POST', '/api/notifications/read-all', { cookie: chair.cookie })).status).toBe(204);
    expect((await a.request('GET', '/api/notifications', { cookie: chair.cookie })).body.unreadCount).toBe(0);
    await expectNoCaseContentAnywhere();
  }, 120_000);

  it('keeps a restricted action’s reminder within its audience, and says only that it is overdue', async () => {
    const chair = await person('childrens-social-care', 'Cass Chair');
    const owner = await person('police', 'Pat Police');
    const health = await person('health', 'Hope Health');
    const social = await person('childrens-social-care', 'Sol Social');
    const meeting = await meetingWith(chair, [
      { who: owner, role: 'participant' },
      { who: health, role: 'participant' },
      { who: social, role: 'participant' },
    ]);
    const client = await joined(owner, meeting.id);
    await client.ok('action:create', {
      meetingId: meeting.id,
      description: `${CANARY} check intelligence`,
      ownerUserId: owner.id,
      ownerAgency: 'police',
      dueAt: new Date(now().getTime() + HOUR).toISOString(),
      restriction: 'police-restricted',
    });
    advance(4 * DAY);
    await scanOnBoth();
    expect(await notificationsOf(owner)).toEqual([
      expect.objectContaining({ title: `An action you own is overdue in ${meeting.reference}` }),
    ]);
    expect(await kinds(chair)).toEqual(['action-overdue-chair']);
    expect(await kinds(health)).toEqual([]);
    expect(await kinds(social)).toEqual([]);
    expect(await outboxTo(health)).toEqual([]);
    await expectNoCaseContentAnywhere();
  }, 120_000);

  it('reminds the chair of a statutory clock once as it approaches and once when it has passed', async () => {
    const chair = await person('childrens-social-care', 'Rae Chair');
    const police = await person('police', 'Rob Police');
    const meeting = await meetingWith(chair, [{ who: police, role: 'participant' }]);
    const reviewDate = localDate(new Date(now().getTime() + DAY), 'Europe/London');
    const dated = await a.request('PUT', `/api/meetings/${meeting.id}/review-date`, {
      cookie: chair.cookie,
      body: { reviewDate },
    });
    expect(dated.status).toBe(200);
    await scanOnBoth();
    await raceScans();
    const approaching = await notificationsOf(chair);
    expect(approaching.map((n) => n.kind)).toEqual(['clock-approaching']);
    expect(approaching[0]!.title).toMatch(
      new RegExp(`^Review strategy discussion: the deadline for ${meeting.reference} is `),
    );
    advance(3 * DAY);
    await scanOnBoth();
    await scanOnBoth();
    expect(await kinds(chair)).toEqual(['clock-approaching', 'clock-passed']);
    expect((await outboxTo(chair)).map((m) => m.subject)).toEqual([
      `Deadline approaching: Review strategy discussion, ${meeting.reference}`,
      `Deadline passed: Review strategy discussion, ${meeting.reference}`,
    ]);
    expect(await kinds(police)).toEqual([]);
  }, 120_000);

  it('reminds each member the day before a meeting, by email only if they want that kind', async () => {
    const chair = await person('childrens-social-care', 'Mo Chair');
    const quiet = await person('health', 'Quinn Quiet');
    const prefs = await a.request('PUT', '/api/notifications/preferences', {
      cookie: quiet.cookie,
      body: { emailKinds: ['action-overdue', 'clock-passed'] },
    });
    expect(prefs).toMatchObject({ status: 200, body: { emailKinds: ['action-overdue', 'clock-passed'] } });
    const scheduledAt = new Date(now().getTime() + 20 * HOUR).toISOString();
    const meeting = await meetingWith(chair, [{ who: quiet, role: 'participant' }], scheduledAt);
    await scanOnBoth();
    await raceScans();
    for (const p of [chair, quiet]) {
      const soon = (await notificationsOf(p)).filter((n) => n.kind === 'meeting-soon');
      expect(soon).toHaveLength(1);
      expect(soon[0]!.title).toMatch(
        new RegExp(`^Strategy discussion ${meeting.reference} starts on \\w+day \\d+ \\w+ \\d{4} at `),
      );
    }
    expect((await outboxTo(chair)).filter((m) => m.subject.startsWith('Reminder:'))).toHaveLength(1);
    expect(await outboxTo(quiet)).toEqual([]);
    expect((await a.request('GET', '/api/notifications/preferences', { cookie: quiet.cookie })).body).toEqual({
      emailKinds: ['action-overdue', 'clock-passed'],
    });
    expect(
      (await a.request('GET', '/api/notifications/preferences', { cookie: chair.cookie })).body.emailKinds,
    ).toHaveLength(6);
  }, 120_000);

  it('refuses bad preferences with a clear error and changes nothing', async () => {
    const someone = await person('education', 'Eve Education');
    const put = (body: unknown) => a.request('PUT', '/api/notifications/preferences', { cookie: someone.cookie, body });
    expect((await put({ emailKinds: ['meeting-soon'] })).status).toBe(200);
    for (const bad of [
      { emailKinds: ['meeting-soon', 'not-a-kind'] },
      { emailKinds: ['meeting-soon', 'meeting-soon'] },
      { emailKinds: 'meeting-soon' },
      { emailKinds: [], extra: true },
      {},
    ]) {
      const res = await put(bad);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'ValidationFailed' });
      expect(typeof res.body.message).toBe('string');
    }
    expect((await put({ emailKinds: ['nope'] })).body.message).toMatch(/Reminder kinds must be among/);
    expect((await a.request('GET', '/api/notifications/preferences', { cookie: someone.cookie })).body).toEqual({
      emailKinds: ['meeting-soon'],
    });
    expect((await a.request('GET', '/api/notifications')).status).toBe(401);
    expect((await a.request('PUT', '/api/notifications/preferences', { body: { emailKinds: [] } })).status).toBe(401);
  });

  it('a mail server that refuses never fails the job nor holds up a meeting', async () => {
    const chair = await person('childrens-social-care', 'Fay Chair');
    const meeting = await meetingWith(chair, [], new Date(now().getTime() + 2 * HOUR).toISOString());
    refuseMail = true;
    try {
      await scanOnBoth(); // both completed
      expect((await kinds(chair)).filter((k) => k === 'meeting-soon')).toHaveLength(1);
      await a.get(MailService).settle();
      await b.get(MailService).settle();
      const mail = await outboxTo(chair);
      expect(mail).toHaveLength(1);
      expect(mail[0]).toMatchObject({ sentAt: null, error: expect.stringMatching(/Mailbox unavailable/) });
      const started = await a.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chair.cookie });
      expect(started.status).toBe(200);
    } finally {
      refuseMail = false;
    }
  }, 120_000);

  it('retries a scan whose email cannot be recorded, and sends it once when it can, without raising the reminder again', async () => {
    const chair = await person('childrens-social-care', 'Tia Chair');
    // A real fault: the outbox refuses this recipient's rows until the trigger goes.
    await a.dataSource.query(`
      CREATE FUNCTION test_outbox_down() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.to_address = '${chair.user.email}' THEN RAISE EXCEPTION 'outbox unavailable'; END IF;
        RETURN NEW;
      END $$`);
    await a.dataSource.query(
      `CREATE TRIGGER test_outbox_down BEFORE INSERT ON mail_outbox FOR EACH ROW EXECUTE FUNCTION test_outbox_down()`,
    );
    await meetingWith(chair, [], new Date(now().getTime() + 3 * HOUR).toISOString());
    const id = await a.get(JobQueue).send(REMINDERS_SCAN_JOB, {});
    try {
      await eventually(async () => {
        const [job] = (await a.dataSource.query(`SELECT state, retry_count FROM pgboss.job WHERE id = $1`, [id])) as {
          state: string;
          retry_count: number;
        }[];
        expect(job!.retry_count).toBeGreaterThanOrEqual(1);
      }, 30_000);
      expect(await kinds(chair)).toEqual(['meeting-soon']);
      expect(await outboxTo(chair)).toEqual([]);
    } finally {
      await a.dataSource.query(`DROP TRIGGER test_outbox_down ON mail_outbox`);
      await a.dataSource.query(`DROP FUNCTION test_outbox_down()`);
    }
    await eventually(async () => {
      const [job] = (await a.dataSource.query(`SELECT state FROM pgboss.job WHERE id = $1`, [id])) as {
        state: string;
      }[];
      expect(job!.state).toBe('completed');
    }, 60_000);
    await scanOnBoth();
    expect(await kinds(chair)).toEqual(['meeting-soon']);
    expect(await outboxTo(chair)).toHaveLength(1);
  }, 120_000);

  it('shows administrators the job queue and lets them run the scan now; nobody else', async () => {
    const admin = await person('other', 'Ada Admin', { isAdmin: true });
    const user = await person('police', 'Nat Notadmin');
    const overview = await a.request('GET', '/api/admin/jobs', { cookie: admin.cookie });
    expect(overview.status).toBe(200);
    expect(overview.body.runnable).toEqual([REMINDERS_SCAN_JOB]);
    const scan = overview.body.queues.find((q: { name: string }) => q.name === REMINDERS_SCAN_JOB);
    expect(scan.counts.completed).toBeGreaterThan(0);
    expect(Array.isArray(overview.body.recentFailures)).toBe(true);
    const run = await a.request('POST', `/api/admin/jobs/${REMINDERS_SCAN_JOB}/run`, { cookie: admin.cookie });
    expect(run).toMatchObject({ status: 202, body: { queued: expect.any(Boolean) } });
    expect((await a.request('POST', '/api/admin/jobs/not-a-job/run', { cookie: admin.cookie })).status).toBe(404);
    expect((await a.request('GET', '/api/admin/jobs', { cookie: user.cookie })).status).toBe(403);
    expect((await a.request('POST', `/api/admin/jobs/${REMINDERS_SCAN_JOB}/run`, { cookie: user.cookie })).status).toBe(
      403,
    );
    expect((await a.request('GET', '/api/admin/jobs')).status).toBe(401);
    const [audited] = (await a.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE type = 'jobs.run-requested' AND actor_user_id = $1`,
      [admin.id],
    )) as { n: number }[];
    expect(audited!.n).toBe(1);
  }, 60_000);
});
