import { createHash } from 'node:crypto';
import {
  type CirculationResponse,
  RECORD_LINK_CODE_REFUSED,
  RECORD_LINK_EXPIRED,
  RECORD_LINK_UNKNOWN,
  RECORD_LINK_USED,
} from '@roundtable/shared/circulation';
import { SEALED_RECORD_SHA256_HEADER, type SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { Clock } from '../../platform';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';
import { compactText, pdfToText, pdftotextAvailable } from '../../../test/support/pdf-text';
import { tokenFromEmail } from './circulation-mail';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** Case content: none of it may be in any email. The restricted one must never reach a non-member. */
const CANARY = {
  restrictedAction: 'Covertly follow the stepfather Canarywood to the lock-up',
  openAction: 'Arrange a child protection medical at Canaryfield clinic',
  child: 'Ruby Testcase',
};

const GP = { name: 'Dr Gita Practitioner', email: 'gita.gp@example.nhs.uk', organisation: 'GP, Riverside Surgery' };

interface Outbox {
  to_address: string;
  subject: string;
  body_text: string;
}

describeOnOneDatabase('circulating the sealed record', (ctx) => {
  const clients: EventsClient[] = [];
  const hasPdftotext = pdftotextAvailable();
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const path = (c: MeetingCast) => `/api/meetings/${c.meeting.id}/circulation`;
  const circulate = (c: MeetingCast, body: unknown, cookie = c.chair.cookie) =>
    ctx.app.request('POST', path(c), { cookie, body });
  const circulation = async (c: MeetingCast): Promise<CirculationResponse> => {
    const res = await ctx.app.request('GET', path(c), { cookie: c.chair.cookie });
    expect(res.status).toBe(200);
    return res.body as CirculationResponse;
  };
  const clockOf = async (c: MeetingCast) => {
    const detail = (await ctx.app.request('GET', `/api/meetings/${c.meeting.id}`, { cookie: c.chair.cookie }))
      .body as MeetingDetail;
    return detail.clocks.find((k) => k.key === 'record-circulation')!;
  };
  const versions = async (c: MeetingCast) =>
    (
      (await ctx.app.request('GET', `/api/meetings/${c.meeting.id}/records`, { cookie: c.chair.cookie }))
        .body as SealedRecordListResponse
    ).versions;
  const mailTo = (email: string): Promise<Outbox[]> =>
    ctx.app.dataSource.query(
      // The record's emails only: members also get a calendar invitation when they are added (docs/EMAIL.md).
      `SELECT to_address, subject, body_text FROM mail_outbox
        WHERE to_address = $1 AND calendar_method IS NULL ORDER BY created_at, id`,
      [email],
    );
  const allMail = (): Promise<Outbox[]> =>
    ctx.app.dataSource.query(`SELECT to_address, subject, body_text FROM mail_outbox ORDER BY created_at, id`);
  const count = async (table: string): Promise<number> =>
    Number(((await ctx.app.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n);

  /** The link's token from the newest circulation email to `email`. */
  const tokenFor = async (email: string): Promise<string> => {
    const mails = (await mailTo(email)).filter((m) => m.subject.startsWith('The record of'));
    const token = tokenFromEmail(mails.at(-1)!.body_text);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    return token!;
  };
  const codeFor = async (email: string): Promise<string> => {
    const mails = (await mailTo(email)).filter((m) => m.subject.startsWith('Your code'));
    return /^(\d{6})$/m.exec(mails.at(-1)!.body_text)![1]!;
  };
  const link = (action: 'open' | 'code' | 'download', body: unknown) =>
    ctx.app.request('POST', `/api/record-links/${action}`, { body });
  const downloadBytes = async (body: unknown) => {
    const res = await fetch(`${ctx.app.url}/api/record-links/download`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  /** A discussion with a police-restricted action and an open one, concluded: version 1 sealed. */
  async function concluded(): Promise<MeetingCast> {
    const c = await buildMeetingCast(ctx.app, clients);
    expect(
      (await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/start`, { cookie: c.chair.cookie })).status,
    ).toBe(200);
    const restricted = await c.police.client.ok('action:create', {
      meetingId: c.meeting.id,
      description: CANARY.restrictedAction,
      ownerUserId: c.police.user.user.id,
      ownerAgency: 'police',
      dueAt: inHours(24),
    });
    await c.police.client.ok('action:flag', {
      meetingId: c.meeting.id,
      actionId: restricted.id,
      restriction: 'police-restricted',
    });
    await c.chair.client.ok('action:create', {
      meetingId: c.meeting.id,
      description: CANARY.openAction,
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: inHours(48),
    });
    const done = await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/conclude`, {
      cookie: c.chair.cookie,
      body: {},
    });
    expect(done.status).toBe(200);
    await eventually(async () => expect(await versions(c)).toHaveLength(1));
    return c;
  }

  it('sends a member and a non-member the record with emails that carry no case content; the clock is met only once it has gone out', async () => {
    const c = await concluded();
    const before = await clockOf(c);
    expect(before.status).not.toBe('met');
    expect(before.basis).toContain('has not been circulated yet');

    const empty = await circulation(c);
    expect(empty).toMatchObject({ latestVersion: 1, firstCirculatedAt: null, recipients: [] });
    const observer = empty.candidates.members.find((m) => m.id === c.education.user.user.id);
    expect(observer?.unavailable).toMatch(/Observers/);

    const sent = await circulate(c, {
      members: [{ userId: c.health.user.user.id }, { userId: c.police.user.user.id }],
      nonMembers: [{ ...GP, email: ' Gita.GP@example.nhs.uk ', variant: 'shared' }],
    });
    expect(sent.status).toBe(201);
    const body = sent.body as CirculationResponse;
    expect(body.firstCirculatedAt).not.toBeNull();
    expect(body.recipients).toHaveLength(3);
    const byName = new Map(body.recipients.map((r) => [r.name, r]));
    expect(byName.get(GP.name)).toMatchObject({
      kind: 'non-member',
      email: GP.email,
      organisation: GP.organisation,
      version: 1,
      variant: 'shared',
      downloadedAt: null,
      outdated: false,
    });
    expect(byName.get(GP.name)!.linkExpiresAt).not.toBeNull();
    // Each member is sent their own version: police (who may read the one restricted item) the complete one,
    // health (in no audience) the shared one.
    expect(byName.get('Priya Police')).toMatchObject({
      kind: 'member',
      variant: 'complete',
      linkExpiresAt: null,
    });
    expect(byName.get('Hana Health')).toMatchObject({ kind: 'member', variant: 'shared', downloadedAt: null });

    const mails = [...(await mailTo(c.health.user.email.toLowerCase())), ...(await mailTo(GP.email))];
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      expect(mail.body_text).toContain(c.meeting.reference);
      expect(mail.body_text).toContain('strategy discussion');
      for (const canary of [...Object.values(CANARY), 'Sam Chair', 'Priya Police']) {
        expect(`${mail.subject}\n${mail.body_text}`).not.toContain(canary);
      }
    }
    expect(mails[0]!.body_text).toContain(`/meetings/${c.meeting.id}`);
    expect(mails[1]!.body_text).toMatch(/\/record-link#[A-Za-z0-9_-]{43}/);

    const after = await clockOf(c);
    expect(after.status).toBe('met');
    expect(after.basis).toMatch(/The record was circulated (late, )?on \d{4}-\d{2}-\d{2}\.$/);

    const [audit] = (await ctx.app.dataSource.query(
      `SELECT actor_user_id, details FROM audit_events WHERE meeting_id = $1 AND type = 'record.circulated'`,
      [c.meeting.id],
    )) as { actor_user_id: string; details: Record<string, unknown> }[];
    expect(audit).toMatchObject({
      actor_user_id: c.chair.user.user.id,
      details: { version: 1, members: 2, nonMembers: 1, familyMembers: 0 },
    });
    expect(JSON.stringify(audit!.details)).not.toContain(GP.email);
  });

  it('lets the non-member download their version once with an emailed code; it holds no restricted content; downloads are tracked', async () => {
    const c = await concluded();
    expect(
      (await circulate(c, { members: [{ userId: c.health.user.user.id }], nonMembers: [{ ...GP, variant: 'shared' }] }))
        .status,
    ).toBe(201);
    const token = await tokenFor(GP.email);

    const opened = await link('open', { token });
    expect(opened).toMatchObject({
      status: 200,
      body: { reference: c.meeting.reference, version: 1, emailHint: 'g•••@example.nhs.uk' },
    });
    expect(JSON.stringify(opened.body)).not.toContain(CANARY.child);
    expect(await link('code', { token })).toMatchObject({ status: 202 });
    const code = await codeFor(GP.email);
    const codeMail = (await mailTo(GP.email)).at(-1)!;
    for (const canary of Object.values(CANARY)) expect(codeMail.body_text).not.toContain(canary);

    const wrong = code === '000000' ? '000001' : '000000';
    expect(await link('download', { token, code: wrong })).toMatchObject({
      status: 401,
      body: { code: 'InvalidCredentials', message: RECORD_LINK_CODE_REFUSED },
    });
    const file = await downloadBytes({ token, code });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain(`${c.meeting.reference}-v1-shared.pdf`);
    expect(file.headers.get('cache-control')).toBe('no-store');
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.headers.get(SEALED_RECORD_SHA256_HEADER)).toBe(sha256(file.bytes));
    if (hasPdftotext) {
      const text = compactText(await pdfToText(file.bytes));
      expect(text).toContain(compactText(CANARY.openAction));
      expect(text).not.toContain(compactText(CANARY.restrictedAction));
      expect(text).toContain(compactText('Information withheld'));
    }

    // Used: the link and the code are refused from now on, and nothing more is emailed.
    const mailsBefore = (await mailTo(GP.email)).length;
    expect(await link('download', { token, code })).toMatchObject({
      status: 409,
      body: { code: 'Conflict', message: RECORD_LINK_USED },
    });
    expect(await link('open', { token })).toMatchObject({ status: 409, body: { message: RECORD_LINK_USED } });
    expect(await link('code', { token })).toMatchObject({ status: 409 });
    expect(await mailTo(GP.email)).toHaveLength(mailsBefore);

    // The chair sees who downloaded and who has not yet; a member's own download counts.
    let listed = await circulation(c);
    expect(listed.recipients.find((r) => r.kind === 'non-member')?.downloadedAt).not.toBeNull();
    expect(listed.recipients.find((r) => r.kind === 'member')?.downloadedAt).toBeNull();
    const own = await ctx.app.request('GET', `/api/meetings/${c.meeting.id}/records/1/shared.pdf`, {
      cookie: c.health.cookie,
    });
    expect(own.status).toBe(200);
    listed = await circulation(c);
    expect(listed.recipients.find((r) => r.kind === 'member')?.downloadedAt).not.toBeNull();

    const trail = (await ctx.app.dataSource.query(
      `SELECT type, outcome, actor_user_id, details FROM audit_events
        WHERE meeting_id = $1 AND type LIKE 'record.recipient-%' ORDER BY seq`,
      [c.meeting.id],
    )) as { type: string; outcome: string; actor_user_id: string | null; details: Record<string, unknown> }[];
    expect(trail.map((e) => [e.type, e.outcome, e.details.reason ?? null])).toEqual([
      ['record.recipient-code-sent', 'success', null],
      ['record.recipient-code-refused', 'refused', 'wrong'],
      ['record.recipient-downloaded', 'success', null],
      ['record.recipient-code-refused', 'refused', 'link-used'],
      ['record.recipient-code-refused', 'refused', 'link-used'],
      ['record.recipient-code-refused', 'refused', 'link-used'],
    ]);
    expect(trail[2]).toMatchObject({
      actor_user_id: null,
      details: { version: 1, variant: 'shared', format: 'pdf', sha256: sha256(file.bytes) },
    });
    expect(JSON.stringify(trail)).not.toContain(code);
  });

  it('refuses an expired link, an expired code, and a code after five wrong tries; unknown and malformed links get clear errors', async () => {
    const c = await concluded();
    const other = { ...GP, name: 'Rae Referrer', email: 'rae.referrer@example.org', organisation: 'Referrer' };
    expect(
      (
        await circulate(c, {
          nonMembers: [
            { ...GP, variant: 'shared' },
            { ...other, variant: 'family' },
          ],
        })
      ).status,
    ).toBe(201);
    const token = await tokenFor(GP.email);

    // Five wrong tries spend the code: the right one no longer works.
    await link('code', { token });
    const code = await codeFor(GP.email);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) expect((await link('download', { token, code: wrong })).status).toBe(401);
    expect(await link('download', { token, code })).toMatchObject({
      status: 401,
      body: { message: RECORD_LINK_CODE_REFUSED },
    });
    // An expired code: the server's clock moves past its 10 minutes.
    await link('code', { token });
    const second = await codeFor(GP.email);
    ctx.app.get(Clock).advanceForTests(11 * 60_000);
    expect((await link('download', { token, code: second })).status).toBe(401);
    // A fresh code still works: the link has not been used.
    await link('code', { token });
    expect((await downloadBytes({ token, code: await codeFor(GP.email) })).status).toBe(200);

    // An expired link (14 days): refused however it is used.
    const expiring = await tokenFor(other.email);
    expect((await link('open', { token: expiring })).status).toBe(200);
    ctx.app.get(Clock).advanceForTests(14 * 86_400_000);
    expect(await link('open', { token: expiring })).toMatchObject({
      status: 409,
      body: { code: 'Conflict', message: RECORD_LINK_EXPIRED },
    });
    expect((await link('code', { token: expiring })).status).toBe(409);
    expect((await link('download', { token: expiring, code: '123456' })).status).toBe(409);
    expect((await mailTo(other.email)).filter((m) => m.subject.startsWith('Your code'))).toHaveLength(0);

    const reasons = (await ctx.app.dataSource.query(
      `SELECT details->>'reason' AS reason FROM audit_events
        WHERE meeting_id = $1 AND type = 'record.recipient-code-refused' ORDER BY seq`,
      [c.meeting.id],
    )) as { reason: string }[];
    expect(reasons.map((r) => r.reason)).toEqual([
      ...Array(4).fill('wrong'),
      'wrong',
      'spent',
      'expired',
      'link-expired',
      'link-expired',
      'link-expired',
    ]);

    expect(await link('open', { token: 'A'.repeat(43) })).toMatchObject({
      status: 404,
      body: { code: 'NotFound', message: RECORD_LINK_UNKNOWN },
    });
    expect(await link('open', { token: 'short' })).toMatchObject({
      status: 400,
      body: { code: 'ValidationFailed', fields: [{ path: 'token' }] },
    });
    expect(await link('download', { token, code: '12 34' })).toMatchObject({
      status: 400,
      body: { fields: [{ path: 'code', message: 'The code is 6 numbers' }] },
    });
  });

  it('lets only the chair circulate, refuses bad input changing nothing, and shows recipients of an older version after an addendum', async () => {
    const c = await concluded();
    const body = { nonMembers: [{ ...GP, variant: 'shared' }] };
    expect(await circulate(c, body, c.police.cookie)).toMatchObject({ status: 403, body: { code: 'Forbidden' } });
    expect((await ctx.app.request('GET', path(c), { cookie: c.police.cookie })).status).toBe(403);
    expect(await circulate(c, body, c.outsider.cookie)).toMatchObject({
      status: 404,
      body: { code: 'MeetingNotFound' },
    });
    expect((await ctx.app.request('POST', path(c), { body })).status).toBe(401);

    const live = await ctx.app.createMeeting(c.chair.user);
    expect(
      await ctx.app.request('POST', `/api/meetings/${live.meeting.id}/circulation`, { cookie: live.chairCookie, body }),
    ).toMatchObject({ status: 409, body: { code: 'MeetingNotConcluded' } });

    const tables = ['record_circulations', 'record_recipients', 'mail_outbox'];
    const counts = async () => Promise.all(tables.map(count));
    const unchanged = await counts();
    const refusals: [unknown, string, RegExp][] = [
      [{}, 'members', /Add at least one recipient/],
      [{ nonMembers: [{ ...GP, email: 'not-an-email', variant: 'shared' }] }, 'nonMembers.0.email', /correct format/],
      [{ nonMembers: [{ ...GP, organisation: ' ', variant: 'shared' }] }, 'nonMembers.0.organisation', /organisation/],
      [{ nonMembers: [{ ...GP, variant: 'complete' }] }, 'nonMembers.0.variant', /without restricted information/],
      [
        {
          nonMembers: [
            { ...GP, variant: 'shared' },
            { ...GP, variant: 'family' },
          ],
        },
        'nonMembers.1',
        /already a recipient/,
      ],
      [
        { members: [{ userId: c.health.user.user.id }, { userId: c.outsider.user.user.id }] },
        'members.1.userId',
        /not a member/,
      ],
      [{ members: [{ userId: c.education.user.user.id }] }, 'members.0.userId', /Observers/],
      [
        { nonMembers: [{ ...GP, email: c.police.user.email, variant: 'shared' }] },
        'nonMembers.0.email',
        /member of the meeting/,
      ],
      [{ familyMembers: [{ participantId: c.meeting.id }] }, 'familyMembers.0.participantId', /not a family member/],
      [{ members: [], extra: true }, '', /Unrecognized|extra/i],
    ];
    for (const [input, field, message] of refusals) {
      const res = await circulate(c, input);
      expect(res).toMatchObject({ status: 400, body: { code: 'ValidationFailed' } });
      const fields = (res.body.fields ?? []) as { path: string; message: string }[];
      expect(
        fields.some((f) => f.path.startsWith(field) && message.test(f.message)) || message.test(res.body.message),
      ).toBe(true);
    }
    expect(await counts()).toEqual(unchanged);
    expect((await clockOf(c)).status).not.toBe('met');

    // A family member gets the family version through their own sign-in.
    const invited = await ctx.app.dataSource.query(
      `INSERT INTO family_participants (meeting_id, display_name, email, relationship, invited_by, access_ends_at)
       VALUES ($1, 'Jo Parent', 'jo.parent@example.org', 'parent', $2, now() + interval '30 days') RETURNING id`,
      [c.meeting.id, c.chair.user.user.id],
    );
    const sent = await circulate(c, {
      members: [{ userId: c.health.user.user.id }],
      familyMembers: [{ participantId: invited[0].id }],
    });
    expect(sent.status).toBe(201);
    const familyMail = (await mailTo('jo.parent@example.org')).at(-1)!;
    expect(familyMail.body_text).toContain('/family/sign-in');
    expect(familyMail.body_text).not.toContain('strategy discussion');
    for (const canary of Object.values(CANARY)) expect(familyMail.body_text).not.toContain(canary);
    expect((sent.body as CirculationResponse).recipients.find((r) => r.kind === 'family')).toMatchObject({
      variant: 'family',
      version: 1,
    });

    // An addendum seals version 2: the chair sees who has an older version, and sends the new one.
    const added = await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/addenda`, {
      cookie: c.health.cookie,
      body: { sectionKey: 'medical', text: 'The medical found nothing further.' },
    });
    expect(added.status).toBe(201);
    expect(
      (
        await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/addenda/${added.body.id}/sign-off`, {
          cookie: c.chair.cookie,
        })
      ).status,
    ).toBe(200);
    await eventually(async () => expect(await versions(c)).toHaveLength(2));
    const stale = await circulation(c);
    expect(stale.latestVersion).toBe(2);
    expect(stale.recipients.every((r) => r.version === 1 && r.outdated)).toBe(true);
    const again = await circulate(c, { members: [{ userId: c.health.user.user.id }] });
    expect(again.status).toBe(201);
    const now = (again.body as CirculationResponse).recipients;
    expect(now[0]).toMatchObject({ version: 2, outdated: false, name: 'Hana Health' });
    expect((await mailTo(c.health.user.email.toLowerCase())).at(-1)!.body_text).toContain('(version 2)');
    expect((await allMail()).every((m) => !m.body_text.includes(CANARY.restrictedAction))).toBe(true);
  });
  it('records each email with the circulation: if the outbox cannot take one, nothing is circulated and nothing changes', async () => {
    const c = await concluded();
    const tables = ['record_circulations', 'record_recipients', 'mail_outbox'];
    const counts = async () => Promise.all(tables.map(count));
    const body = { members: [{ userId: c.health.user.user.id }], nonMembers: [{ ...GP, variant: 'shared' }] };
    // A real fault: the outbox refuses the GP's row until the trigger goes.
    await ctx.app.dataSource.query(`
      CREATE FUNCTION test_outbox_refuses_gp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.to_address = '${GP.email.toLowerCase()}' THEN RAISE EXCEPTION 'outbox unavailable'; END IF;
        RETURN NEW;
      END $$`);
    await ctx.app.dataSource.query(
      `CREATE TRIGGER test_outbox_refuses_gp BEFORE INSERT ON mail_outbox FOR EACH ROW EXECUTE FUNCTION test_outbox_refuses_gp()`,
    );
    const before = await counts();
    try {
      const refused = await circulate(c, body);
      expect(refused.status).toBe(500);
      expect(await counts()).toEqual(before);
    } finally {
      await ctx.app.dataSource.query(`DROP TRIGGER test_outbox_refuses_gp ON mail_outbox`);
      await ctx.app.dataSource.query(`DROP FUNCTION test_outbox_refuses_gp()`);
    }
    expect((await circulate(c, body)).status).toBe(201);
    const recipients = (await ctx.app.dataSource.query(
      `SELECT email, emailed_at FROM record_recipients WHERE meeting_id = $1`,
      [c.meeting.id],
    )) as { email: string; emailed_at: Date | null }[];
    expect(recipients).toHaveLength(2);
    for (const recipient of recipients) {
      expect(recipient.emailed_at).not.toBeNull();
      expect(await mailTo(recipient.email)).not.toHaveLength(0);
    }
  });
});
