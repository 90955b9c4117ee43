import type { DecisionResponse } from '@roundtable/shared/decisions';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';

/**
 * The rules of the local authority's decision over /meetings (issue 15):
 * options a template declares exclusive are refused together, naming them;
 * any agency present may dissent from any part of the decision, with or
 * without a view, and the LA still decides. Every refusal changes nothing.
 */
describeOnOneDatabase('decision rules over /meetings', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const cast = () => buildMeetingCast(ctx.app, clients);

  async function openDecision(c: MeetingCast): Promise<DecisionResponse> {
    return c.chair.client.ok('decision:open', {
      meetingId: c.meeting.id,
      childIds: c.meeting.children.map((child) => child.id),
    });
  }

  async function count(table: string, decisionId: string): Promise<number> {
    const rows: { n: string }[] = await ctx.app.dataSource.query(
      `SELECT count(*) AS n FROM ${table} WHERE decision_id = $1`,
      [decisionId],
    );
    return Number(rows[0]?.n);
  }

  async function revisionOf(decisionId: string): Promise<number> {
    const rows: { revision: number }[] = await ctx.app.dataSource.query(
      `SELECT revision FROM decisions WHERE id = $1`,
      [decisionId],
    );
    return rows[0]!.revision;
  }

  /** §9: police agree with the joint s47, the LA decides it with a voluntary safety plan. */
  async function decidedWithSafetyPlan(c: MeetingCast) {
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id };
    await c.police.client.ok('view:record', {
      ...request,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: 'Disclosure and bruising; a crime report is raised.',
    });
    const decided = await c.chair.client.ok('la-decision:record', {
      ...request,
      chosenOptions: ['s47-joint'],
      reasons: 'Joint enquiry for both children; mother protective so far, grandmother present.',
      protectiveActions: ['s20-or-safety-plan', 'alleged-abuser-leaves'],
      protectiveActionDetails: 'Dean stays away; Pat stays overnight; Kerry to be asked to agree.',
    });
    return { opened, request, decided };
  }

  describe('exclusive options', () => {
    it('refuses "No further action" with a joint s47, naming both options, and stores nothing', async () => {
      const c = await cast();
      const opened = await openDecision(c);
      const request = { meetingId: c.meeting.id, decisionId: opened.id };
      const refused = await c.chair.client.emit('la-decision:record', {
        ...request,
        chosenOptions: ['nfa', 's47-joint'],
        reasons: 'Both ticked by mistake',
      });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'ContradictoryDecision', fields: [{ path: 'chosenOptions' }] },
      });
      if (!refused.ok) {
        expect(refused.error.message).toContain(
          "'No further action' cannot be recorded with 'Section 47 enquiry: joint with police'",
        );
      }
      expect(await count('la_decisions', opened.id)).toBe(0);
      expect(await revisionOf(opened.id)).toBe(opened.revision);
      const stored: { status: string }[] = await ctx.app.dataSource.query(
        `SELECT status FROM decisions WHERE id = $1`,
        [opened.id],
      );
      expect(stored).toEqual([{ status: 'open' }]);
    });

    it('refuses single-agency with joint s47, and police-only with an s47 enquiry; accepts compatible options', async () => {
      const c = await cast();
      const opened = await openDecision(c);
      const request = { meetingId: c.meeting.id, decisionId: opened.id, reasons: 'Reasons' };
      const single = await c.chair.client.emit('la-decision:record', {
        ...request,
        chosenOptions: ['s47-single-agency', 's47-joint'],
      });
      expect(single).toMatchObject({ ok: false, error: { code: 'ContradictoryDecision' } });
      if (!single.ok) {
        expect(single.error.message).toContain(
          "'Section 47 enquiry: single agency (local authority)' cannot be recorded with 'Section 47 enquiry: joint with police'",
        );
      }
      const policeOnly = await c.chair.client.emit('la-decision:record', {
        ...request,
        chosenOptions: ['police-only', 's47-joint'],
      });
      expect(policeOnly).toMatchObject({ ok: false, error: { code: 'ContradictoryDecision' } });
      expect(await count('la_decisions', opened.id)).toBe(0);

      const decided = await c.chair.client.ok('la-decision:record', {
        ...request,
        chosenOptions: ['s47-joint', 'refer-marac'],
      });
      expect(decided.laDecisions[0]!.chosenOptions).toEqual(['s47-joint', 'refer-marac']);
      expect(decided.optionExclusions.length).toBeGreaterThan(0);
    });

    it('refuses a contradictory correction and keeps the decision in force', async () => {
      const c = await cast();
      const { request, decided } = await decidedWithSafetyPlan(c);
      const refused = await c.chair.client.emit('la-decision:correct', {
        ...request,
        correctsId: decided.laDecisions[0]!.id,
        chosenOptions: ['s47-joint', 'nfa'],
        reasons: 'Changed',
        correctionReason: 'Wrongly recorded',
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'ContradictoryDecision' } });
      expect(await count('la_decisions', decided.id)).toBe(1);
      expect(await revisionOf(decided.id)).toBe(decided.revision);
    });
  });

  describe('dissent', () => {
    it('accepts dissent from relying on a voluntary safety plan by an agency whose view agrees (DOMAIN.md §9)', async () => {
      const c = await cast();
      const { request, decided } = await decidedWithSafetyPlan(c);
      const reasons =
        'A voluntary plan relies on Kerry’s cooperation; police would prefer the children to stay with Pat (s20).';
      const dissented = await c.police.client.ok('dissent:record', {
        ...request,
        part: 'voluntary-safety-plan',
        reasons,
      });
      expect(dissented.dissents).toEqual([
        expect.objectContaining({
          agency: 'police',
          part: 'voluntary-safety-plan',
          laDecisionId: decided.laDecisions[0]!.id,
          reasons,
          escalation: expect.objectContaining({ status: 'open', stage: 'practitioner' }),
        }),
      ]);
      const { activity, decision } = await c.chair.client.waitForDecision(decided.id, dissented.revision);
      expect(activity).toEqual({ kind: 'dissent-recorded', actor: 'Priya Police', agency: 'police' });
      // The LA still decides: dissent never changes the decision in force.
      expect(decision.status).toBe('decided');
      expect(decision.laDecisions).toEqual(decided.laDecisions);
      const rows: { part: string }[] = await ctx.app.dataSource.query(
        `SELECT part FROM dissents WHERE decision_id = $1`,
        [decided.id],
      );
      expect(rows).toEqual([{ part: 'voluntary-safety-plan' }]);
      const audit: { details: { part?: string } }[] = await ctx.app.dataSource.query(
        `SELECT details FROM audit_events WHERE type = 'dissent.recorded' AND meeting_id = $1`,
        [c.meeting.id],
      );
      expect(audit.map((a) => a.details.part)).toEqual(['voluntary-safety-plan']);
    });

    it('accepts dissent from the chosen options, the protective action and the reasons, one per agency and part', async () => {
      const c = await cast();
      const { request } = await decidedWithSafetyPlan(c);
      // The police view agrees with the chosen option; the agency may still dissent from it.
      await c.police.client.ok('dissent:record', {
        ...request,
        part: 'options',
        reasons: 'On reflection, police-only',
      });
      await c.police2.client.ok('dissent:record', {
        ...request,
        part: 'protective-action',
        reasons: 'Dean should be kept away by enforceable means',
        stage: 'line-manager',
      });
      // Health gave no view at all: it may dissent too.
      const byHealth = await c.health.client.ok('dissent:record', {
        ...request,
        part: 'reasons',
        reasons: 'The reasons leave out Alfie’s missed health visitor contacts',
      });
      expect(byHealth.dissents.map((d) => [d.agency, d.part, d.escalation.stage])).toEqual([
        ['police', 'options', 'practitioner'],
        ['police', 'protective-action', 'line-manager'],
        ['health', 'reasons', 'practitioner'],
      ]);
      const again = await c.police2.client.emit('dissent:record', { ...request, part: 'options', reasons: 'Again' });
      expect(again).toMatchObject({ ok: false, error: { code: 'DissentAlreadyRecorded' } });
      expect(await count('dissents', request.decisionId)).toBe(3);
    });

    it('refuses dissent from the deciding agency, an observer and a non-member, changing nothing', async () => {
      const c = await cast();
      const { request, decided } = await decidedWithSafetyPlan(c);
      const dissent = { ...request, part: 'voluntary-safety-plan', reasons: 'Not mine to say' };
      const chair = await c.chair.client.emit('dissent:record', dissent);
      expect(chair).toMatchObject({ ok: false, error: { code: 'DissentNotAllowed' } });
      if (!chair.ok) expect(chair.error.message).toMatch(/Children's social care made this decision/);
      const observer = await c.education.client.emit('dissent:record', dissent);
      expect(observer).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
      expect(await c.outsider.client.emit('dissent:record', dissent)).toMatchObject({
        ok: false,
        error: { code: 'MeetingNotFound' },
      });
      expect(await count('dissents', decided.id)).toBe(0);
      expect(await revisionOf(decided.id)).toBe(decided.revision);
    });

    it('refuses a part the decision does not have, and an unknown part, with a clear error', async () => {
      const c = await cast();
      const opened = await openDecision(c);
      const request = { meetingId: c.meeting.id, decisionId: opened.id };
      const decided = await c.chair.client.ok('la-decision:record', {
        ...request,
        chosenOptions: ['s47-single-agency'],
        reasons: 'Single-agency enquiry',
      });
      const noPlan = await c.police.client.emit('dissent:record', {
        ...request,
        part: 'voluntary-safety-plan',
        reasons: 'x',
      });
      expect(noPlan).toMatchObject({ ok: false, error: { code: 'DissentNotAllowed' } });
      if (!noPlan.ok) expect(noPlan.error.message).toMatch(/does not rely on a voluntary safety plan/);
      const noAction = await c.police.client.emit('dissent:record', {
        ...request,
        part: 'protective-action',
        reasons: 'x',
      });
      expect(noAction).toMatchObject({ ok: false, error: { code: 'DissentNotAllowed' } });
      if (!noAction.ok) expect(noAction.error.message).toMatch(/records no immediate protective action/);
      const unknown = await c.police.client.emit('dissent:record', { ...request, part: 'the-tea', reasons: 'x' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'part' }] } });
      const missing = await c.police.client.emit('dissent:record', { ...request, reasons: 'x' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'part' }] } });
      expect(await count('dissents', decided.id)).toBe(0);
      expect(await revisionOf(decided.id)).toBe(decided.revision);
    });

    it('refuses bad input with a clear error and changes nothing', async () => {
      const c = await cast();
      const { request, decided } = await decidedWithSafetyPlan(c);
      const blank = await c.police.client.emit('dissent:record', { ...request, part: 'options', reasons: '   ' });
      expect(blank).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'reasons' }] } });
      const badStage = await c.police.client.emit('dissent:record', {
        ...request,
        part: 'options',
        reasons: 'x',
        stage: 'the-top',
      });
      expect(badStage).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'stage' }] } });
      const notAnId = await c.police.client.emit('dissent:record', {
        ...request,
        decisionId: 'not-an-id',
        part: 'options',
        reasons: 'x',
      });
      expect(notAnId).toMatchObject({ ok: false, error: { code: 'ValidationFailed' } });
      const undecided = await openDecision(c);
      const early = await c.police.client.emit('dissent:record', {
        meetingId: c.meeting.id,
        decisionId: undecided.id,
        part: 'options',
        reasons: 'Too early',
      });
      expect(early).toMatchObject({ ok: false, error: { code: 'DecisionNotDecided' } });
      expect(await count('dissents', decided.id)).toBe(0);
      expect(await count('dissents', undecided.id)).toBe(0);
      expect(await revisionOf(decided.id)).toBe(decided.revision);
    });
  });
});
