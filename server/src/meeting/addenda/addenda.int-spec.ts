import { LIMITS } from '@roundtable/shared/constants';
import { MeetingLifecycleEvents } from '../lifecycle/meeting-lifecycle.events';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import type { TestUser } from '../../../test/support/test-app';

describeOnOneDatabase('addenda to a concluded record', (ctx) => {
  async function concludedMeeting() {
    const chair = await ctx.app.createUser({ displayName: 'Sam Chair', agency: 'childrens-social-care' });
    const police = await ctx.app.createUser({ displayName: 'Priya Police', agency: 'police' });
    const minutes = await ctx.app.createUser({ displayName: 'Jo Notetaker', agency: 'childrens-social-care' });
    const observer = await ctx.app.createUser({ displayName: 'Ed Observer', agency: 'education' });
    const outsider = await ctx.app.createUser({ displayName: 'Olu Outsider', agency: 'health' });
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair, [
      { member: police, role: 'participant' },
      { member: minutes, role: 'minute-taker' },
      { member: observer, role: 'observer' },
    ]);
    const cookie = async (user: TestUser) => ctx.app.signIn(user);
    const cookies = {
      chair: chairCookie,
      police: await cookie(police),
      minutes: await cookie(minutes),
      observer: await cookie(observer),
      outsider: await cookie(outsider),
    };
    const path = `/api/meetings/${meeting.id}`;
    const add = (who: keyof typeof cookies, body: unknown) =>
      ctx.app.request('POST', `${path}/addenda`, { cookie: cookies[who], body });
    return { meeting, cookies, path, add, police };
  }

  const conclude = async (m: Awaited<ReturnType<typeof concludedMeeting>>) => {
    await ctx.app.request('POST', `${m.path}/start`, { cookie: m.cookies.chair });
    const res = await ctx.app.request('POST', `${m.path}/conclude`, { cookie: m.cookies.chair, body: {} });
    expect(res.status).toBe(200);
  };

  it('adds attributed, dated addenda only after conclusion, by the chair, participants and minute-takers', async () => {
    const m = await concludedMeeting();
    const body = { sectionKey: 'medical', text: 'The medical took place at 15:30; no further injuries.' };
    expect(await m.add('police', body)).toMatchObject({ status: 409, body: { code: 'MeetingNotConcluded' } });
    await conclude(m);

    const added = await m.add('police', body);
    expect(added).toMatchObject({
      status: 201,
      body: {
        meetingId: m.meeting.id,
        sectionKey: 'medical',
        text: body.text,
        addedBy: { userId: m.police.user.id, displayName: 'Priya Police', agency: 'police' },
        signedOffBy: null,
        signedOffAt: null,
      },
    });
    expect(Date.parse(added.body.addedAt)).not.toBeNaN();
    expect(await m.add('minutes', { sectionKey: 'whole-record', text: 'Typo in the header.' })).toMatchObject({
      status: 201,
    });
    expect(await m.add('observer', body)).toMatchObject({ status: 403, body: { code: 'Forbidden' } });
    expect(await m.add('outsider', body)).toMatchObject({ status: 404, body: { code: 'MeetingNotFound' } });

    const list = await ctx.app.request('GET', `${m.path}/addenda`, { cookie: m.cookies.observer });
    expect(list.body.addenda.map((a: { sectionKey: string }) => a.sectionKey)).toEqual(['medical', 'whole-record']);
    const audit: { details: unknown }[] = await ctx.app.dataSource.query(
      `SELECT details FROM audit_events WHERE meeting_id = $1 AND type = 'addendum.added' ORDER BY seq`,
      [m.meeting.id],
    );
    expect(audit[0]?.details).toEqual({ sectionKey: 'medical', length: body.text.length });
    expect(JSON.stringify(audit)).not.toContain('15:30');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const m = await concludedMeeting();
    await conclude(m);
    const cases = [
      { sectionKey: 'no-such-section', text: 'x' },
      { sectionKey: 'Medical!', text: 'x' },
      { sectionKey: 'medical', text: '   ' },
      { sectionKey: 'medical', text: 'x'.repeat(LIMITS.addendumMaxLength + 1) },
      { sectionKey: 'medical' },
      { sectionKey: 'medical', text: 'x', extra: true },
    ];
    for (const body of cases) {
      const res = await m.add('police', body);
      expect(res).toMatchObject({ status: 400, body: { code: 'ValidationFailed' } });
      expect(res.body.fields?.length ?? 0).toBeGreaterThan(0);
    }
    const list = await ctx.app.request('GET', `${m.path}/addenda`, { cookie: m.cookies.chair });
    expect(list.body.addenda).toEqual([]);
  });

  it('lets only the chair sign off, once, and tells the sealed record after the commit', async () => {
    const m = await concludedMeeting();
    await conclude(m);
    const heard: string[] = [];
    ctx.app.get(MeetingLifecycleEvents).onAddendumSignedOff(async (meetingId, addendumId) => {
      const rows: { signed_off_at: Date | null }[] = await ctx.app.dataSource.query(
        `SELECT signed_off_at FROM meeting_addenda WHERE id = $1`,
        [addendumId],
      );
      if (meetingId === m.meeting.id && rows[0]?.signed_off_at) heard.push(addendumId);
      throw new Error('a failing listener never undoes the sign-off');
    });
    const added = await m.add('police', { sectionKey: 'analysis', text: 'Grandmother confirmed she stays overnight.' });
    const signOff = (who: keyof typeof m.cookies, id = added.body.id) =>
      ctx.app.request('POST', `${m.path}/addenda/${id}/sign-off`, { cookie: m.cookies[who] });

    expect(await signOff('police')).toMatchObject({ status: 403, body: { code: 'Forbidden' } });
    expect(await signOff('chair', '00000000-0000-4000-8000-000000000000')).toMatchObject({
      status: 404,
      body: { code: 'AddendumNotFound' },
    });
    const signed = await signOff('chair');
    expect(signed).toMatchObject({
      status: 200,
      body: { id: added.body.id, signedOffBy: { displayName: 'Sam Chair' } },
    });
    expect(heard).toEqual([added.body.id]);
    expect(await signOff('chair')).toMatchObject({ status: 409, body: { code: 'AddendumSignedOff' } });
    const types: { type: string }[] = await ctx.app.dataSource.query(
      `SELECT type FROM audit_events WHERE meeting_id = $1 AND type LIKE 'addendum.%' ORDER BY seq`,
      [m.meeting.id],
    );
    expect(types.map((t) => t.type)).toEqual(['addendum.added', 'addendum.signed-off']);
  });

  it('is append-only in the database: the text is never changed and nothing is deleted', async () => {
    const m = await concludedMeeting();
    await conclude(m);
    const added = await m.add('police', { sectionKey: 'analysis', text: 'Original wording.' });
    const id = added.body.id as string;
    await expect(
      ctx.app.dataSource.query(`UPDATE meeting_addenda SET text = 'Rewritten' WHERE id = $1`, [id]),
    ).rejects.toThrow(/recorded fact/);
    await expect(ctx.app.dataSource.query(`DELETE FROM meeting_addenda WHERE id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    await ctx.app.request('POST', `${m.path}/addenda/${id}/sign-off`, { cookie: m.cookies.chair });
    await expect(
      ctx.app.dataSource.query(`UPDATE meeting_addenda SET signed_off_at = now() WHERE id = $1`, [id]),
    ).rejects.toThrow(/recorded fact/);
    const [row] = (await ctx.app.dataSource.query(`SELECT text FROM meeting_addenda WHERE id = $1`, [id])) as {
      text: string;
    }[];
    expect(row?.text).toBe('Original wording.');
  });
});
