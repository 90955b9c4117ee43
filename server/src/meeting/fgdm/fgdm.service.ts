import { createHash } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type AddBottomLineRequest,
  type AddSupportItemRequest,
  type AdvanceFgdmStageRequest,
  BOTTOM_LINE_STAGES,
  FGDM_LIMITS,
  FGDM_STAGE_LABELS,
  type FamilyFgdmState,
  familyPlanDocumentName,
  type FgdmStage,
  type FgdmState,
  nextFgdmStage,
  PRESENTATION_STAGES,
  type RecordPlanResponseRequest,
  type WithdrawSupportItemRequest,
} from '@roundtable/shared/fgdm';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError, type FamilyPrincipal } from '../../platform';
import { LiveDocuments } from '../live-documents';
import { MeetingBroadcasts } from '../meeting-broadcasts';
import { type LockedMeeting, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { type FgdmFacts, type FgdmPersonRow, FgdmRepository } from './fgdm.repository';
import { FamilyPlanConnections } from './family-plan-connections';

const NOT_FGDM = 'This meeting is not a family group decision-making meeting';
const PRESENTATION_NOT_FOUND = 'No presentation of the family’s plan with that id was found in this meeting';
const ITEM_NOT_FOUND = 'No support package item with that id was found in this meeting';

/** The stage the facts put the meeting in: the last entered, or preparation before any. */
export function currentStage(facts: Pick<FgdmFacts, 'stages'>): FgdmStage {
  return facts.stages.at(-1)?.stage ?? 'preparation';
}

/** The family may write the draft in every stage before closed, while the meeting has not concluded. */
export function familyMayEdit(stage: FgdmStage, status: MeetingStatus): boolean {
  return stage !== 'closed' && status !== 'concluded';
}

const iso = (d: Date) => d.toISOString();
const plainText = (blocks: { runs: { text: string }[] }[]) =>
  blocks
    .map((b) => b.runs.map((r) => r.text).join(''))
    .join('\n')
    .trim();
const label = (p: FgdmPersonRow) => ({ agency: p.agency, role: p.role });
const professional = (p: FgdmPersonRow) => ({ userId: p.userId, displayName: p.displayName, agency: p.agency });

/**
 * A family group decision-making meeting (DOMAIN-PATHWAY §5, docs/FAMILY.md):
 * the coordinator (the meeting's chair) moves it through its stages one at a
 * time; bottom lines; the family's presented plans and the professionals'
 * response; the family network support package. Every fact is append-only and
 * audited. The family's unpresented draft never leaves the collab document for
 * a professional: professionals read only what the family presented.
 */
@Injectable()
export class FgdmService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly locks: MeetingLockRepository,
    private readonly repository: FgdmRepository,
    private readonly documents: LiveDocuments,
    private readonly planConnections: FamilyPlanConnections,
    @Optional() private readonly broadcasts?: MeetingBroadcasts,
  ) {}

  // ---------------------------------------------------------------- professionals

  /** What the meeting's members read. */
  async state(meetingId: string, user: AuthenticatedUser): Promise<FgdmState> {
    return this.dataSource.transaction(async (tx) => {
      const meeting = await this.lockMember(tx, meetingId, user, 'share');
      return this.professionalState(tx, meetingId, meeting, user);
    });
  }

  /** Moves the meeting to the next stage (the coordinator). Entering `closed` ends the family's live draft. */
  async advance(meetingId: string, actor: AuthenticatedUser, input: AdvanceFgdmStageRequest): Promise<FgdmState> {
    const result = await this.changed(meetingId, async (tx) => {
      const meeting = await this.lockMember(tx, meetingId, actor, 'update');
      requireCoordinator(meeting, 'move the meeting on to its next stage');
      refuseConcluded(meeting.status);
      const facts = await this.repository.findFacts(tx, meetingId);
      const stage = currentStage(facts);
      const next = nextFgdmStage(stage);
      if (next === null) throw new DomainError('Conflict', 'This family group decision-making meeting has closed');
      if (input.stage !== next) {
        const message =
          input.stage === stage
            ? `The meeting is already at “${FGDM_STAGE_LABELS[stage]}”`
            : `Stages go in order, one at a time: the meeting is at “${FGDM_STAGE_LABELS[stage]}”, so the next stage is “${FGDM_STAGE_LABELS[next]}”`;
        throw new DomainError('Conflict', message, [{ path: 'stage', message }]);
      }
      await this.repository.insertStage(tx, meetingId, next, actor.id);
      await this.audit.record(tx, {
        type: 'fgdm.stage-entered',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'meeting', id: meetingId },
        details: { stage: next },
      });
      return this.professionalState(tx, meetingId, meeting, actor);
    });
    if (result.stage === 'closed') this.planConnections.endFamilyEditing(meetingId);
    return result;
  }

  /** Adds a bottom line (the coordinator or a social worker member, during preparation or information-giving). */
  async addBottomLine(meetingId: string, actor: AuthenticatedUser, input: AddBottomLineRequest): Promise<FgdmState> {
    return this.changed(meetingId, async (tx) => {
      const meeting = await this.lockMember(tx, meetingId, actor, 'share');
      if (!mayAddBottomLines(meeting, actor)) {
        throw new DomainError(
          'Forbidden',
          'Only the coordinator or a social worker in the meeting can add bottom lines',
        );
      }
      refuseConcluded(meeting.status);
      const stage = currentStage(await this.repository.findFacts(tx, meetingId));
      if (!BOTTOM_LINE_STAGES.includes(stage)) {
        throw new DomainError(
          'Conflict',
          `Bottom lines are given during preparation and information-giving: the meeting is at “${FGDM_STAGE_LABELS[stage]}”`,
        );
      }
      if ((await this.repository.countBottomLines(tx, meetingId)) >= FGDM_LIMITS.bottomLinesMax) {
        throw new DomainError('Conflict', `A meeting can have at most ${FGDM_LIMITS.bottomLinesMax} bottom lines`);
      }
      const id = await this.repository.insertBottomLine(tx, meetingId, input.text, actor.id);
      await this.audit.record(tx, {
        type: 'fgdm.bottom-line-added',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'fgdm-bottom-line', id },
        details: {},
      });
      return this.professionalState(tx, meetingId, meeting, actor);
    });
  }

  /** Records the professionals' response to one presentation (the coordinator, during the response stage). */
  async respond(
    meetingId: string,
    presentationId: string,
    actor: AuthenticatedUser,
    input: RecordPlanResponseRequest,
  ): Promise<FgdmState> {
    return this.changed(meetingId, async (tx) => {
      const meeting = await this.lockMember(tx, meetingId, actor, 'update');
      requireCoordinator(meeting, 'record the response to the family’s plan');
      refuseConcluded(meeting.status);
      const presentation = await this.repository.findPresentation(tx, meetingId, presentationId);
      if (!presentation) throw new DomainError('NotFound', PRESENTATION_NOT_FOUND);
      const stage = currentStage(await this.repository.findFacts(tx, meetingId));
      if (stage !== 'response') {
        throw new DomainError(
          'Conflict',
          `The response is recorded at the stage “${FGDM_STAGE_LABELS.response}”: the meeting is at “${FGDM_STAGE_LABELS[stage]}”`,
        );
      }
      if (presentation.responded) {
        throw new DomainError(
          'Conflict',
          'This presentation has a response already: if the plan is to be amended, the family presents it again',
        );
      }
      const id = await this.repository.insertResponse(tx, { meetingId, presentationId, ...input }, actor.id);
      await this.audit.record(tx, {
        type: 'fgdm.plan-response-recorded',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'family-plan-presentation', id: presentationId },
        details: { responseId: id, keepsChildSafe: input.keepsChildSafe, outcome: input.outcome },
      });
      return this.professionalState(tx, meetingId, meeting, actor);
    });
  }

  /** Adds an item to the family network support package (the coordinator, before the meeting closes). */
  async addSupportItem(meetingId: string, actor: AuthenticatedUser, input: AddSupportItemRequest): Promise<FgdmState> {
    return this.changed(meetingId, async (tx) => {
      const meeting = await this.lockOpenForCoordinator(tx, meetingId, actor, 'add to the support package');
      if ((await this.repository.countSupportItems(tx, meetingId)) >= FGDM_LIMITS.supportItemsMax) {
        throw new DomainError('Conflict', `A support package can have at most ${FGDM_LIMITS.supportItemsMax} items`);
      }
      const id = await this.repository.insertSupportItem(tx, meetingId, input, actor.id);
      await this.audit.record(tx, {
        type: 'fgdm.support-item-added',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'fgdm-support-item', id },
        details: { costPence: input.costPence, approved: input.approved },
      });
      return this.professionalState(tx, meetingId, meeting, actor);
    });
  }

  /** Withdraws a support package item: recorded with the reason, never deleted (the coordinator). */
  async withdrawSupportItem(
    meetingId: string,
    itemId: string,
    actor: AuthenticatedUser,
    input: WithdrawSupportItemRequest,
  ): Promise<FgdmState> {
    return this.changed(meetingId, async (tx) => {
      const meeting = await this.lockOpenForCoordinator(tx, meetingId, actor, 'withdraw support package items');
      const item = await this.repository.findSupportItem(tx, meetingId, itemId);
      if (!item) throw new DomainError('NotFound', ITEM_NOT_FOUND);
      if (item.withdrawn) throw new DomainError('Conflict', 'This support package item was withdrawn already');
      await this.repository.insertWithdrawal(tx, itemId, input.reason, actor.id);
      await this.audit.record(tx, {
        type: 'fgdm.support-item-withdrawn',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'fgdm-support-item', id: itemId },
        details: {},
      });
      return this.professionalState(tx, meetingId, meeting, actor);
    });
  }

  // ---------------------------------------------------------------- the family

  /** What the family reads: no professional's name, agency and role only. */
  async familyState(family: FamilyPrincipal): Promise<FamilyFgdmState> {
    return this.dataSource.transaction(async (tx) => {
      const status = await this.lockFamilyMeeting(tx, family.meetingId, 'share');
      return this.toFamilyState(family.meetingId, status, await this.repository.findFacts(tx, family.meetingId));
    });
  }

  /**
   * The family presents its draft as it stands: its text is stored with its
   * SHA-256 as the next version, and only from then can professionals read
   * that version. Audited with no actor and the family member as subject.
   */
  async present(family: FamilyPrincipal): Promise<FamilyFgdmState> {
    const meetingId = family.meetingId;
    // Read the draft outside the transaction: settling the document waits for stored updates.
    const text = plainText(await this.documents.familyPlanBlocks(meetingId));
    return this.changed(meetingId, async (tx) => {
      const status = await this.lockFamilyMeeting(tx, meetingId, 'update');
      const stage = currentStage(await this.repository.findFacts(tx, meetingId));
      if (!PRESENTATION_STAGES.includes(stage) || status === 'concluded') {
        throw new DomainError(
          'Conflict',
          stage === 'closed' || status === 'concluded'
            ? 'This meeting has closed: the plan can no longer be presented'
            : 'The plan is presented after private family time has started: the coordinator moves the meeting on',
        );
      }
      if (text.length === 0) {
        throw new DomainError('ValidationFailed', 'Write the plan before presenting it: it is empty', [
          { path: 'plan', message: 'The plan is empty' },
        ]);
      }
      if (text.length > FGDM_LIMITS.presentationMaxLength) {
        throw new DomainError(
          'ValidationFailed',
          `The plan is too long to present: it must be ${FGDM_LIMITS.presentationMaxLength} characters or fewer`,
        );
      }
      if ((await this.repository.countPresentations(tx, meetingId)) >= FGDM_LIMITS.presentationsMax) {
        throw new DomainError('Conflict', `The plan can be presented at most ${FGDM_LIMITS.presentationsMax} times`);
      }
      const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
      const presentation = await this.repository.insertPresentation(tx, {
        meetingId,
        text,
        sha256,
        participantId: family.participantId,
      });
      await this.audit.record(tx, {
        type: 'fgdm.plan-presented',
        actor: null,
        meetingId,
        subject: { type: 'family-participant', id: family.participantId },
        details: { presentationId: presentation.id, version: presentation.version, sha256 },
      });
      return this.toFamilyState(meetingId, status, await this.repository.findFacts(tx, meetingId));
    });
  }

  /**
   * Whether a signed-in family member may open (and write) the meeting's
   * family plan document now: their own meeting, an FGDM, before it closes
   * and before the meeting concludes. Professionals never get here: the
   * collab endpoint answers them as for an unknown document.
   */
  async familyMayOpenPlan(family: FamilyPrincipal, meetingId: string): Promise<boolean> {
    if (family.meetingId !== meetingId) return false;
    return this.dataSource.transaction(async (tx) => {
      const found = await this.repository.lockMeeting(tx, meetingId, 'share');
      if (found?.type !== 'fgdm') return false;
      return familyMayEdit(currentStage(await this.repository.findFacts(tx, meetingId)), found.status);
    });
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Runs a change to the FGDM in a transaction; once it has committed, tells
   * the meeting's room (`fgdm`, no content) so every member's panel reloads
   * GET /api/meetings/:id/fgdm. The family's unpresented draft never changes
   * this state, so nothing about it is announced.
   */
  private async changed<T>(meetingId: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.broadcasts?.familyActivity({ meetingId, kind: 'fgdm' });
    return result;
  }

  private async lockMember(
    tx: EntityManager,
    meetingId: string,
    user: AuthenticatedUser,
    mode: 'update' | 'share',
  ): Promise<LockedMeeting> {
    const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, user.id, mode));
    const found = await this.repository.lockMeeting(tx, meetingId, mode);
    if (found?.type !== 'fgdm') throw new DomainError('NotFound', NOT_FGDM);
    return meeting;
  }

  private async lockOpenForCoordinator(
    tx: EntityManager,
    meetingId: string,
    actor: AuthenticatedUser,
    action: string,
  ): Promise<LockedMeeting> {
    const meeting = await this.lockMember(tx, meetingId, actor, 'update');
    requireCoordinator(meeting, action);
    refuseConcluded(meeting.status);
    if (currentStage(await this.repository.findFacts(tx, meetingId)) === 'closed') {
      throw new DomainError('Conflict', 'This family group decision-making meeting has closed');
    }
    return meeting;
  }

  /** The family member's meeting, locked; its status. */
  private async lockFamilyMeeting(
    tx: EntityManager,
    meetingId: string,
    mode: 'update' | 'share',
  ): Promise<MeetingStatus> {
    const found = await this.repository.lockMeeting(tx, meetingId, mode);
    if (!found) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    if (found.type !== 'fgdm') throw new DomainError('NotFound', NOT_FGDM);
    return found.status;
  }

  private async professionalState(
    tx: EntityManager,
    meetingId: string,
    meeting: LockedMeeting,
    user: AuthenticatedUser,
  ): Promise<FgdmState> {
    const facts = await this.repository.findFacts(tx, meetingId);
    const stage = currentStage(facts);
    const open = meeting.status !== 'concluded';
    return {
      meetingId,
      stage,
      stages: facts.stages.map((s) => ({
        stage: s.stage,
        enteredAt: iso(s.enteredAt),
        enteredBy: professional(s.enteredBy),
      })),
      privateFamilyTime: privateFamilyTime(facts).map((p) => ({
        startedAt: iso(p.start.enteredAt),
        endedAt: p.end ? iso(p.end.enteredAt) : null,
        startedBy: professional(p.start.enteredBy),
        endedBy: p.end ? professional(p.end.enteredBy) : null,
      })),
      bottomLines: facts.bottomLines.map((b) => ({
        id: b.id,
        text: b.text,
        addedAt: iso(b.addedAt),
        addedBy: professional(b.addedBy),
      })),
      presentations: facts.presentations.map(presentationOut),
      responses: facts.responses.map((r) => ({ ...responseOut(r), recordedBy: professional(r.recordedBy) })),
      supportItems: facts.supportItems.map(supportItemOut),
      canCoordinate: open && stage !== 'closed' && meeting.role === 'chair',
      canAddBottomLines: open && BOTTOM_LINE_STAGES.includes(stage) && mayAddBottomLines(meeting, user),
    };
  }

  private toFamilyState(meetingId: string, status: MeetingStatus, facts: FgdmFacts): FamilyFgdmState {
    const stage = currentStage(facts);
    return {
      meetingId,
      stage,
      stages: facts.stages.map((s) => ({ stage: s.stage, enteredAt: iso(s.enteredAt) })),
      privateFamilyTime: privateFamilyTime(facts).map((p) => ({
        startedAt: iso(p.start.enteredAt),
        endedAt: p.end ? iso(p.end.enteredAt) : null,
      })),
      bottomLines: facts.bottomLines.map((b) => ({
        id: b.id,
        text: b.text,
        addedAt: iso(b.addedAt),
        addedBy: label(b.addedBy),
      })),
      presentations: facts.presentations.map(presentationOut),
      responses: facts.responses.map((r) => ({ ...responseOut(r), recordedBy: label(r.recordedBy) })),
      supportItems: facts.supportItems.map(supportItemOut),
      canEditPlan: familyMayEdit(stage, status),
      canPresent: status !== 'concluded' && PRESENTATION_STAGES.includes(stage),
      planDocument: familyPlanDocumentName(meetingId),
    };
  }
}

