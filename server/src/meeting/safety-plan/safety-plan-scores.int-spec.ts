import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { SafetyPlanScoresResponse } from '@roundtable/shared/safety-plan';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import type { TestUser } from '../../../test/support/test-app';

describeOnOneDatabase('safety plan scores', (ctx) => {
  /** A meeting with a chair (children's social care) and one member per [agency, role], everyone signed in. */
  async function cast(...seats: [Agency, MeetingRole][]) {
    const chair = await ctx.app.createUser({ agency: 'childrens-social-care', displayName: 'Chair Person' });
    const members: TestUser[] = [];
    for (const [agency] of seats) members.push(await ctx.app.createUser({ agency, displayName: `Member ${agency}` }));
    const { meeting, chairCookie } = await ctx.app.createMeeting(
      chair,
      members.map((member, i) => ({ member, role: seats[i]![1] })),
    );
    const cookies = await Promise.all(members.map((m) => ctx.app.signIn(m)));
    const path = `/api/meetings/${meeting.id}/safety-plan/scores`;
    const put = (cookie: string, body: unknown) => ctx.app.request('PUT', path, { cookie, body });
    const get = async (cookie: string) =>
      (await ctx.app.request('GET', path, { cookie })).body as SafetyPlanScoresResponse;
    return { meeting, chair, chairCookie, members, cookies, path, put, get };
  }

  const auditOf = (meetingId: string) =>
    ctx.app.dataSource.query(
      `SELECT type, outcome, actor_agency, subject_type, details FROM audit_events
        WHERE meeting_id = $1 AND type IN ('safety-plan.scored', 'access.refused') ORDER BY seq`,
      [meetingId],
    ) as Promise<
      { type: string; outcome: string; actor_agency: string; subject_type: string | null; details: object }[]
    >;

  it('records each agency’s score separately, the agency taken from the account', async () => {
    const c = await cast(['police', 'participant'], ['health', 'participant']);
    const police = await c.put(c.cookies[0]!, { score: 4, note: 'Father not yet interviewed' });
    expect(police.status).toBe(200);
    await c.put(c.cookies[1]!, { score: 6 });
    await c.put(c.chairCookie, { score: 5 });
    const scores = await c.get(c.cookies[0]!);
    expect(scores.current.map((s) => [s.agency, s.score, s.note, s.recordedBy.displayName])).toEqual([
      ['childrens-social-care', 5, null, 'Chair Person'],
      ['police', 4, 'Father not yet interviewed', 'Member police'],
      ['health', 6, null, 'Member health'],
    ]);
  });

  it('keeps the history when an agency changes its score: who, when, from and to', async () => {
    const c = await cast(['police', 'participant'], ['police', 'participant']);
    await c.put(c.cookies[0]!, { score: 3 });
    await c.put(c.cookies[1]!, { score: 5, note: 'Arrest made' });
    await c.put(c.cookies[0]!, { score: 7 });
    const scores = await c.get(c.chairCookie);
    expect(scores.current).toHaveLength(1);
    expect(scores.current[0]).toMatchObject({ agency: 'police', score: 7, previousScore: 5 });
    expect(scores.history.map((s) => [s.previousScore, s.score, s.recordedBy.userId])).toEqual([
      [5, 7, c.members[0]!.user.id],
      [3, 5, c.members[1]!.user.id],
      [null, 3, c.members[0]!.user.id],
    ]);
    expect(new Date(scores.history[0]!.recordedAt) >= new Date(scores.history[2]!.recordedAt)).toBe(true);
    const audit = await auditOf(c.meeting.id);
    expect(audit.map((a) => [a.type, a.details])).toEqual([
      ['safety-plan.scored', { agency: 'police', score: 3, previousScore: null }],
      ['safety-plan.scored', { agency: 'police', score: 5, previousScore: 3 }],
      ['safety-plan.scored', { agency: 'police', score: 7, previousScore: 5 }],
    ]);
    expect(JSON.stringify(audit)).not.toContain('Arrest');
  });

  it('changes nothing when the same score and note are sent again', async () => {
    const c = await cast(['health', 'participant']);
    await c.put(c.cookies[0]!, { score: 6, note: 'GP confirms' });
    const again = await c.put(c.cookies[0]!, { score: 6, note: 'GP confirms' });
    expect(again.status).toBe(200);
    expect((again.body as SafetyPlanScoresResponse).history).toHaveLength(1);
    expect(await auditOf(c.meeting.id)).toHaveLength(1);
  });

  it('refuses another agency’s score in the payload, and bad scores, changing nothing', async () => {
    const c = await cast(['police', 'participant']);
    for (const body of [
      { score: 4, agency: 'health' },
      { score: 11 },
      { score: -1 },
      { score: 2.5 },
      { score: '7' },
      {},
      { score: 5, note: 'x'.repeat(1001) },
    ]) {
      const res = await c.put(c.cookies[0]!, body);
      expect([res.status, res.body.code]).toEqual([400, 'ValidationFailed']);
    }
    expect((await c.get(c.cookies[0]!)).history).toEqual([]);
  });

  it('refuses observers and minute takers (403) and non-members (404), audited as refusals', async () => {
    const c = await cast(['education', 'observer'], ['other', 'minute-taker']);
    const outsider = await ctx.app.createUser({ agency: 'health' });
    const outsiderCookie = await ctx.app.signIn(outsider);
    const observer = await c.put(c.cookies[0]!, { score: 5 });
    const minuteTaker = await c.put(c.cookies[1]!, { score: 5 });
    const nonMember = await c.put(outsiderCookie, { score: 5 });
    expect([observer.status, observer.body.code]).toEqual([403, 'Forbidden']);
    expect([minuteTaker.status, minuteTaker.body.code]).toEqual([403, 'Forbidden']);
    expect([nonMember.status, nonMember.body.code]).toEqual([404, 'MeetingNotFound']);
    expect((await ctx.app.request('GET', c.path, { cookie: outsiderCookie })).status).toBe(404);
    // Observers still read the scores.
    expect((await ctx.app.request('GET', c.path, { cookie: c.cookies[0]! })).status).toBe(200);
    expect((await c.get(c.chairCookie)).history).toEqual([]);
    const audit = await auditOf(c.meeting.id);
    expect(audit.map((a) => [a.type, a.outcome, a.actor_agency])).toEqual([
      ['access.refused', 'refused', 'education'],
      ['access.refused', 'refused', 'other'],
      ['access.refused', 'refused', 'health'],
    ]);
  });

  it('keeps every recorded score as it was', async () => {
    const c = await cast(['police', 'participant']);
    await c.put(c.cookies[0]!, { score: 2 });
    await expect(
      ctx.app.dataSource.query(`UPDATE safety_plan_scores SET score = 9 WHERE meeting_id = $1`, [c.meeting.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      ctx.app.dataSource.query(`DELETE FROM safety_plan_scores WHERE meeting_id = $1`, [c.meeting.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('serialises concurrent scores from one agency into one chain', async () => {
    const c = await cast(['police', 'participant'], ['police', 'participant']);
    const results = await Promise.all([1, 2, 3, 4].map((score, i) => c.put(c.cookies[i % 2]!, { score })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const scores = await c.get(c.chairCookie);
    expect(scores.current).toHaveLength(1);
    expect(scores.history).toHaveLength(4);
    const chain = scores.history.map((s) => s.previousScore);
    expect(chain.filter((p) => p === null)).toHaveLength(1);
  });

  it('refuses a score once the meeting has concluded, keeping the ones recorded', async () => {
    const c = await cast(['police', 'participant']);
    await c.put(c.cookies[0]!, { score: 4 });
    await ctx.app.dataSource.query(
      `UPDATE meetings SET status = 'live', started_at = now(), started_by = $2 WHERE id = $1`,
      [c.meeting.id, c.chair.user.id],
    );
    await ctx.app.dataSource.query(
      `UPDATE meetings SET status = 'concluded', concluded_at = now(), concluded_by = $2 WHERE id = $1`,
      [c.meeting.id, c.chair.user.id],
    );
    const refused = await c.put(c.cookies[0]!, { score: 8 });
    expect([refused.status, refused.body.code]).toEqual([409, 'MeetingConcluded']);
    expect((await c.get(c.chairCookie)).current.map((s) => s.score)).toEqual([4]);
  });
});
