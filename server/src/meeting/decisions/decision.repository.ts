import { Injectable } from '@nestjs/common';
import type { DecisionStatus } from '@roundtable/shared/decisions';
import { type EntityManager, In } from 'typeorm';
import { PeopleRepository } from '../../identity';
import { MeetingChildEntity } from '../meetings/meeting-child.entity';
import { AgencyViewEntity } from './agency-view.entity';
import { DecisionChildEntity } from './decision-child.entity';
import { DecisionEntity } from './decision.entity';
import type { DecisionRecord, DecisionRecords } from './decision.mapper';
import { DissentEntity } from './dissent.entity';
import { EscalationStepEntity } from './escalation-step.entity';
import { EscalationEntity } from './escalation.entity';
import { LaDecisionEntity } from './la-decision.entity';

const OLDEST_FIRST = { recordedAt: 'ASC', id: 'ASC' } as const;

/** What opening a decision stores: the copy of its template and who opened it. */
export type NewDecision = Pick<
  DecisionEntity,
  | 'meetingId'
  | 'templateKey'
  | 'title'
  | 'question'
  | 'options'
  | 'protectiveActionOptions'
  | 'optionExclusions'
  | 'voluntarySafetyPlanActions'
  | 'openedBy'
>;
export type NewAgencyView = Omit<AgencyViewEntity, 'id' | 'recordedAt'>;
export type NewLaDecision = Omit<LaDecisionEntity, 'id' | 'recordedAt'>;
export type NewDissent = Pick<
  DissentEntity,
  'decisionId' | 'laDecisionId' | 'agency' | 'part' | 'reasons' | 'recordedBy'
>;
export type NewEscalationStep = Pick<EscalationStepEntity, 'dissentId' | 'stage' | 'note' | 'recordedBy'>;

/**
 * The decisions tables: decisions, their children, agency views, LA
 * decisions, dissent and escalations. Every method runs in the caller's
 * manager (a change's transaction, or a read's), so what a change answers
 * matches the revision it carries. Recorded facts are only ever inserted.
 */
@Injectable()
export class DecisionRepository {
  constructor(private readonly people: PeopleRepository) {}

  /**
   * Decisions of one meeting (or the one `decisionId` of it) with everything
   * recorded against them and the people named, in a few queries (not one per
   * decision), oldest first.
   */
  async findRecords(manager: EntityManager, meetingId: string, decisionId?: string): Promise<DecisionRecords> {
    const decisions = await manager.find(DecisionEntity, {
      where: decisionId ? { id: decisionId, meetingId } : { meetingId },
      order: { openedAt: 'ASC', id: 'ASC' },
    });
    if (decisions.length === 0) return { records: [], people: new Map() };
    const decisionIds = In(decisions.map((d) => d.id));
    const children = await manager.find(DecisionChildEntity, {
      where: { decisionId: decisionIds },
      order: { position: 'ASC' },
    });
    const views = await manager.find(AgencyViewEntity, { where: { decisionId: decisionIds }, order: OLDEST_FIRST });
    const laDecisions = await manager.find(LaDecisionEntity, {
      where: { decisionId: decisionIds },
      order: OLDEST_FIRST,
    });
    const dissents = await manager.find(DissentEntity, { where: { decisionId: decisionIds }, order: OLDEST_FIRST });
    const dissentIds = In(dissents.map((d) => d.id));
    const escalations = dissents.length
      ? await manager.find(EscalationEntity, { where: { dissentId: dissentIds } })
      : [];
    const steps = dissents.length
      ? await manager.find(EscalationStepEntity, { where: { dissentId: dissentIds }, order: OLDEST_FIRST })
      : [];
    const people = await this.people.load(manager, [
      ...decisions.flatMap((d) => [d.openedBy, d.closedBy, d.notReachedBy]),
      ...[...views, ...laDecisions, ...dissents, ...steps].map((r) => r.recordedBy),
      ...escalations.map((e) => e.resolvedBy),
    ]);
    const records = decisions.map((decision): DecisionRecord => {
      const of = <T extends { decisionId: string }>(rows: T[]) => rows.filter((r) => r.decisionId === decision.id);
      const own = of(dissents);
      return {
        decision,
        childIds: of(children).map((c) => c.childId),
        views: of(views),
        laDecisions: of(laDecisions),
        dissents: own,
        escalations: escalations.filter((e) => own.some((d) => d.id === e.dissentId)),
        steps: steps.filter((s) => own.some((d) => d.id === s.dissentId)),
      };
    });
    return { records, people };
  }

