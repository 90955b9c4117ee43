import { describeEachDatabase } from '../../../test/support/each-database';
import { buildMeeting } from '../../../test/support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('strategy discussions and membership', (ctx) => {
  it('lets an account allowed to chair convene a discussion and makes the convenor chair', async () => {
    const chair = await ctx.app.createUser({ displayName: 'Sam Chair' });
    const { meeting } = await ctx.app.createMeeting(chair, [], {
      reference: 'SD-TEST-1',
      children: [{ name: 'Ruby Testcase', dateOfBirth: '2021-11-14' }, { name: 'Alfie Testcase' }],
    });
    expect(meeting).toMatchObject({ reference: 'SD-TEST-1', myRole: 'chair', memberCount: 1, format: 'online' });
    expect(meeting.children.map((c) => c.name)).toEqual(['Ruby Testcase', 'Alfie Testcase']);
    expect(meeting.children[1]?.dateOfBirth).toBeNull();
    expect(meeting.members).toEqual([expect.objectContaining({ userId: chair.user.id, role: 'chair' })]);
    expect(meeting.missingMinimumAgencies).toEqual(['police', 'health']);
  });

  it('refuses convening by an account not allowed to convene and chair', async () => {
    const police = await ctx.app.createUser({ agency: 'police', canChair: false });
    const cookie = await ctx.app.signIn(police);
    const res = await ctx.app.request('POST', '/api/meetings', { cookie, body: buildMeeting() });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('Forbidden');
  });

  it('names every invalid field and creates nothing', async () => {
    const chair = await ctx.app.createUser();
    const cookie = await ctx.app.signIn(chair);
    const res = await ctx.app.request('POST', '/api/meetings', {
      cookie,
      body: { reason: '', scheduledAt: 'tomorrow', children: [{ name: '' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'children.0.name',
      'reason',
      'scheduledAt',
    ]);
    const list = await ctx.app.request('GET', '/api/meetings', { cookie });
    expect(list.body.meetings).toHaveLength(0);
  });

  it('shows members only their meetings and answers 404 to everyone else', async () => {
    const chair = await ctx.app.createUser();
    const police = await ctx.app.createUser({ agency: 'police' });
    const outsider = await ctx.app.createUser({ agency: 'health' });
    const { meeting } = await ctx.app.createMeeting(chair, [{ member: police, role: 'participant' }]);

    const policeCookie = await ctx.app.signIn(police);
    const mine = await ctx.app.request('GET', '/api/meetings', { cookie: policeCookie });
    expect(mine.body.meetings.map((m: { id: string }) => m.id)).toEqual([meeting.id]);
    expect(mine.body.meetings[0]).toMatchObject({ myRole: 'participant', memberCount: 2 });

    const outsiderCookie = await ctx.app.signIn(outsider);
    expect((await ctx.app.request('GET', '/api/meetings', { cookie: outsiderCookie })).body.meetings).toEqual([]);
    const hidden = await ctx.app.request('GET', `/api/meetings/${meeting.id}`, { cookie: outsiderCookie });
    const absent = await ctx.app.request('GET', `/api/meetings/${UNKNOWN_ID}`, { cookie: outsiderCookie });
    const malformed = await ctx.app.request('GET', '/api/meetings/not-a-uuid', { cookie: outsiderCookie });
    for (const res of [hidden, absent, malformed]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('MeetingNotFound');
      expect(res.body.message).toBe(hidden.body.message);
    }
    const write = await ctx.app.request('POST', `/api/meetings/${meeting.id}/members`, {
      cookie: outsiderCookie,
      body: { email: outsider.email, role: 'chair' },
    });
    expect(write.status).toBe(404);
  });

  it('lets only the chair invite, change roles and remove', async () => {
    const chair = await ctx.app.createUser();
    const police = await ctx.app.createUser({ agency: 'police' });
    const health = await ctx.app.createUser({ agency: 'health' });
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair, [{ member: police, role: 'participant' }]);
    const policeCookie = await ctx.app.signIn(police);

    const notChair = await ctx.app.request('POST', `/api/meetings/${meeting.id}/members`, {
      cookie: policeCookie,
      body: { email: health.email, role: 'participant' },
    });
    expect(notChair.status).toBe(403);

    const added = await ctx.app.request('POST', `/api/meetings/${meeting.id}/members`, {
      cookie: chairCookie,
      body: { email: health.email.toUpperCase(), role: 'observer' },
    });
    expect(added.status).toBe(201);
    expect(added.body.missingMinimumAgencies).toEqual([]);
    expect(added.body.members.find((m: { userId: string }) => m.userId === health.user.id).role).toBe('observer');

    const again = await ctx.app.request('POST', `/api/meetings/${meeting.id}/members`, {
      cookie: chairCookie,
      body: { email: health.email, role: 'participant' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MemberAlreadyExists');

    const unknown = await ctx.app.request('POST', `/api/meetings/${meeting.id}/members`, {
      cookie: chairCookie,
      body: { email: 'nobody@example.org', role: 'participant' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('UserNotFound');

    const badRole = await ctx.app.request('POST', `/api/meetings/${meeting.id}/members`, {
      cookie: chairCookie,
      body: { email: health.email, role: 'superuser' },
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body.fields[0].path).toBe('role');

    const promoted = await ctx.app.request('PATCH', `/api/meetings/${meeting.id}/members/${health.user.id}`, {
      cookie: chairCookie,
      body: { role: 'participant' },
    });
    expect(promoted.status).toBe(200);

    const removed = await ctx.app.request('DELETE', `/api/meetings/${meeting.id}/members/${police.user.id}`, {
      cookie: chairCookie,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.members.map((m: { userId: string }) => m.userId)).not.toContain(police.user.id);
    expect((await ctx.app.request('GET', `/api/meetings/${meeting.id}`, { cookie: policeCookie })).status).toBe(404);
  });

  it('keeps at least one chair', async () => {
    const chair = await ctx.app.createUser();
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair);
    const demote = await ctx.app.request('PATCH', `/api/meetings/${meeting.id}/members/${chair.user.id}`, {
      cookie: chairCookie,
      body: { role: 'participant' },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LastChairCannotLeave');
    const leave = await ctx.app.request('DELETE', `/api/meetings/${meeting.id}/members/${chair.user.id}`, {
      cookie: chairCookie,
    });
    expect(leave.status).toBe(409);
    const detail = await ctx.app.request('GET', `/api/meetings/${meeting.id}`, { cookie: chairCookie });
    expect(detail.body.members).toEqual([expect.objectContaining({ role: 'chair' })]);
  });

  it('lets the chair change the meeting details and validates them', async () => {
    const chair = await ctx.app.createUser();
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair);
    const changed = await ctx.app.request('PATCH', `/api/meetings/${meeting.id}`, {
      cookie: chairCookie,
      body: { format: 'phone', scheduledAt: '2026-03-03T09:30:00+00:00' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ format: 'phone', scheduledAt: '2026-03-03T09:30:00.000Z' });
    const empty = await ctx.app.request('PATCH', `/api/meetings/${meeting.id}`, { cookie: chairCookie, body: {} });
    expect(empty.status).toBe(400);
  });

  it('refuses a duplicate reference with a clear error', async () => {
    const chair = await ctx.app.createUser();
    await ctx.app.createMeeting(chair, [], { reference: 'SD-DUP-1' });
    const cookie = await ctx.app.signIn(chair);
    const dup = await ctx.app.request('POST', '/api/meetings', {
      cookie,
      body: buildMeeting({ reference: 'SD-DUP-1' }),
    });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('SD-DUP-1');
  });
});