/** Forbidden unless the caller is the coordinator (the FGDM's chair). */
function requireCoordinator(meeting: LockedMeeting, action: string): void {
  if (meeting.role !== 'chair') throw new DomainError('Forbidden', `Only the coordinator can ${action}`);
}

function refuseConcluded(status: MeetingStatus): void {
  if (status === 'concluded') throw new DomainError('MeetingConcluded', 'This meeting has concluded');
}

function mayAddBottomLines(meeting: LockedMeeting, user: AuthenticatedUser): boolean {
  return (
    meeting.role === 'chair' ||
    (user.agency === 'childrens-social-care' && meeting.role !== 'observer' && meeting.role !== 'minute-taker')
  );
}

/** Private family time: entering `private-family-time` starts it, entering the next stage ends it. */
function privateFamilyTime(facts: FgdmFacts) {
  const index = facts.stages.findIndex((s) => s.stage === 'private-family-time');
  if (index < 0) return [];
  return [{ start: facts.stages[index] as FgdmFacts['stages'][number], end: facts.stages[index + 1] ?? null }];
}

const presentationOut = (p: FgdmFacts['presentations'][number]) => ({
  id: p.id,
  version: p.version,
  text: p.text,
  sha256: p.sha256,
  presentedAt: iso(p.presentedAt),
  presentedByParticipantId: p.presentedByParticipantId,
});
const responseOut = (r: FgdmFacts['responses'][number]) => ({
  id: r.id,
  presentationId: r.presentationId,
  keepsChildSafe: r.keepsChildSafe,
  reasons: r.reasons,
  outcome: r.outcome,
  recordedAt: iso(r.recordedAt),
});
const supportItemOut = (i: FgdmFacts['supportItems'][number]) => ({
  id: i.id,
  who: i.who,
  support: i.support,
  costPence: i.costPence,
  frequency: i.frequency,
  approved: i.approved,
  addedAt: iso(i.addedAt),
  withdrawnAt: i.withdrawnAt ? iso(i.withdrawnAt) : null,
  withdrawnReason: i.withdrawnReason,
});