  /**
   * The decision of this meeting, locked (FOR UPDATE) for the rest of the
   * caller's transaction; null when the meeting has no such decision.
   */
  lock(tx: EntityManager, meetingId: string, decisionId: string): Promise<DecisionEntity | null> {
    return tx.findOne(DecisionEntity, {
      where: { id: decisionId, meetingId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Whether the meeting has this decision. */
  existsInMeeting(tx: EntityManager, meetingId: string, decisionId: string): Promise<boolean> {
    return tx.existsBy(DecisionEntity, { meetingId, id: decisionId });
  }

  /** How many of these children belong to the meeting. */
  countChildrenOfMeeting(tx: EntityManager, meetingId: string, childIds: string[]): Promise<number> {
    return tx.countBy(MeetingChildEntity, { meetingId, id: In(childIds) });
  }

  /** Stores a new decision (open, revision 1) and the children it is about, in the order given. */
  async insert(tx: EntityManager, decision: NewDecision, childIds: string[]): Promise<DecisionEntity> {
    const saved = await tx.save(tx.create(DecisionEntity, decision));
    await tx.insert(
      DecisionChildEntity,
      childIds.map((childId, position) => ({ decisionId: saved.id, childId, position })),
    );
    return saved;
  }

  /** Bumps the revision of a decision locked by the caller, setting its status too when one is given. */
  async bumpRevision(tx: EntityManager, decision: DecisionEntity, status?: DecisionStatus): Promise<void> {
    await tx.update(
      DecisionEntity,
      { id: decision.id },
      { ...(status ? { status } : {}), revision: decision.revision + 1 },
    );
  }

  /** Closes a decision locked by the caller, at the database's clock, and bumps its revision. */
  async close(tx: EntityManager, decision: DecisionEntity, closedBy: string): Promise<void> {
    await tx.update(
      DecisionEntity,
      { id: decision.id },
      { status: 'closed', closedBy, closedAt: () => 'clock_timestamp()', revision: decision.revision + 1 },
    );
  }

  /** The agency's current view of the decision (the one no later view supersedes), or null. */
  findCurrentView(
    tx: EntityManager,
    decisionId: string,
    agency: AgencyViewEntity['agency'],
  ): Promise<AgencyViewEntity | null> {
    return tx
      .createQueryBuilder(AgencyViewEntity, 'v')
      .where('v.decision_id = :decisionId AND v.agency = :agency', { decisionId, agency })
      .andWhere('NOT EXISTS (SELECT 1 FROM agency_views s WHERE s.supersedes_id = v.id)')
      .getOne();
  }

  /** One view of the decision, or null. */
  findView(tx: EntityManager, decisionId: string, viewId: string): Promise<AgencyViewEntity | null> {
    return tx.findOneBy(AgencyViewEntity, { id: viewId, decisionId });
  }

  /** Every view of the decision, superseded ones included, oldest first. */
  findViews(tx: EntityManager, decisionId: string): Promise<AgencyViewEntity[]> {
    return tx.find(AgencyViewEntity, { where: { decisionId }, order: OLDEST_FIRST });
  }

  async insertView(tx: EntityManager, view: NewAgencyView): Promise<void> {
    await tx.insert(AgencyViewEntity, view);
  }

  /** Sets or clears a view's restriction flag (the one change agency_views allows). */
  async setViewRestriction(
    tx: EntityManager,
    viewId: string,
    restriction: AgencyViewEntity['restriction'],
  ): Promise<void> {
    await tx.update(AgencyViewEntity, { id: viewId }, { restriction });
  }

  /** Every LA decision entry of the decision, corrections included, oldest first. */
  findLaDecisions(tx: EntityManager, decisionId: string): Promise<LaDecisionEntity[]> {
    return tx.find(LaDecisionEntity, { where: { decisionId }, order: OLDEST_FIRST });
  }

  async insertLaDecision(tx: EntityManager, entry: NewLaDecision): Promise<void> {
    await tx.insert(LaDecisionEntity, entry);
  }

  findDissent(tx: EntityManager, dissentId: string): Promise<DissentEntity | null> {
    return tx.findOneBy(DissentEntity, { id: dissentId });
  }

  /** Whether the agency has recorded its dissent from this part of the decision. */
  hasDissent(
    tx: EntityManager,
    decisionId: string,
    agency: DissentEntity['agency'],
    part: DissentEntity['part'],
  ): Promise<boolean> {
    return tx.existsBy(DissentEntity, { decisionId, agency, part });
  }

  /** Stores a dissent with its escalation, open, and the escalation's first step. */
  async insertDissent(
    tx: EntityManager,
    dissent: NewDissent,
    firstStep: Omit<NewEscalationStep, 'dissentId'>,
  ): Promise<DissentEntity> {
    const saved = await tx.save(tx.create(DissentEntity, dissent));
    await tx.insert(EscalationEntity, { dissentId: saved.id });
    await this.insertEscalationStep(tx, { dissentId: saved.id, ...firstStep });
    return saved;
  }

  /** The escalation of a dissent; throws (EntityNotFoundError) when there is none, as every dissent has one. */
  getEscalation(tx: EntityManager, dissentId: string): Promise<EscalationEntity> {
    return tx.findOneByOrFail(EscalationEntity, { dissentId });
  }

  /** The steps of an escalation, oldest first. */
  findEscalationSteps(tx: EntityManager, dissentId: string): Promise<EscalationStepEntity[]> {
    return tx.find(EscalationStepEntity, { where: { dissentId }, order: OLDEST_FIRST });
  }

  async insertEscalationStep(tx: EntityManager, step: NewEscalationStep): Promise<void> {
    await tx.insert(EscalationStepEntity, step);
  }

  /** Resolves an escalation with its outcome, at the database's clock. */
  async resolveEscalation(tx: EntityManager, dissentId: string, outcome: string, resolvedBy: string): Promise<void> {
    await tx.update(
      EscalationEntity,
      { dissentId },
      { status: 'resolved', outcome, resolvedBy, resolvedAt: () => 'clock_timestamp()' },
    );
  }
}
