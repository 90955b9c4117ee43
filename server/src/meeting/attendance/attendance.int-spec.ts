import type { AttendanceRegister } from '@roundtable/shared/lifecycle';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { eventually } from '../../../test/support/eventually';

describeOnOneDatabase('the attendance register', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const register = async (meetingId: string, cookie: string): Promise<AttendanceRegister> => {
    const res = await ctx.app.request('GET', `/api/meetings/${meetingId}/attendance`, { cookie });
    expect(res.status).toBe(200);
    return res.body as AttendanceRegister;
  };
  const openPeriods = async (meetingId: string, userId: string): Promise<number> => {
    const rows: { n: number }[] = await ctx.app.dataSource.query(
      `SELECT count(*)::int AS n FROM attendance_periods WHERE meeting_id = $1 AND user_id = $2 AND left_at IS NULL`,
      [meetingId, userId],
    );
    return rows[0]?.n ?? -1;
  };

  it('records joins and leaves of the real room clients and counts time while the discussion is live', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    const before = await register(meetingId, c.police.cookie);
    expect(before).toMatchObject({ status: 'scheduled', countedFrom: null, attendees: [] });
    expect(before.missingMinimumAgencies).toEqual(['childrens-social-care', 'police', 'health']);

    await ctx.app.request('POST', `/api/meetings/${meetingId}/start`, { cookie: c.chair.cookie });
    await c.police.client.ok('meeting:leave', { meetingId });
    c.health.client.close();
    await eventually(async () => expect(await openPeriods(meetingId, c.police.user.user.id)).toBe(0));
    await eventually(async () => expect(await openPeriods(meetingId, c.health.user.user.id)).toBe(0));

    const live = await register(meetingId, c.education.cookie);
    const byName = new Map(live.attendees.map((a) => [a.displayName, a]));
    expect([...byName.keys()].sort()).toEqual([
      'Dan Detective',
      'Ed Education',
      'Hana Health',
      'Priya Police',
      'Sam Chair',
    ]);
    expect(byName.get('Sam Chair')).toMatchObject({
      role: 'chair',
      agency: 'childrens-social-care',
      present: true,
      lastLeftAt: null,
    });
    expect(byName.get('Priya Police')).toMatchObject({ role: 'participant', present: false });
    expect(Date.parse(byName.get('Priya Police')!.lastLeftAt!)).toBeGreaterThanOrEqual(Date.parse(live.countedFrom!));
    // Joined before the start: counted from the start.
    expect(byName.get('Sam Chair')!.firstJoinedAt).toBe(live.countedFrom);
    expect(live.missingMinimumAgencies).toEqual([]);
    expect(live.absent).toEqual([]);

    // Rejoining adds a period; time is merged, not double counted.
    await c.police.client.ok('meeting:join', { meetingId });
    await eventually(async () => expect(await openPeriods(meetingId, c.police.user.user.id)).toBe(1));

    const concluded = await ctx.app.request('POST', `/api/meetings/${meetingId}/conclude`, {
      cookie: c.chair.cookie,
      body: {},
    });
    expect(concluded.status).toBe(200);
    const after = await register(meetingId, c.chair.cookie);
    expect(after.countedUntil).toBe(concluded.body.concludedAt);
    for (const attendee of after.attendees) {
      expect(attendee.present).toBe(false);
      expect(Date.parse(attendee.lastLeftAt!)).toBeLessThanOrEqual(Date.parse(after.countedUntil!));
      const window = (Date.parse(after.countedUntil!) - Date.parse(after.countedFrom!)) / 1000;
      expect(attendee.totalSeconds).toBeLessThanOrEqual(Math.ceil(window));
    }
  });

  it('lists invitees who did not attend with apologies, by themselves or the chair, and warns on missing agencies', async () => {
    const chair = await ctx.app.createUser({ displayName: 'Sam Chair', agency: 'childrens-social-care' });
    const police = await ctx.app.createUser({ displayName: 'Priya Police', agency: 'police' });
    const health = await ctx.app.createUser({ displayName: 'Hana Health', agency: 'health' });
    const outsider = await ctx.app.createUser({ displayName: 'Olu Outsider', agency: 'health' });
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair, [
      { member: police, role: 'participant' },
      { member: health, role: 'participant' },
    ]);
    const policeCookie = await ctx.app.signIn(police);
    const healthCookie = await ctx.app.signIn(health);
    const path = `/api/meetings/${meeting.id}/apologies`;
    const chairClient = await EventsClient.connect(ctx.app.url, { cookie: chairCookie });
    clients.push(chairClient);
    await chairClient.ok('meeting:join', { meetingId: meeting.id });
    await ctx.app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie });

    const own = await ctx.app.request('POST', path, {
      cookie: healthCookie,
      body: { userId: health.user.id, reason: 'Clinic all afternoon; written information sent' },
    });
    expect(own.status).toBe(201);
    expect(
      await ctx.app.request('POST', path, { cookie: policeCookie, body: { userId: health.user.id, reason: 'x' } }),
    ).toMatchObject({ status: 403, body: { code: 'Forbidden' } });
    expect(
      await ctx.app.request('POST', path, { cookie: chairCookie, body: { userId: outsider.user.id, reason: 'x' } }),
    ).toMatchObject({ status: 400, body: { code: 'ValidationFailed', fields: [{ path: 'userId' }] } });
    expect(
      await ctx.app.request('POST', path, { cookie: chairCookie, body: { userId: police.user.id, reason: ' ' } }),
    ).toMatchObject({ status: 400, body: { code: 'ValidationFailed' } });
    const byChair = await ctx.app.request('POST', path, {
      cookie: chairCookie,
      body: { userId: police.user.id, reason: 'On a warrant' },
    });
    expect(byChair.status).toBe(201);

    const reg = byChair.body as AttendanceRegister;
    expect(reg.attendees.map((a) => a.displayName)).toEqual(['Sam Chair']);
    expect(reg.absent).toEqual([
      expect.objectContaining({
        displayName: 'Hana Health',
        apology: expect.objectContaining({
          reason: 'Clinic all afternoon; written information sent',
          recordedBy: expect.objectContaining({ displayName: 'Hana Health' }),
        }),
      }),
      expect.objectContaining({
        displayName: 'Priya Police',
        apology: expect.objectContaining({
          reason: 'On a warrant',
          recordedBy: expect.objectContaining({ displayName: 'Sam Chair' }),
        }),
      }),
    ]);
    expect(reg.missingMinimumAgencies).toEqual(['police', 'health']);
    const audit: { details: unknown }[] = await ctx.app.dataSource.query(
      `SELECT details FROM audit_events WHERE meeting_id = $1 AND type = 'attendance.apology' ORDER BY seq`,
      [meeting.id],
    );
    expect(audit.map((a) => a.details)).toEqual([{ own: true }, { own: false }]);
    expect(JSON.stringify(audit)).not.toContain('warrant');
    expect(
      await ctx.app.request('GET', `/api/meetings/${meeting.id}/attendance`, {
        cookie: await ctx.app.signIn(outsider),
      }),
    ).toMatchObject({ status: 404, body: { code: 'MeetingNotFound' } });
  });
});
