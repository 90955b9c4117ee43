import ICAL from 'ical.js';
import { type ParsedMail, simpleParser } from 'mailparser';
import { CollabTestClient } from '../../../test/support/collab-client';
import { eventually } from '../../../test/support/eventually';
import { SmtpSink } from '../../../test/support/smtp-sink';
import { TestApp, type TestUser } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import { Clock, MailService } from '../../platform';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';

/** Case content that must never leave in an email: a child's name, the meeting's reason, the record's text. */
const CANARY_CHILD = 'Zebedee Canarychild';
const CANARY_REASON = 'CANARY-REASON the stepfather was seen';
const CANARY_RECORD = 'CANARY-RECORD disclosed to the teacher';

interface CalendarPart {
  method: string;
  text: string;
  event: ICAL.Event;
  dtstart: ICAL.Property;
}

/** The message's text/calendar part, parsed with ical.js (its VTIMEZONE registered so times convert). */
function calendarOf(mail: ParsedMail): CalendarPart {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error('no text/calendar part');
  const text = part.content.toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  }
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    text,
    event: new ICAL.Event(vevent),
    dtstart: vevent.getFirstProperty('dtstart')!,
  };
}

/**
 * Invitations by email on the real app with a real SMTP server (smtp-sink):
 * calendar invitations on adding a member, a new time and a removal; the
 * invitation for someone without an account (accepted once; reused, expired,
 * wrong-email refused and changing nothing); a failing mail server never
 * blocking a member's addition. docs/EMAIL.md.
 */
