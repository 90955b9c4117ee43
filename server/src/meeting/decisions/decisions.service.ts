import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MEETING_ROLE_LABELS } from '@roundtable/shared/constants';
import {
  type AddEscalationStepRequestSchema,
  type CloseDecisionRequestSchema,
  type CorrectLaDecisionRequestSchema,
  type DecisionResponse,
  decisionInForce,
  DISSENT_PART_LABELS,
  type DissentPart,
  dissentPartsOf,
  type OpenDecisionRequestSchema,
  type RecordDissentRequestSchema,
  type RecordLaDecisionRequestSchema,
  type RecordViewRequestSchema,
  type ResolveEscalationRequestSchema,
} from '@roundtable/shared/decisions';
import type { MeetingActivityKind } from '@roundtable/shared/meeting-events';
import {
  canActOnEscalation,
  canAgencyDissent,
  canOpenOrCloseDecision,
  canRecordDissent,
  canRecordLaDecision,
  canRecordView,
} from '@roundtable/shared/permissions';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { LiveDocuments } from '../live-documents';
import {
  type ChangeContext,
  type ChangeOutcome,
  type ChangeResult,
  MeetingChangesService,
} from '../changes/meeting-changes.service';
import { MeetingTypesService } from '../conferences/meeting-types.service';
import { assertNoOptionConflict, assertStageNotLower, currentStage, invalidField, unknownKeys } from './decision-rules';
import { DecisionTemplatesService } from './decision-templates.service';
import type { DecisionEntity } from './decision.entity';
import { currentViewsOf, toDecisionResponses } from './decision.mapper';
import { DecisionRepository } from './decision.repository';
import type { DissentEntity } from './dissent.entity';
import type { LaDecisionEntity } from './la-decision.entity';

export type OpenDecisionInput = z.output<typeof OpenDecisionRequestSchema>;
export type CloseDecisionInput = z.output<typeof CloseDecisionRequestSchema>;
export type RecordViewInput = z.output<typeof RecordViewRequestSchema>;
export type RecordLaDecisionInput = z.output<typeof RecordLaDecisionRequestSchema>;
export type CorrectLaDecisionInput = z.output<typeof CorrectLaDecisionRequestSchema>;
export type RecordDissentInput = z.output<typeof RecordDissentRequestSchema>;
export type AddEscalationStepInput = z.output<typeof AddEscalationStepRequestSchema>;
export type ResolveEscalationInput = z.output<typeof ResolveEscalationRequestSchema>;

type DecisionOutcome = Promise<ChangeOutcome<DecisionResponse>>;

const DECISION_NOT_FOUND = 'No decision with that id was found in this strategy discussion';
const DISSENT_NOT_FOUND = 'No dissent with that id was found in this strategy discussion';
/** Why a part cannot be dissented from: the decision in force has no such part. */
const PART_NOT_IN_DECISION: Record<DissentPart, string> = {
  options: 'The decision in force has no chosen option to dissent from',
  'protective-action':
    'The decision in force records no immediate protective action: dissent from the options or the reasons instead',
  'voluntary-safety-plan':
    'The decision in force does not rely on a voluntary safety plan: dissent from the options, the protective action or the reasons instead',
  reasons: 'The decision in force has no reasons to dissent from',
};
const LA_DECIDES =
  "Only the chair from children's social care can record the local authority's decision (DOMAIN.md §3.6)";

