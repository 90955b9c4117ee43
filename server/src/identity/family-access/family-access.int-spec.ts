import { FAMILY_LIMITS } from '@roundtable/shared/family';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import {
  agentWithCookie,
  codeRequestsSettled,
  latestCodeFor,
  signInFamilyMember,
  signInWithEmailedCode,
} from '../../../test/support/family';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { RawCollab } from '../../../test/security/raw-collab';
import type { TestUser } from '../../../test/support/test-app';
import { FamilySessionsService } from './family-sessions.service';

/**
 * Family members sign in to one meeting with an emailed one-time code
 * (docs/FAMILY.md, "Signing in"), on the real app: the invite, the outbox,
 * the codes' rules, the family cookie on every kind of route, revocation and
 * the end of access. The per-address throttle runs last: it spends the
 * address's budget.
 */
describeOnOneDatabase('family sign-in with one-time codes', (ctx) => {
  let seq = 0;
  const nextEmail = () => `family-${Date.now()}-${++seq}@example.org`;
  const count = async (table: string): Promise<number> =>
    Number(((await ctx.app.dataSource.query(`SELECT count(*) AS n FROM ${table}`)) as { n: string }[])[0]!.n);
  const refusals = async (participantId: string) =>
    (
      (await ctx.app.dataSource.query(
        `SELECT details->>'reason' AS reason FROM audit_events
          WHERE type = 'family.code-refused' AND subject_id = $1 ORDER BY seq`,
        [participantId],
      )) as { reason: string }[]
    ).map((r) => r.reason);

  /** A meeting with its chair signed in, and a participant member. */
  async function meetingWithChair() {
    const chair = await ctx.app.createUser();
    const participant = await ctx.app.createUser();
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair, [{ member: participant, role: 'participant' }]);
    return { meeting, chair, chairCookie, participant };
  }

  async function invite(meetingId: string, chairCookie: string, email = nextEmail()) {
    const res = await ctx.app.request('POST', `/api/meetings/${meetingId}/family-members`, {
      cookie: chairCookie,
      body: { displayName: 'Sam Carer', email, relationship: 'carer' },
    });
    expect(res.status).toBe(201);
    return { participantId: res.body.id as string, email };
  }

  const askCode = (meetingReference: string, email: string) =>
    ctx.app.request('POST', '/api/family/sign-in/code', { body: { meetingReference, email } });
  const trySignIn = (meetingReference: string, email: string, code: string) =>
    ctx.app.request('POST', '/api/family/sign-in', { body: { meetingReference, email, code } });
  const wrong = (code: string) => String((Number(code) + 1) % 10 ** FAMILY_LIMITS.codeLength).padStart(6, '0');

  it('the chair invites; the email carries no case content; a code works once, and the session is the meeting’s', async () => {
    const { meeting, chairCookie } = await meetingWithChair();
    const { participantId, email } = await invite(meeting.id, chairCookie);
    const [invitation] = (await ctx.app.dataSource.query(
      `SELECT subject, body_text FROM mail_outbox WHERE to_address = $1 ORDER BY created_at`,
      [email],
    )) as { subject: string; body_text: string }[];
    expect(invitation!.body_text).toContain(meeting.reference);
    expect(invitation!.body_text).toContain('/family/sign-in');
    for (const text of [invitation!.subject, invitation!.body_text]) {
      expect(text).not.toContain('Ruby');
      expect(text).not.toContain('Bruising');
    }

    // Any case of the reference, any case of the address.
    expect((await askCode(meeting.reference.toLowerCase(), email.toUpperCase())).status).toBe(202);
    const code = (await latestCodeFor(ctx.app, email))!;
    expect(code).toMatch(/^\d{6}$/);
    const stored = (await ctx.app.dataSource.query(
      `SELECT encode(code_hash, 'hex') AS h FROM family_sign_in_codes WHERE participant_id = $1`,
      [participantId],
    )) as { h: string }[];
    expect(stored[0]!.h).not.toContain(code);

    const signedIn = await trySignIn(meeting.reference, email, code);
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('set-cookie')).toMatch(/^rt_family=[^;]+;.*HttpOnly.*SameSite=Strict/i);
    expect(signedIn.body.meeting).toMatchObject({ id: meeting.id, reference: meeting.reference, status: 'scheduled' });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const session = await agentWithCookie(ctx.app, cookie).request('GET', '/api/family/session');
    expect(session.status).toBe(200);
    expect(session.body.member).toEqual({ participantId, displayName: 'Sam Carer', relationship: 'carer' });
    expect(session.body.meeting.typeLabel).toBe('Strategy discussion');

    // Reused: refused with the one message, the trail records which.
    const reused = await trySignIn(meeting.reference, email, code);
    expect(reused.status).toBe(401);
    expect(reused.body.message).toMatch(/did not work/);
    expect(await refusals(participantId)).toEqual(['used']);

    // Signing out ends the session.
    expect((await agentWithCookie(ctx.app, cookie).request('POST', '/api/family/sign-out')).status).toBe(204);
    expect((await agentWithCookie(ctx.app, cookie).request('GET', '/api/family/session')).status).toBe(401);
  });

  it('asking for a code answers the same whoever asks, and emails only invited addresses with open access', async () => {
    const { meeting, chairCookie } = await meetingWithChair();
    const { email } = await invite(meeting.id, chairCookie);
    const before = await count('mail_outbox');
    const stranger = await askCode(meeting.reference, nextEmail());
    const unknownMeeting = await askCode('NO-SUCH-MEETING', email);
    const invited = await askCode(meeting.reference, email);
    for (const res of [stranger, unknownMeeting, invited]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual(invited.body);
    }
    await codeRequestsSettled(ctx.app);
    expect(await count('mail_outbox')).toBe(before + 1);
  });

  it('a wrong code is refused, and the fifth wrong one spends the code; an expired code is refused', async () => {
    const { meeting, chairCookie } = await meetingWithChair();
    const { participantId, email } = await invite(meeting.id, chairCookie);
    await askCode(meeting.reference, email);
    const code = (await latestCodeFor(ctx.app, email))!;
    for (let i = 0; i < FAMILY_LIMITS.codeMaxAttempts; i++) {
      expect((await trySignIn(meeting.reference, email, wrong(code))).status).toBe(401);
    }
    const spent = await trySignIn(meeting.reference, email, code);
    expect(spent.status).toBe(401);
    expect(await refusals(participantId)).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'wrong', 'spent']);

    await askCode(meeting.reference, email);
    const fresh = (await latestCodeFor(ctx.app, email))!;
    await ctx.app.dataSource.query(
      `UPDATE family_sign_in_codes SET expires_at = now() - interval '1 second'
        WHERE participant_id = $1 AND used_at IS NULL AND attempts = 0`,
      [participantId],
    );
    expect((await trySignIn(meeting.reference, email, fresh)).status).toBe(401);
    expect((await refusals(participantId)).at(-1)).toBe('expired');
  });

  it('a participant is sent at most codesPerHour codes an hour: still 202, but no email', async () => {
    const { meeting, chairCookie } = await meetingWithChair();
    const { email } = await invite(meeting.id, chairCookie);
    const sentTo = async () =>
      Number(
        (
          (await ctx.app.dataSource.query(`SELECT count(*) AS n FROM mail_outbox WHERE to_address = $1`, [email])) as {
            n: string;
          }[]
        )[0]!.n,
      );
    const invitationOnly = await sentTo();
    for (let i = 0; i < FAMILY_LIMITS.codesPerHour + 2; i++) {
      expect((await askCode(meeting.reference, email)).status).toBe(202);
    }
    await codeRequestsSettled(ctx.app);
    expect(await sentTo()).toBe(invitationOnly + FAMILY_LIMITS.codesPerHour);
  });

  it('revocation ends the family session at once; access_ends_at is honoured; conclusion sets it', async () => {
    const { meeting, chairCookie } = await meetingWithChair();
    const revoked = await signInFamilyMember(ctx.app, chairCookie, meeting.id, {
      displayName: 'Jo Parent',
      email: nextEmail(),
      relationship: 'parent',
    });
    const kept = await signInFamilyMember(ctx.app, chairCookie, meeting.id, {
      displayName: 'Alex Young',
      email: nextEmail(),
      relationship: 'young-person',
    });
    const removed = await ctx.app.request(
      'DELETE',
      `/api/meetings/${meeting.id}/family-members/${revoked.participantId}`,
      { cookie: chairCookie },
    );
    expect(removed.status).toBe(204);
    expect((await revoked.agent.request('GET', '/api/family/session')).status).toBe(401);
    expect((await kept.agent.request('GET', '/api/family/session')).status).toBe(200);
    const list = await ctx.app.request('GET', `/api/meetings/${meeting.id}/family-members`, { cookie: chairCookie });
    expect(list.body.familyMembers.map((m: { status: string }) => m.status)).toEqual(['revoked', 'invited']);

    // The access end passes: the session stops at once, and the sweep ends it.
    await ctx.app.dataSource.query(`UPDATE family_participants SET access_ends_at = now() WHERE id = $1`, [
      kept.participantId,
    ]);
    expect((await kept.agent.request('GET', '/api/family/session')).status).toBe(401);
    expect(await ctx.app.get(FamilySessionsService).sweepExpired()).toBeGreaterThanOrEqual(1);

    // Conclusion: access ends FAMILY_ACCESS_DAYS_AFTER_CONCLUSION days later.
    const { email } = await invite(meeting.id, chairCookie);
    expect((await ctx.app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie })).status).toBe(
      200,
    );
    const concluded = await ctx.app.request('POST', `/api/meetings/${meeting.id}/conclude`, {
      cookie: chairCookie,
      body: {},
    });
    expect(concluded.status).toBe(200);
    const [row] = (await ctx.app.dataSource.query(
      `SELECT extract(epoch FROM p.access_ends_at - m.concluded_at) / 86400 AS days
         FROM family_participants p JOIN meetings m ON m.id = p.meeting_id WHERE p.email = $1`,
      [email],
    )) as { days: string }[];
    expect(Math.round(Number(row!.days))).toBe(30);
    // Still signs in during those days (they need their copy of the record)…
    await signInWithEmailedCode(ctx.app, meeting.reference, email);
    // …but no one new is invited after the conclusion.
    const late = await ctx.app.request('POST', `/api/meetings/${meeting.id}/family-members`, {
      cookie: chairCookie,
      body: { displayName: 'Late', email: nextEmail(), relationship: 'family-network' },
    });
    expect(late.status).toBe(409);
  });

  it('a family cookie passes no professional route, the /meetings handshake or the record’s collab upgrade; a professional cookie passes no family route', async () => {
    const { meeting, chairCookie } = await meetingWithChair();
    const family = await signInFamilyMember(ctx.app, chairCookie, meeting.id, {
      displayName: 'Jo Parent',
      email: nextEmail(),
      relationship: 'parent',
    });
    for (const path of ['/api/me', `/api/meetings/${meeting.id}`, `/api/meetings/${meeting.id}/family-members`]) {
      expect((await family.agent.request('GET', path)).status).toBe(401);
    }
    await expect(EventsClient.connect(ctx.app.url, { cookie: family.cookie })).rejects.toThrow();
    // Nor the record's collab upgrade (professionals' documents).
    expect(await RawCollab.open(ctx.app.url, family.cookie, meeting.id, 'record')).toBe('upgrade 401');
    const professional = await ctx.app.request('GET', '/api/family/session', { cookie: chairCookie });
    expect(professional.status).toBe(401);
    expect(professional.body.message).toBe('Sign in with the code we emailed you');
    expect((await ctx.app.request('POST', '/api/family/sign-out', { cookie: chairCookie })).status).toBe(401);
    // Both cookies at once: each route still reads only its own.
    const both = `${chairCookie}; ${family.cookie}`;
    expect((await ctx.app.request('GET', '/api/family/session', { cookie: both })).body.meeting.id).toBe(meeting.id);
    expect((await ctx.app.request('GET', '/api/me', { cookie: both })).status).toBe(200);
  });

  it('only the chair invites or revokes (403); bad input is refused with field messages and changes nothing', async () => {
    const { meeting, chairCookie, participant } = await meetingWithChair();
    const participantCookie = await ctx.app.signIn(participant as TestUser);
    const before = await count('family_participants');
    const mailBefore = await count('mail_outbox');
    const nonChair = await ctx.app.request('POST', `/api/meetings/${meeting.id}/family-members`, {
      cookie: participantCookie,
      body: { displayName: 'Jo Parent', email: nextEmail(), relationship: 'parent' },
    });
    expect(nonChair.status).toBe(403);
    const outsider = await ctx.app.request('POST', `/api/meetings/${meeting.id}/family-members`, {
      cookie: await ctx.app.signIn(await ctx.app.createUser()),
      body: { displayName: 'Jo Parent', email: nextEmail(), relationship: 'parent' },
    });
    expect(outsider.status).toBe(404);
    const bad = await ctx.app.request('POST', `/api/meetings/${meeting.id}/family-members`, {
      cookie: chairCookie,
      body: { displayName: ' ', email: 'not-an-email', relationship: 'uncle' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'displayName',
      'email',
      'relationship',
    ]);
    expect(bad.body.fields.find((f: { path: string }) => f.path === 'email').message).toMatch(/correct format/);
    const { participantId, email } = await invite(meeting.id, chairCookie);
    const twice = await ctx.app.request('POST', `/api/meetings/${meeting.id}/family-members`, {
      cookie: chairCookie,
      body: { displayName: 'Again', email, relationship: 'parent' },
    });
    expect(twice.status).toBe(409);
    expect(
      (
        await ctx.app.request('DELETE', `/api/meetings/${meeting.id}/family-members/${participantId}`, {
          cookie: participantCookie,
        })
      ).status,
    ).toBe(403);
    // The participant member can see the list.
    const seen = await ctx.app.request('GET', `/api/meetings/${meeting.id}/family-members`, {
      cookie: participantCookie,
    });
    expect(seen.body.familyMembers).toHaveLength(1);
    expect(await count('family_participants')).toBe(before + 1);
    expect(await count('mail_outbox')).toBe(mailBefore + 1);

    const badSignIn = await ctx.app.request('POST', '/api/family/sign-in', {
      body: { meetingReference: '', email: 'x', code: '12' },
    });
    expect(badSignIn.status).toBe(400);
    expect(badSignIn.body.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'code',
      'email',
      'meetingReference',
    ]);
  });

  it('the outbox is for administrators only, newest first', async () => {
    const admin = await ctx.app.createUser({ isAdmin: true });
    const adminCookie = await ctx.app.signIn(admin);
    const page = await ctx.app.request('GET', '/api/admin/outbox', { cookie: adminCookie });
    expect(page.status).toBe(200);
    expect(page.body.messages.length).toBeGreaterThan(0);
    const times = page.body.messages.map((m: { createdAt: string }) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(
      (await ctx.app.request('GET', '/api/admin/outbox', { cookie: await ctx.app.signIn(await ctx.app.createUser()) }))
        .status,
    ).toBe(403);
    expect((await ctx.app.request('GET', '/api/admin/outbox?page=0', { cookie: adminCookie })).status).toBe(400);
  });

  it('one address may try only so many codes: then 429, even with the right code', async () => {
    const { meeting, chairCookie } = await meetingWithChair();
    const { email } = await invite(meeting.id, chairCookie);
    await askCode(meeting.reference, email);
    const code = (await latestCodeFor(ctx.app, email))!;
    let status = 0;
    for (let i = 0; i <= FAMILY_LIMITS.signInAttemptsPerAddress && status !== 429; i++) {
      status = (await trySignIn('NO-SUCH-MEETING', email, code)).status;
    }
    expect(status).toBe(429);
    const right = await trySignIn(meeting.reference, email, code);
    expect(right.status).toBe(429);
    expect(right.body.message).toMatch(/Too many tries/);
  });
});