describe(`invitations by email [${oneDatabaseKind()} PostgreSQL]`, () => {
  let database: DatabaseHandle;
  let sink: SmtpSink;
  let app: TestApp;
  let chair: TestUser;
  let chairCookie: string;
  let meetingId: string;
  let reference: string;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    sink = await SmtpSink.start();
    app = await TestApp.start(database, {
      SMTP_URL: sink.url,
      MAIL_FROM: 'Roundtable <roundtable@example.org>',
      PUBLIC_URL: 'https://roundtable.example.org',
    });
    chair = await app.createUser();
    const created = await app.createMeeting(chair, [], {
      reason: CANARY_REASON,
      scheduledAt: '2026-07-14T09:00:00Z', // 10:00am BST
      children: [{ name: CANARY_CHILD, dateOfBirth: '2020-01-01' }],
    });
    chairCookie = created.chairCookie;
    meetingId = created.meeting.id;
    reference = created.meeting.reference;
    // The record holds case text too, stored before anyone is invited.
    const collab = await CollabTestClient.connected(app.url, chairCookie, meetingId);
    collab.type(CANARY_RECORD);
    await eventually(async () => {
      const [row] = (await app.dataSource.query(
        `SELECT count(*)::int AS n FROM document_updates WHERE document_name = $1`,
        [`meetings/${meetingId}/record`],
      )) as { n: number }[];
      expect(row!.n).toBeGreaterThan(0);
    });
    collab.destroy();
  });

  afterAll(async () => {
    await app?.close();
    await sink?.close();
    await database?.stop();
  });

  const mailTo = async (email: string, count: number): Promise<ParsedMail[]> =>
    Promise.all((await sink.waitFor(email, count)).map((m) => simpleParser(m.raw)));

  const expectNoCaseContent = (mail: ParsedMail, raw: string) => {
    for (const text of [mail.subject ?? '', mail.text ?? '', calendarOf(mail).text, raw]) {
      expect(text).not.toContain('Zebedee');
      expect(text).not.toContain('Canarychild');
      expect(text).not.toContain('CANARY');
    }
  };

  const counts = async () =>
    (
      (await app.dataSource.query(
        `SELECT (SELECT count(*)::int FROM users) AS users,
                (SELECT count(*)::int FROM meeting_members) AS members,
                (SELECT count(*)::int FROM account_invitations WHERE accepted_at IS NOT NULL) AS accepted`,
      )) as { users: number; members: number; accepted: number }[]
    )[0]!;

  it('a member added receives a calendar invitation in Europe/London; a new time updates the same event; removal cancels it', async () => {
    const member = await app.createUser();
    const added = await app.request('POST', `/api/meetings/${meetingId}/members`, {
      cookie: chairCookie,
      body: { email: member.email, role: 'participant' },
    });
    expect(added.status).toBe(201);

    const [invitation] = await mailTo(member.email, 1);
    expect(invitation!.subject).toBe(`Invitation: strategy discussion ${reference} on Tuesday 14 July 2026 at 10am`);
    expect(invitation!.text).toContain(
      `You have been invited to strategy discussion ${reference} on Tuesday 14 July 2026 at 10am.`,
    );
    expect(invitation!.text).toContain(`https://roundtable.example.org/meetings/${meetingId}`);
    expectNoCaseContent(invitation!, sink.to(member.email)[0]!.raw);
    const first = calendarOf(invitation!);
    expect(first.method).toBe('REQUEST');
    expect(first.dtstart.getParameter('tzid')).toBe('Europe/London');
    expect(String(first.dtstart.getFirstValue())).toBe('2026-07-14T10:00:00'); // wall time in BST
    expect(first.event.startDate.toJSDate().toISOString()).toBe('2026-07-14T09:00:00.000Z');
    expect(first.event.endDate.toJSDate().toISOString()).toBe('2026-07-14T10:00:00.000Z');
    expect(first.event.sequence).toBe(0);
    expect(first.event.summary).toBe(`Strategy discussion ${reference}`);
    const uid = first.event.uid;
    expect(uid).toMatch(/@roundtable$/);

    // A winter time: GMT, so the wall time is the UTC time.
    const moved = await app.request('PATCH', `/api/meetings/${meetingId}`, {
      cookie: chairCookie,
      body: { scheduledAt: '2026-12-08T10:00:00Z' },
    });
    expect(moved.status).toBe(200);
    const [, update] = await mailTo(member.email, 2);
    expect(update!.text).toContain(`It is now on Tuesday 8 December 2026 at 10am.`);
    expectNoCaseContent(update!, sink.to(member.email)[1]!.raw);
    const second = calendarOf(update!);
    expect(second.method).toBe('REQUEST');
    expect(second.event.uid).toBe(uid);
    expect(second.event.sequence).toBe(1);
    expect(second.dtstart.getParameter('tzid')).toBe('Europe/London');
    expect(String(second.dtstart.getFirstValue())).toBe('2026-12-08T10:00:00');
    expect(second.event.startDate.toJSDate().toISOString()).toBe('2026-12-08T10:00:00.000Z');
    // The chair hears of the new time too.
    const [chairUpdate] = await mailTo(chair.email, 1);
    expect(calendarOf(chairUpdate!).method).toBe('REQUEST');

    const removed = await app.request('DELETE', `/api/meetings/${meetingId}/members/${member.user.id}`, {
      cookie: chairCookie,
    });
    expect(removed.status).toBe(200);
    const [, , cancellation] = await mailTo(member.email, 3);
    const third = calendarOf(cancellation!);
    expect(third.method).toBe('CANCEL');
    expect(third.event.uid).toBe(uid);
    expect(third.event.sequence).toBe(2);
    expect(third.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expectNoCaseContent(cancellation!, sink.to(member.email)[2]!.raw);

    // The outbox shows administrators each calendar invitation and that it was sent.
    await app.get(MailService).settle();
    const outbox = (await app.dataSource.query(
      `SELECT calendar_method, calendar_ics IS NOT NULL AS has_ics, sent_at IS NOT NULL AS sent, error
         FROM mail_outbox WHERE to_address = $1 ORDER BY created_at`,
      [member.email],
    )) as { calendar_method: string; has_ics: boolean; sent: boolean; error: string | null }[];
    expect(outbox).toEqual([
      { calendar_method: 'REQUEST', has_ics: true, sent: true, error: null },
      { calendar_method: 'REQUEST', has_ics: true, sent: true, error: null },
      { calendar_method: 'CANCEL', has_ics: true, sent: true, error: null },
    ]);
    const admin = await app.createUser({ isAdmin: true });
    const page = await app.request('GET', '/api/admin/outbox', { cookie: await app.signIn(admin) });
    expect(page.status).toBe(200);
    const mine = (page.body.messages as { toAddress: string; calendarMethod: string | null }[]).filter(
      (m) => m.toAddress === member.email,
    );
    expect(mine.map((m) => m.calendarMethod)).toEqual(['CANCEL', 'REQUEST', 'REQUEST']);
  });

  it('invites someone without an account: the link sets up an account and a membership once', async () => {
    const email = `new-${Date.now()}@example.org`;
    const invited = await app.request('POST', `/api/meetings/${meetingId}/account-invitations`, {
      cookie: chairCookie,
      body: { email, role: 'participant', agency: 'health', organisation: 'Testshire GP Practice' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email, role: 'participant', agency: 'health', status: 'pending' });

    const [mail] = await mailTo(email, 1);
    expect(mail!.text).toContain(`You have been invited to strategy discussion ${reference}`);
    expectNoCaseContent(mail!, sink.to(email)[0]!.raw);
    const token = /\/invitations\/accept#token=([A-Za-z0-9_-]{43})/.exec(mail!.text ?? '')?.[1];
    expect(token).toBeDefined();
    const invitationUid = calendarOf(mail!).event.uid;
    // Only the token's hash is stored.
    const stored = (await app.dataSource.query(`SELECT encode(token_hash, 'hex') AS h FROM account_invitations`)) as {
      h: string;
    }[];
    expect(stored.some((r) => r.h.includes(token!))).toBe(false);

    const preview = await app.request('POST', '/api/invitations/preview', { body: { token } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      email,
      role: 'participant',
      meetingReference: reference,
      meetingTypeLabel: 'Strategy discussion',
    });
    expect(JSON.stringify(preview.body)).not.toContain('CANARY');

    // Bad input: a clear error, and nothing changes.
    const before = await counts();
    const weak = await app.request('POST', '/api/invitations/accept', {
      body: { token, displayName: 'Dr Pat New', jobTitle: 'GP', password: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.fields?.[0]?.path).toBe('password');
    expect(await counts()).toEqual(before);

    const accepted = await app.request('POST', '/api/invitations/accept', {
      body: { token, displayName: 'Dr Pat New', jobTitle: 'GP', password: 'a long enough new password' },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toEqual({ meetingId, email });
    const cookie = await app.signIn({ email, password: 'a long enough new password' });
    const seen = await app.request('GET', `/api/meetings/${meetingId}`, { cookie });
    expect(seen.status).toBe(200);
    expect(seen.body.myRole).toBe('participant');
    const [account] = (await app.dataSource.query(
      `SELECT agency, organisation, is_admin, is_auditor, can_chair FROM users WHERE email = $1`,
      [email],
    )) as Record<string, unknown>[];
    expect(account).toEqual({
      agency: 'health',
      organisation: 'Testshire GP Practice',
      is_admin: false,
      is_auditor: false,
      can_chair: false,
    });
    // Now a member: the member's calendar invitation is the same event, next version.
    const [, joined] = await mailTo(email, 2);
    expect(calendarOf(joined!).event.uid).toBe(invitationUid);
    expect(calendarOf(joined!).event.sequence).toBe(1);
    const audit = (await app.dataSource.query(
      `SELECT type, details->>'via' AS via FROM audit_events
        WHERE type IN ('invitation.created', 'invitation.accepted', 'user.created', 'member.added')
          AND (meeting_id = $1 OR type = 'user.created') ORDER BY seq DESC LIMIT 4`,
      [meetingId],
    )) as { type: string; via: string | null }[];
    expect(audit.map((a) => a.type).sort()).toEqual([
      'invitation.accepted',
      'invitation.created',
      'member.added',
      'user.created',
    ]);

    // Used once: a second acceptance is refused and changes nothing.
    const afterAccept = await counts();
    const reused = await app.request('POST', '/api/invitations/accept', {
      body: { token, displayName: 'Someone Else', jobTitle: 'GP', password: 'another long password here' },
    });
    expect(reused.status).toBe(409);
    expect(reused.body.message).toMatch(/already been used/);
    expect(await counts()).toEqual(afterAccept);
    const unknown = await app.request('POST', '/api/invitations/accept', {
      body: { token: 'A'.repeat(43), displayName: 'X', jobTitle: 'Y', password: 'another long password here' },
    });
    expect(unknown.status).toBe(404);
    expect(await counts()).toEqual(afterAccept);
    const refusals = (await app.dataSource.query(
      `SELECT details->>'reason' AS reason FROM audit_events WHERE type = 'invitation.refused' ORDER BY seq`,
    )) as { reason: string }[];
    expect(refusals.map((r) => r.reason)).toEqual(['used', 'unknown']);
  });

  async function inviteAndToken(email: string): Promise<string> {
    const res = await app.request('POST', `/api/meetings/${meetingId}/account-invitations`, {
      cookie: chairCookie,
      body: { email, role: 'observer', agency: 'education' },
    });
    expect(res.status).toBe(201);
    const [mail] = await mailTo(email, 1);
    return /#token=([A-Za-z0-9_-]{43})/.exec(mail!.text ?? '')![1]!;
  }

  it('refuses an expired invitation and one taken by an account with another email, changing nothing; binds a signed-in account with the invited email', async () => {
    const expiredEmail = `expired-${Date.now()}@example.org`;
    const expiredToken = await inviteAndToken(expiredEmail);
    await app.dataSource.query(
      `UPDATE account_invitations SET expires_at = now() - interval '1 second' WHERE email = $1`,
      [expiredEmail],
    );
    const before = await counts();
    const expired = await app.request('POST', '/api/invitations/accept', {
      body: { token: expiredToken, displayName: 'Late', jobTitle: 'Teacher', password: 'a long enough new password' },
    });
    expect(expired.status).toBe(409);
    expect(expired.body.message).toMatch(/expired/);
    expect((await app.request('POST', '/api/invitations/preview', { body: { token: expiredToken } })).status).toBe(409);
    expect(await counts()).toEqual(before);

    // The invited person signs in with their organisation's single sign-on (here: an account with that email).
    const ssoEmail = `sso-${Date.now()}@example.org`;
    const ssoToken = await inviteAndToken(ssoEmail);
    const stranger = await app.createUser();
    const beforeWrongEmail = await counts();
    const wrongEmail = await app.request('POST', '/api/invitations/accept-signed-in', {
      cookie: await app.signIn(stranger),
      body: { token: ssoToken },
    });
    expect(wrongEmail.status).toBe(403);
    expect(wrongEmail.body.message).toMatch(/different email address/);
    expect(await counts()).toEqual(beforeWrongEmail);

    const invitedAccount = await app.createUser({ email: ssoEmail, agency: 'education' });
    const viaSso = await app.request('POST', '/api/invitations/accept-signed-in', {
      cookie: await app.signIn(invitedAccount),
      body: { token: ssoToken },
    });
    expect(viaSso.status).toBe(201);
    const seen = await app.request('GET', `/api/meetings/${meetingId}`, { cookie: await app.signIn(invitedAccount) });
    expect(seen.body.myRole).toBe('observer');

    // Only the chair invites; a role no new account can hold is refused with a clear error.
    const participant = await app.createUser();
    await app.request('POST', `/api/meetings/${meetingId}/members`, {
      cookie: chairCookie,
      body: { email: participant.email, role: 'participant' },
    });
    const notChair = await app.request('POST', `/api/meetings/${meetingId}/account-invitations`, {
      cookie: await app.signIn(participant),
      body: { email: 'x@example.org', role: 'observer', agency: 'police' },
    });
    expect(notChair.status).toBe(403);
    const asChair = await app.request('POST', `/api/meetings/${meetingId}/account-invitations`, {
      cookie: chairCookie,
      body: { email: 'x@example.org', role: 'chair', agency: 'police' },
    });
    expect(asChair.status).toBe(400);
    expect(asChair.body.fields[0].path).toBe('role');
    const existing = await app.request('POST', `/api/meetings/${meetingId}/account-invitations`, {
      cookie: chairCookie,
      body: { email: participant.email, role: 'observer', agency: 'police' },
    });
    expect(existing.status).toBe(409);
  });

  it('a failing mail server never blocks adding a member: the change stands and the outbox records the error', async () => {
    sink.failWith(554);
    try {
      const member = await app.createUser();
      const added = await app.request('POST', `/api/meetings/${meetingId}/members`, {
        cookie: chairCookie,
        body: { email: member.email, role: 'observer' },
      });
      expect(added.status).toBe(201);
      expect(added.body.members.some((m: { userId: string }) => m.userId === member.user.id)).toBe(true);
      await eventually(async () => {
        const [row] = (await app.dataSource.query(
          `SELECT sent_at, error, calendar_method FROM mail_outbox WHERE to_address = $1`,
          [member.email],
        )) as { sent_at: Date | null; error: string | null; calendar_method: string }[];
        expect(row).toBeDefined();
        expect(row!.sent_at).toBeNull();
        expect(row!.error).toMatch(/554/);
        expect(row!.calendar_method).toBe('REQUEST');
      });
      expect(sink.to(member.email)).toHaveLength(0);
    } finally {
      sink.accept();
    }
  });
  it('keeps one open invitation per address even when the chair sends it twice at once, lets the chair withdraw one, and expires them by the server clock', async () => {
    // Eight simultaneous invitations to one address: exactly one stands.
    const email = `twice-${Date.now()}@example.org`;
    const sent = await Promise.all(
      Array.from({ length: 8 }, () =>
        app.request('POST', `/api/meetings/${meetingId}/account-invitations`, {
          cookie: chairCookie,
          body: { email, role: 'observer', agency: 'health' },
        }),
      ),
    );
    expect(sent.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const rows = (await app.dataSource.query(`SELECT id FROM account_invitations WHERE email = $1`, [email])) as {
      id: string;
    }[];
    expect(rows).toHaveLength(1);
    const invitationId = sent.find((r) => r.status === 201)!.body.id as string;
    const [mail] = await mailTo(email, 1);
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail!.text ?? '')![1]!;
    const revokePath = (id: string) => `/api/meetings/${meetingId}/account-invitations/${id}/revoke`;

    // Only the chair withdraws; an unknown or malformed id is refused; nothing changes.
    const member = await app.createUser();
    await app.request('POST', `/api/meetings/${meetingId}/members`, {
      cookie: chairCookie,
      body: { email: member.email, role: 'participant' },
    });
    expect((await app.request('POST', revokePath(invitationId), { cookie: await app.signIn(member) })).status).toBe(
      403,
    );
    expect(
      (await app.request('POST', revokePath('00000000-0000-4000-8000-000000000000'), { cookie: chairCookie })).status,
    ).toBe(404);
    expect((await app.request('POST', revokePath('not-an-id'), { cookie: chairCookie })).status).toBe(404);
    const [still] = (await app.dataSource.query(`SELECT revoked_at FROM account_invitations WHERE id = $1`, [
      invitationId,
    ])) as { revoked_at: Date | null }[];
    expect(still!.revoked_at).toBeNull();

    const withdrawn = await app.request('POST', revokePath(invitationId), { cookie: chairCookie });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('revoked');
    expect((await app.request('POST', revokePath(invitationId), { cookie: chairCookie })).status).toBe(409);

    // The link no longer works, and refusing it changes nothing.
    const before = await counts();
    const accept = await app.request('POST', '/api/invitations/accept', {
      body: { token, displayName: 'Withdrawn', jobTitle: 'Nurse', password: 'a long enough new password' },
    });
    expect(accept.status).toBe(409);
    expect(accept.body.message).toMatch(/withdrawn/);
    expect((await app.request('POST', '/api/invitations/preview', { body: { token } })).status).toBe(409);
    expect(await counts()).toEqual(before);
    const trail = (await app.dataSource.query(
      `SELECT type, details->>'reason' AS reason, actor_user_id FROM audit_events
        WHERE subject_type = 'account-invitation' AND subject_id = $1 ORDER BY seq`,
      [invitationId],
    )) as { type: string; reason: string | null; actor_user_id: string | null }[];
    expect(trail.map((e) => [e.type, e.reason])).toEqual([
      ['invitation.created', null],
      ['invitation.revoked', null],
      ['invitation.refused', 'revoked'],
    ]);
    expect(trail[1]!.actor_user_id).toBe(chair.user.id);

    // The address may be invited again, and a pending invitation expires by the server's clock.
    const again = await app.request('POST', `/api/meetings/${meetingId}/account-invitations`, {
      cookie: chairCookie,
      body: { email, role: 'observer', agency: 'health' },
    });
    expect(again.status).toBe(201);
    const [, againMail] = await mailTo(email, 2);
    const againToken = /#token=([A-Za-z0-9_-]{43})/.exec(againMail!.text ?? '')![1]!;
    expect((await app.request('POST', '/api/invitations/preview', { body: { token: againToken } })).status).toBe(200);
    app.get(Clock).advanceForTests(8 * 86_400_000);
    const late = await app.request('POST', '/api/invitations/preview', { body: { token: againToken } });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/expired/);
    const listed = await app.request('GET', `/api/meetings/${meetingId}/account-invitations`, {
      cookie: await app.signIn(chair),
    });
    const statuses = Object.fromEntries(
      (listed.body.invitations as { id: string; status: string }[]).map((i) => [i.id, i.status]),
    );
    expect(statuses[invitationId]).toBe('revoked');
    expect(statuses[again.body.id as string]).toBe('expired');
  });
});