/**
 * Decisions in a strategy discussion (DOMAIN.md §3.6–3.7): agency views, the
 * local authority's decision and its corrections, dissent and escalation.
 * Every change runs in one transaction through MeetingChangesService (role
 * check, request ledger), serialised per decision by locking its row, bumps
 * the decision's revision and answers with the decision as it now is.
 * Recorded facts are only ever inserted; the tables refuse anything else.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly changes: MeetingChangesService,
    private readonly decisions: DecisionRepository,
    private readonly templates: DecisionTemplatesService,
    private readonly documents: LiveDocuments,
    private readonly meetingTypes: MeetingTypesService,
  ) {}

  /** Every decision of a meeting, oldest first. The caller has checked membership. */
  async listForMeeting(manager: EntityManager, meetingId: string): Promise<DecisionResponse[]> {
    return toDecisionResponses(await this.decisions.findRecords(manager, meetingId));
  }

  /** Opens a decision on a copy of a template, for children of this meeting. Chair only. */
  open(actor: AuthenticatedUser, input: OpenDecisionInput): DecisionOutcome {
    return this.changes.apply(actor, input, 'decision:open', async (ctx) => {
      if (!canOpenOrCloseDecision(ctx.role)) throw chairOnly('open a decision');
      const template = this.templates.find(input.templateKey);
      if (!template) throw invalidField('templateKey', 'Choose one of the decision templates of this service');
      await this.meetingTypes.requireDecisionTemplateAllowed(ctx.tx, ctx.meetingId, template, this.templates.list());
      const children = await this.decisions.countChildrenOfMeeting(ctx.tx, ctx.meetingId, input.childIds);
      if (children !== input.childIds.length) {
        throw invalidField('childIds', 'Select only children of this strategy discussion');
      }
      const decision = await this.decisions.insert(
        ctx.tx,
        {
          meetingId: ctx.meetingId,
          templateKey: template.key,
          title: template.title,
          question: input.question ?? template.question,
          options: template.options,
          protectiveActionOptions: template.protectiveActions,
          optionExclusions: template.exclusions,
          voluntarySafetyPlanActions: template.voluntarySafetyPlanActions,
          openedBy: ctx.actor.id,
        },
        input.childIds,
      );
      return this.changed(ctx, decision.id, 'decision-opened');
    });
  }

  /** Stops agency views, waiting for the local authority's decision. Chair only; open decisions only. */
  close(actor: AuthenticatedUser, input: CloseDecisionInput): DecisionOutcome {
    return this.changes.apply(actor, input, 'decision:close', async (ctx) => {
      if (!canOpenOrCloseDecision(ctx.role)) throw chairOnly('close a decision');
      const decision = await this.lockDecision(ctx, input.decisionId);
      if (decision.status !== 'open') throw new DomainError('DecisionNotOpen', 'This decision is already closed');
      await this.decisions.close(ctx.tx, decision, ctx.actor.id);
      return this.changed(ctx, decision.id, 'decision-closed');
    });
  }

  /**
   * Records the view of the caller's own agency (from their account, never
   * the request). A change of view is a new entry superseding the previous one.
   */
  recordView(actor: AuthenticatedUser, input: RecordViewInput): DecisionOutcome {
    return this.changes.apply(actor, input, 'view:record', async (ctx) => {
      if (!canRecordView(ctx.role)) throw agencyVoiceOnly(ctx, 'record an agency view');
      const decision = await this.lockDecision(ctx, input.decisionId);
      if (decision.status !== 'open') {
        throw new DomainError('DecisionNotOpen', 'This decision is closed: agency views can no longer be recorded');
      }
      if (unknownKeys([input.recommendedOption], decision.options).length > 0) {
        throw invalidField('recommendedOption', 'Choose one of the options of this decision');
      }
      const previous = await this.decisions.findCurrentView(ctx.tx, decision.id, ctx.actor.agency);
      await this.decisions.insertView(ctx.tx, {
        decisionId: decision.id,
        agency: ctx.actor.agency,
        harm: input.harm,
        recommendedOption: input.recommendedOption,
        reasons: input.reasons,
        keyInformation: input.keyInformation,
        conditions: input.conditions,
        recordedBy: ctx.actor.id,
        supersedesId: previous?.id ?? null,
        // Restricted as it is recorded when asked (the recorder, of the owning agency, may set or lift
        // its agency's flag); else a flagged view stays flagged when its agency changes it.
        restriction: input.restriction ?? previous?.restriction ?? null,
      });
      await this.decisions.bumpRevision(ctx.tx, decision);
      return this.changed(ctx, decision.id, previous ? 'view-changed' : 'view-recorded');
    });
  }

  /**
   * Records the local authority's decision: chosen by its chair, never
   * computed from the views, bound to the record as it stands and to the
   * views current now. Open or closed decisions only.
   */
  recordLaDecision(actor: AuthenticatedUser, input: RecordLaDecisionInput): DecisionOutcome {
    return this.changes.apply(actor, input, 'la-decision:record', async (ctx) => {
      if (!canRecordLaDecision(ctx.role, ctx.actor.agency)) throw new DomainError('Forbidden', LA_DECIDES);
      const decision = await this.lockDecision(ctx, input.decisionId);
      if (decision.status === 'decided') {
        throw new DomainError(
          'DecisionAlreadyDecided',
          "The local authority's decision is already recorded: correct it instead",
        );
      }
      await this.insertLaDecision(ctx, decision, input, null);
      await this.decisions.bumpRevision(ctx.tx, decision, 'decided');
      return this.changed(ctx, decision.id, 'la-decision-recorded');
    });
  }

  /** Corrects the decision in force with a new linked entry; the original is never changed. */
  correctLaDecision(actor: AuthenticatedUser, input: CorrectLaDecisionInput): DecisionOutcome {
    return this.changes.apply(actor, input, 'la-decision:correct', async (ctx) => {
      if (!canRecordLaDecision(ctx.role, ctx.actor.agency)) throw new DomainError('Forbidden', LA_DECIDES);
      const decision = await this.lockDecision(ctx, input.decisionId);
      const inForce = await this.decisionInForceOf(ctx.tx, decision);
      if (inForce.id !== input.correctsId) {
        throw invalidField('correctsId', 'Only the decision in force can be corrected');
      }
      await this.insertLaDecision(ctx, decision, input, {
        correctsId: input.correctsId,
        correctionReason: input.correctionReason,
      });
      await this.decisions.bumpRevision(ctx.tx, decision);
      return this.changed(ctx, decision.id, 'la-decision-corrected');
    });
  }

  /**
   * Records the dissent of the caller's agency from one part of the decision
   * in force (the chosen options, the protective action, relying on a
   * voluntary safety plan, the reasons) and opens the escalation with the
   * dissent as its first step. Any agency present may dissent, whether or not
   * it gave a view, and whatever that view was; the decision stands (the
   * local authority decides). One dissent per agency, decision and part.
   */
  recordDissent(actor: AuthenticatedUser, input: RecordDissentInput): DecisionOutcome {
    return this.changes.apply(actor, input, 'dissent:record', async (ctx) => {
      if (!canRecordDissent(ctx.role)) throw agencyVoiceOnly(ctx, 'record dissent');
      const decision = await this.lockDecision(ctx, input.decisionId);
      const inForce = await this.decisionInForceOf(ctx.tx, decision);
      if (!canAgencyDissent(ctx.actor.agency)) {
        throw new DomainError(
          'DissentNotAllowed',
          "Children's social care made this decision: disagreement within the local authority goes to its own managers, not dissent",
        );
      }
      if (!dissentPartsOf(decision, inForce).includes(input.part)) {
        throw new DomainError('DissentNotAllowed', PART_NOT_IN_DECISION[input.part]);
      }
      if (await this.decisions.hasDissent(ctx.tx, decision.id, ctx.actor.agency, input.part)) {
        throw new DomainError(
          'DissentAlreadyRecorded',
          `Your agency has already recorded its dissent from “${DISSENT_PART_LABELS[input.part].toLowerCase()}”: add to its escalation`,
        );
      }
      await this.decisions.insertDissent(
        ctx.tx,
        {
          decisionId: decision.id,
          laDecisionId: inForce.id,
          agency: ctx.actor.agency,
          part: input.part,
          reasons: input.reasons,
          recordedBy: ctx.actor.id,
        },
        { stage: input.stage, note: input.reasons, recordedBy: ctx.actor.id },
      );
      await this.decisions.bumpRevision(ctx.tx, decision);
      return this.changed(ctx, decision.id, 'dissent-recorded');
    });
  }

  /** Records a step of an escalation, at its stage or a higher one (any higher one at once). */
  addEscalationStep(actor: AuthenticatedUser, input: AddEscalationStepInput): DecisionOutcome {
    return this.changes.apply(actor, input, 'escalation:add-step', async (ctx) => {
      const { decision, dissent } = await this.lockEscalation(ctx, input.dissentId);
      const steps = await this.decisions.findEscalationSteps(ctx.tx, dissent.id);
      assertStageNotLower(currentStage(steps), input.stage);
      await this.decisions.insertEscalationStep(ctx.tx, {
        dissentId: dissent.id,
        stage: input.stage,
        note: input.note,
        recordedBy: ctx.actor.id,
      });
      await this.decisions.bumpRevision(ctx.tx, decision);
      return this.changed(ctx, decision.id, 'escalation-step');
    });
  }

  /** Closes an escalation with its outcome statement; nothing is added after. */
  resolveEscalation(actor: AuthenticatedUser, input: ResolveEscalationInput): DecisionOutcome {
    return this.changes.apply(actor, input, 'escalation:resolve', async (ctx) => {
      const { decision, dissent } = await this.lockEscalation(ctx, input.dissentId);
      await this.decisions.resolveEscalation(ctx.tx, dissent.id, input.outcome, ctx.actor.id);
      await this.decisions.bumpRevision(ctx.tx, decision);
      return this.changed(ctx, decision.id, 'escalation-resolved');
    });
  }

  /** The dissent (of this meeting), its decision locked, and an open escalation the caller may act on. */
  private async lockEscalation(
    ctx: ChangeContext,
    dissentId: string,
  ): Promise<{ decision: DecisionEntity; dissent: DissentEntity }> {
    const dissent = await this.decisions.findDissent(ctx.tx, dissentId);
    if (!dissent) throw new DomainError('NotFound', DISSENT_NOT_FOUND);
    // A dissent of another meeting's decision is not found either.
    const decision = await this.lockDecision(ctx, dissent.decisionId, 'NotFound');
    if (!canActOnEscalation(ctx.role, ctx.actor.agency, dissent.agency)) {
      throw new DomainError(
        'Forbidden',
        'Only the dissenting agency’s participants or the chair can act on this escalation',
      );
    }
    const escalation = await this.decisions.getEscalation(ctx.tx, dissentId);
    if (escalation.status === 'resolved') {
      throw new DomainError('EscalationResolved', 'This escalation is resolved: its outcome is recorded');
    }
    return { decision, dissent };
  }

  /** Inserts an LA decision entry bound to the record's current state and the current views. */
  private async insertLaDecision(
    ctx: ChangeContext,
    decision: DecisionEntity,
    input: RecordLaDecisionInput,
    correction: { correctsId: string; correctionReason: string } | null,
  ): Promise<void> {
    const badOptions = unknownKeys(input.chosenOptions, decision.options);
    if (badOptions.length > 0) throw invalidField('chosenOptions', 'Choose only options of this decision');
    if (unknownKeys(input.protectiveActions, decision.protectiveActionOptions).length > 0) {
      throw invalidField('protectiveActions', 'Choose only protective actions of this decision');
    }
    assertNoOptionConflict(input.chosenOptions, decision);
    const views = await this.decisions.findViews(ctx.tx, decision.id);
    const state = Buffer.from(await this.documents.encodeState(ctx.meetingId, 'record'));
    await this.decisions.insertLaDecision(ctx.tx, {
      decisionId: decision.id,
      chosenOptions: input.chosenOptions,
      reasons: input.reasons,
      protectiveActions: input.protectiveActions,
      protectiveActionDetails: input.protectiveActionDetails,
      recordedBy: ctx.actor.id,
      recordState: state,
      recordStateSha256: createHash('sha256').update(state).digest('hex'),
      basisViewIds: currentViewsOf(views).map((v) => v.id),
      correctsId: correction?.correctsId ?? null,
      correctionReason: correction?.correctionReason ?? null,
    });
  }

  /** The decision as it is now in this transaction, with what happened. */
  private async changed(
    ctx: ChangeContext,
    decisionId: string,
    kind: MeetingActivityKind,
  ): Promise<ChangeResult<DecisionResponse>> {
    const [data] = toDecisionResponses(await this.decisions.findRecords(ctx.tx, ctx.meetingId, decisionId));
    if (!data) throw new Error('changed decision not found');
    return { data, activity: { kind, actor: ctx.actor.displayName, agency: ctx.actor.agency } };
  }

  /**
   * The decision, locked for the rest of the transaction: changes to one
   * decision (views, the LA decision, dissent, escalation) apply one at a time.
   */
  private async lockDecision(
    ctx: ChangeContext,
    decisionId: string,
    notFound: 'DecisionNotFound' | 'NotFound' = 'DecisionNotFound',
  ): Promise<DecisionEntity> {
    const decision = await this.decisions.lock(ctx.tx, ctx.meetingId, decisionId);
    if (!decision) throw new DomainError(notFound, notFound === 'NotFound' ? DISSENT_NOT_FOUND : DECISION_NOT_FOUND);
    return decision;
  }

  /** The LA decision in force of a decided decision; DecisionNotDecided before that. */
  private async decisionInForceOf(tx: EntityManager, decision: DecisionEntity): Promise<LaDecisionEntity> {
    const entries = await this.decisions.findLaDecisions(tx, decision.id);
    const inForce = decision.status === 'decided' ? decisionInForce(entries) : null;
    if (!inForce) {
      throw new DomainError('DecisionNotDecided', "The local authority's decision has not been recorded yet");
    }
    return inForce;
  }
}

function chairOnly(action: string): DomainError {
  return new DomainError('Forbidden', `Only the chair can ${action}`);
}

function agencyVoiceOnly(ctx: ChangeContext, action: string): DomainError {
  return new DomainError(
    'Forbidden',
    `Only the chair and participants can ${action}; your role in this meeting is ${MEETING_ROLE_LABELS[ctx.role]}`,
  );
}
