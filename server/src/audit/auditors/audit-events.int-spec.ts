import { describeEachDatabase } from '../../../test/support/each-database';
import { AUDIT_SIGNING_KEY } from '../trail/audit.tokens';
import type { AuditSigningKey } from '../trail/audit-signing-key';
import { verifyAuditTrail } from '../trail/audit-store';

interface Row {
  seq: string;
  type: string;
  outcome: string;
  actor_user_id: string | null;
  meeting_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

describeEachDatabase('audited events', (ctx) => {
  const eventsSince = async (seq: number): Promise<Row[]> =>
    (await ctx.app.dataSource.query(
      `SELECT seq, type, outcome, actor_user_id, meeting_id, subject_type, subject_id, details
         FROM audit_events WHERE seq > $1 ORDER BY seq`,
      [seq],
    )) as Row[];
  const head = async () =>
    Number(
      ((await ctx.app.dataSource.query(`SELECT coalesce(max(seq), 0) AS s FROM audit_events`)) as { s: string }[])[0]!
        .s,
    );

  it('records sign-in, a refused sign-in and sign-out, attributed to the account and never holding the email', async () => {
    const user = await ctx.app.createUser({ agency: 'police' });
    const from = await head();
    const cookie = await ctx.app.signIn(user);
    await ctx.app.request('POST', '/api/auth/login', { body: { email: user.email, password: 'not the password' } });
    await ctx.app.request('POST', '/api/auth/login', { body: { email: 'nobody@example.org', password: 'whatever' } });
    await ctx.app.request('POST', '/api/auth/logout', { cookie });

    const events = await eventsSince(from);
    expect(events.map((e) => [e.type, e.outcome])).toEqual([
      ['auth.sign-in', 'success'],
      ['auth.sign-in-failed', 'refused'],
      ['auth.sign-in-failed', 'refused'],
      ['auth.sign-out', 'success'],
    ]);
    expect(events[0]).toMatchObject({ actor_user_id: user.user.id, subject_type: 'session' });
    expect(events[1]).toMatchObject({
      actor_user_id: null,
      subject_id: user.user.id,
      details: { reason: 'wrong-password' },
    });
    expect(events[2]).toMatchObject({ subject_id: null, details: { reason: 'unknown-or-disabled-account' } });
    expect(events[3]).toMatchObject({ actor_user_id: user.user.id, subject_id: events[0]!.subject_id });
    expect(JSON.stringify(events)).not.toContain('nobody@example.org');
    expect(JSON.stringify(events)).not.toContain(user.email);
  });

  it('records a meeting convened and changed, and every membership change, without the reason text', async () => {
    const chair = await ctx.app.createUser({ agency: 'childrens-social-care' });
    const police = await ctx.app.createUser({ agency: 'police' });
    const from = await head();
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair, [{ member: police, role: 'participant' }], {
      reason: 'Canary-reason-text about Ruby',
    });
    const base = `/api/meetings/${meeting.id}`;
    await ctx.app.request('PATCH', base, { cookie: chairCookie, body: { format: 'phone' } });
    await ctx.app.request('PATCH', `${base}/members/${police.user.id}`, {
      cookie: chairCookie,
      body: { role: 'observer' },
    });
    await ctx.app.request('DELETE', `${base}/members/${police.user.id}`, { cookie: chairCookie });

    const events = (await eventsSince(from)).filter((e) => e.meeting_id === meeting.id);
    expect(events.map((e) => e.type)).toEqual([
      'meeting.created',
      'member.added',
      'meeting.changed',
      'member.role-changed',
      'member.removed',
    ]);
    expect(events.every((e) => e.actor_user_id === chair.user.id)).toBe(true);
    expect(events[2]!.details).toEqual({ fields: ['format'] });
    expect(events[3]!.details).toEqual({ from: 'participant', to: 'observer' });
    expect(JSON.stringify(events)).not.toContain('Canary');
    expect(JSON.stringify(events)).not.toContain('Ruby');
  });

  it('writes nothing when the change itself is refused', async () => {
    const chair = await ctx.app.createUser({ agency: 'childrens-social-care' });
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair);
    const from = await head();
    const res = await ctx.app.request('DELETE', `/api/meetings/${meeting.id}/members/${chair.user.id}`, {
      cookie: chairCookie,
    });
    expect(res.status).toBe(409); // the last chair cannot leave
    expect((await eventsSince(from)).filter((e) => e.meeting_id === meeting.id)).toEqual([]);
  });

  it('refuses to make an auditor a meeting member', async () => {
    const chair = await ctx.app.createUser({ agency: 'childrens-social-care' });
    const auditor = await ctx.app.createUser({ agency: 'other', isAuditor: true });
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair);
    const res = await ctx.app.request('POST', `/api/meetings/${meeting.id}/members`, {
      cookie: chairCookie,
      body: { email: auditor.email, role: 'observer' },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/Auditors/);
  });

  it('leaves a chain that verifies', async () => {
    const key = ctx.app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey;
    const report = await verifyAuditTrail((sql, params) => ctx.app.dataSource.query(sql, params), key.publicKey);
    expect(report.firstBroken).toBeNull();
    expect(report.entriesChecked).toBeGreaterThan(10);
  });
});
