import { randomUUID } from 'node:crypto';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';

const VIEW = {
  harm: 'yes',
  recommendedOption: 's47-joint',
  reasons: 'Disclosure to the school nurse; bruising consistent with the account.',
};

describeOnOneDatabase('restriction flags on agency views and actions', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /** A cast with an open decision and police's view on it (recorded by Priya Police). */
  async function withView() {
    const c = await buildMeetingCast(ctx.app, clients);
    const opened = await c.chair.client.ok('decision:open', {
      meetingId: c.meeting.id,
      childIds: [c.meeting.children[0]!.id],
    });
    const decision = await c.police.client.ok('view:record', {
      meetingId: c.meeting.id,
      decisionId: opened.id,
      ...VIEW,
    });
    const view = decision.currentViews.find((v) => v.agency === 'police')!;
    return { c, decision, view };
  }

  /** An action recorded by Priya Police, owned by health. */
  async function withAction(c: MeetingCast) {
    return c.police.client.ok('action:create', {
      meetingId: c.meeting.id,
      description: 'Arrange a child protection medical',
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
  }

  const flagAudit = (meetingId: string) =>
    ctx.app.dataSource.query(
      `SELECT subject_type, subject_id, actor_agency, details FROM audit_events
        WHERE meeting_id = $1 AND type = 'entry.flagged' ORDER BY seq`,
      [meetingId],
    ) as Promise<
      { subject_type: string; subject_id: string; actor_agency: string; details: Record<string, unknown> }[]
    >;

  it("lets a view's recorder flag it; every member sees the flag live; the audit says from and to", async () => {
    const { c, decision, view } = await withView();
    expect(view.restriction).toBeNull();
    const flagged = await c.police.client.ok('view:flag', {
      meetingId: c.meeting.id,
      decisionId: decision.id,
      viewId: view.id,
      restriction: 'police-restricted',
    });
    expect(flagged.revision).toBe(decision.revision + 1);
    expect(flagged.currentViews.find((v) => v.id === view.id)?.restriction).toBe('police-restricted');
    for (const client of c.members) {
      const { decision: seen, activity } = await client.waitForDecision(decision.id, flagged.revision);
      expect(seen.currentViews.find((v) => v.id === view.id)?.restriction).toBe('police-restricted');
      expect(activity).toEqual({ kind: 'view-flagged', actor: 'Priya Police', agency: 'police' });
    }
    expect(await flagAudit(c.meeting.id)).toEqual([
      {
        subject_type: 'agency-view',
        subject_id: view.id,
        actor_agency: 'police',
        details: { entryType: 'agency-view', from: null, to: 'police-restricted', decisionId: decision.id },
      },
    ]);
  });

  it('keeps the flag when the agency changes its view, until someone allowed clears it', async () => {
    const { c, decision, view } = await withView();
    await c.chair.client.ok('view:flag', {
      meetingId: c.meeting.id,
      decisionId: decision.id,
      viewId: view.id,
      restriction: 'not-for-family',
    });
    const changed = await c.police2.client.ok('view:record', {
      meetingId: c.meeting.id,
      decisionId: decision.id,
      ...VIEW,
      harm: 'unsure',
    });
    const current = changed.currentViews.find((v) => v.agency === 'police')!;
    expect(current.supersedesId).toBe(view.id);
    expect(current.restriction).toBe('not-for-family');
    // Dan Detective recorded the current view, so he may clear it.
    const cleared = await c.police2.client.ok('view:flag', {
      meetingId: c.meeting.id,
      decisionId: decision.id,
      viewId: current.id,
      restriction: null,
    });
    expect(cleared.currentViews.find((v) => v.id === current.id)?.restriction).toBeNull();
    expect(cleared.viewHistory.find((v) => v.id === view.id)?.restriction).toBe('not-for-family');
  });

  it("refuses a flag from anyone but the view's recorder or the chair, and from observers and outsiders", async () => {
    const { c, decision, view } = await withView();
    const payload = {
      meetingId: c.meeting.id,
      decisionId: decision.id,
      viewId: view.id,
      restriction: 'not-for-family',
    };
    const otherAgency = await c.health.client.emit('view:flag', payload);
    const samAgency = await c.police2.client.emit('view:flag', payload);
    const observer = await c.education.client.emit('view:flag', payload);
    const outsider = await c.outsider.client.emit('view:flag', payload);
    expect([otherAgency, samAgency, observer].map((r) => !r.ok && r.error.code)).toEqual([
      'Forbidden',
      'Forbidden',
      'Forbidden',
    ]);
    expect(!outsider.ok && outsider.error.code).toBe('MeetingNotFound');
    const rows: { restriction: string | null }[] = await ctx.app.dataSource.query(
      `SELECT restriction FROM agency_views WHERE id = $1`,
      [view.id],
    );
    expect(rows).toEqual([{ restriction: null }]);
    expect(await flagAudit(c.meeting.id)).toEqual([]);
  });

  it('refuses bad flags and unknown entries, changing nothing', async () => {
    const { c, decision, view } = await withView();
    const base = { meetingId: c.meeting.id, decisionId: decision.id, viewId: view.id };
    const results = await Promise.all([
      c.police.client.emit('view:flag', { ...base, restriction: 'secret' }),
      c.police.client.emit('view:flag', { ...base }),
      c.police.client.emit('view:flag', { ...base, restriction: null }),
      c.police.client.emit('view:flag', { ...base, viewId: randomUUID(), restriction: 'not-for-family' }),
      c.police.client.emit('view:flag', { ...base, decisionId: randomUUID(), restriction: 'not-for-family' }),
    ]);
    expect(results.map((r) => !r.ok && r.error.code)).toEqual([
      'ValidationFailed',
      'ValidationFailed',
      'ValidationFailed',
      'NotFound',
      'DecisionNotFound',
    ]);
    expect(await flagAudit(c.meeting.id)).toEqual([]);
  });

  it("lets an action's recorder or the chair flag it, not its owner or others", async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const action = await withAction(c);
    expect(action.restriction).toBeNull();
    const payload = { meetingId: c.meeting.id, actionId: action.id, restriction: 'not-for-family' };
    const owner = await c.health.client.emit('action:flag', payload);
    const observer = await c.education.client.emit('action:flag', payload);
    expect([owner, observer].map((r) => !r.ok && r.error.code)).toEqual(['Forbidden', 'Forbidden']);

    const flagged = await c.police.client.ok('action:flag', payload);
    expect(flagged).toMatchObject({ restriction: 'not-for-family', revision: action.revision + 1 });
    const { action: seen, activity } = await c.health.client.waitForAction(action.id, flagged.revision);
    expect(seen.restriction).toBe('not-for-family');
    expect(activity.kind).toBe('action-flagged');

    const byChair = await c.chair.client.ok('action:flag', { ...payload, restriction: 'police-restricted' });
    expect(byChair.restriction).toBe('police-restricted');
    const state = await c.education.client.ok('meeting:join', { meetingId: c.meeting.id });
    expect(state.actions.find((a) => a.id === action.id)?.restriction).toBe('police-restricted');
    expect((await flagAudit(c.meeting.id)).map((e) => [e.subject_type, e.actor_agency, e.details])).toEqual([
      ['action', 'police', { entryType: 'action', from: null, to: 'not-for-family' }],
      [
        'action',
        'childrens-social-care',
        { entryType: 'action', from: 'not-for-family', to: 'police-restricted', owningAgency: 'police' },
      ],
    ]);
  });

  it('applies a repeated request once', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const action = await withAction(c);
    const payload = {
      requestId: randomUUID(),
      meetingId: c.meeting.id,
      actionId: action.id,
      restriction: 'not-for-family',
    };
    const first = await c.police.client.ok('action:flag', payload);
    const again = await c.police.client.ok('action:flag', payload);
    expect(again).toEqual(first);
    expect(await flagAudit(c.meeting.id)).toHaveLength(1);
  });

  it('refuses flagging a view once the meeting has concluded, but not an action', async () => {
    const { c, decision, view } = await withView();
    const action = await withAction(c);
    await ctx.app.dataSource.query(
      `UPDATE decisions SET status = 'not-reached', not_reached_reason = 'Ran out of time', not_reached_by = $2, not_reached_at = now(), revision = revision + 1 WHERE id = $1`,
      [decision.id, c.chair.user.user.id],
    );
    await ctx.app.dataSource.query(
      `UPDATE meetings SET status = 'live', started_at = now(), started_by = $2 WHERE id = $1`,
      [c.meeting.id, c.chair.user.user.id],
    );
    await ctx.app.dataSource.query(
      `UPDATE meetings SET status = 'concluded', concluded_at = now(), concluded_by = $2 WHERE id = $1`,
      [c.meeting.id, c.chair.user.user.id],
    );
    const refused = await c.chair.client.emit('view:flag', {
      meetingId: c.meeting.id,
      decisionId: decision.id,
      viewId: view.id,
      restriction: 'not-for-family',
    });
    expect(!refused.ok && refused.error.code).toBe('MeetingConcluded');
    const flagged = await c.chair.client.ok('action:flag', {
      meetingId: c.meeting.id,
      actionId: action.id,
      restriction: 'not-for-family',
    });
    expect(flagged.restriction).toBe('not-for-family');
  });
});
