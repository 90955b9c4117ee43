import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import { FAMILY_RELATIONSHIP_LABELS, type FamilyRelationship } from '@roundtable/shared/family';
import {
  CONTINUING_WITHOUT_FAMILY,
  FAMILY_ATTENDANCE_PLAIN,
  type FamilyAttendance,
  type FamilyMeetingResponse,
  type FamilySafetyPlanResponse,
  type FamilySection,
  type FamilyView,
  type OwnAttendance,
  SAFETY_PLAN_CHANGED,
  type SafetyPlanSignature,
  type SafetyPlanSignaturesResponse,
  type SetFamilyAttendanceRequest,
  SIGNING_WITHOUT_FAMILY,
  type SubmitFamilyViewRequest,
  TYPED_NAME_MISMATCH,
  typedNameMatches,
  VIEWS_CLOSED,
} from '@roundtable/shared/family-view';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { FamilyActivityKind } from '@roundtable/shared/meeting-events';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError, type FamilyPrincipal } from '../../platform';
import { FamilyFacingService } from '../family-facing/family-facing.service';
import { MeetingBroadcasts } from '../meeting-broadcasts';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { refuseWhenConcluded, requireChair, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { toFamilyVersion } from '../sealed-records/family-version';
import type { SealedRecordModel } from '../sealed-records/sealed-record.model';
import { SealedRecordModelBuilder } from '../sealed-records/sealed-record-model.builder';
import { SealedRecordSourcesRepository } from '../sealed-records/sealed-record-sources.repository';
import { familyContent, familySafetyPlan, safetyPlanHash } from './family-content';
import { type FamilyViewRow, FamilyViewRepository, type SignatureRow } from './family-view.repository';

const NO_SUCH_FAMILY_MEMBER = 'This meeting has no family member with that id';
const NO_SUCH_PART = 'Choose a part of this meeting held without the parents';
const relationshipLabel = (r: string) => FAMILY_RELATIONSHIP_LABELS[r as FamilyRelationship] ?? r;

/**
 * What a signed-in family member sees and does in their meeting (docs/FAMILY.md
 * "The family view"). The content is the family version of the record model
 * (`toFamilyVersion`) built from the live meeting, as a sealing builds it, so
 * one rule decides what the family sees now and in the sealed family version.
 * While a part without the parents is live, no live content at all.
 */
@Injectable()
export class FamilyViewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: FamilyViewRepository,
    private readonly locks: MeetingLockRepository,
    private readonly sources: SealedRecordSourcesRepository,
    private readonly builder: SealedRecordModelBuilder,
    private readonly familyFacing: FamilyFacingService,
    @Optional() private readonly broadcasts?: MeetingBroadcasts,
  ) {}

  // ------------------------------------------------------------ the family's routes

  async meeting(family: FamilyPrincipal): Promise<FamilyMeetingResponse> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const status = await this.status(tx, family.meetingId);
      const model = await this.familyModel(tx, family.meetingId);
      const withoutFamily = await this.repository.partWithoutFamilyOpen(tx, family.meetingId);
      const content = withoutFamily ? { record: [], safetyPlan: [], decisions: [], actions: [] } : familyContent(model);
      const reports = withoutFamily ? [] : await this.repository.findSharedReports(tx, family.meetingId);
      const views = await this.repository.findViews(tx, family.meetingId, family.participantId);
      return {
        meeting: {
          reference: model.header.reference,
          typeLabel: model.header.typeLabel,
          scheduledAt: model.header.scheduledAt,
          status,
        },
        you: { displayName: family.displayName, relationship: relationshipLabel(family.relationship) },
        children: model.header.children.map((c) => c.name),
        withoutFamily,
        continuing: withoutFamily ? CONTINUING_WITHOUT_FAMILY : null,
        ...content,
        reports: reports.map((r) => ({
          agency: AGENCY_LABELS[r.agency as Agency] ?? r.agency,
          text: r.text,
          sharedAt: r.sharedAt?.toISOString() ?? null,
        })),
        attendance: await this.ownAttendance(tx, family),
        views: views.map((v) => toView(v, 'You')),
        canAddViews: status !== 'concluded',
      };
    });
  }

  /**
   * The family's own words, before or during the meeting (also while a part is
   * held without them: their voice should not wait for the door to open),
   * refused once it has concluded. Append-only; audited without the text.
   */
  async submitView(family: FamilyPrincipal, input: SubmitFamilyViewRequest): Promise<FamilyView> {
    return this.told(family.meetingId, 'family-view', async (tx) => {
      const status = await this.status(tx, family.meetingId);
      if (status === 'concluded') throw new DomainError('MeetingConcluded', VIEWS_CLOSED);
      const id = await this.repository.insertView(tx, {
        meetingId: family.meetingId,
        participantId: family.participantId,
        sessionId: family.sessionId,
        text: input.text,
        status,
      });
      await this.audit.record(tx, {
        type: 'family.view-submitted',
        actor: null,
        meetingId: family.meetingId,
        subject: { type: 'family-participant', id: family.participantId },
        details: { viewId: id, meetingStatus: status },
      });
      const [row] = (await this.repository.findViews(tx, family.meetingId, family.participantId)).filter(
        (v) => v.id === id,
      );
      return toView(row!, 'You');
    });
  }

  /** The family-facing safety plan, the hash of exactly that text, and every family member's signatures. */
  async safetyPlan(family: FamilyPrincipal): Promise<FamilySafetyPlanResponse> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await this.status(tx, family.meetingId);
      const withoutFamily = await this.repository.partWithoutFamilyOpen(tx, family.meetingId);
      const sections = withoutFamily ? [] : await this.currentPlan(tx, family.meetingId);
      const hash = safetyPlanHash(withoutFamily ? await this.currentPlan(tx, family.meetingId) : sections);
      return {
        you: { participantId: family.participantId, displayName: family.displayName },
        withoutFamily,
        continuing: withoutFamily ? CONTINUING_WITHOUT_FAMILY : null,
        sections,
        versionHash: withoutFamily ? null : hash,
        signatures: (await this.repository.findSignatures(tx, family.meetingId)).map((s) => toSignature(s, hash)),
      };
    });
  }

  /**
   * Signs the safety plan as read: the typed name must be the family member's
   * (400), the hash the plan's now (409). Append-only, audited with the hash.
   */
  async sign(family: FamilyPrincipal, input: { typedName: string; versionHash: string }): Promise<SafetyPlanSignature> {
    if (!typedNameMatches(input.typedName, family.displayName)) {
      throw new DomainError('ValidationFailed', TYPED_NAME_MISMATCH, [
        { path: 'typedName', message: TYPED_NAME_MISMATCH },
      ]);
    }
    return this.told(family.meetingId, 'safety-plan-signature', async (tx) => {
      await this.status(tx, family.meetingId);
      if (await this.repository.partWithoutFamilyOpen(tx, family.meetingId)) {
        throw new DomainError('Conflict', SIGNING_WITHOUT_FAMILY);
      }
      const hash = safetyPlanHash(await this.currentPlan(tx, family.meetingId));
      if (hash !== input.versionHash) throw new DomainError('Conflict', SAFETY_PLAN_CHANGED);
      const id = await this.repository.insertSignature(tx, {
        meetingId: family.meetingId,
        participantId: family.participantId,
        sessionId: family.sessionId,
        typedName: input.typedName.trim(),
        versionHash: hash,
      });
      await this.audit.record(tx, {
        type: 'family.safety-plan-signed',
        actor: null,
        meetingId: family.meetingId,
        subject: { type: 'family-participant', id: family.participantId },
        details: { signatureId: id, versionHash: hash, familySessionId: family.sessionId },
      });
      const row = (await this.repository.findSignatures(tx, family.meetingId)).find((s) => s.id === id)!;
      return toSignature(row, hash);
    });
  }

  // ------------------------------------------------------------ the professionals' routes

  /** Every family member's views, oldest first, with their names (members of the meeting). */
  async views(meetingId: string, user: AuthenticatedUser): Promise<FamilyView[]> {
    return this.dataSource.transaction(async (tx) => {
      requireMeetingMember(await this.locks.lockForMember(tx, meetingId, user.id, 'share'));
      return (await this.repository.findViews(tx, meetingId)).map((v) => toView(v, v.displayName));
    });
  }

  /** Each invited family member with their attendance as recorded (members of the meeting). */
  async attendance(meetingId: string, user: AuthenticatedUser): Promise<FamilyAttendance[]> {
    return this.dataSource.transaction(async (tx) => {
      requireMeetingMember(await this.locks.lockForMember(tx, meetingId, user.id, 'share'));
      return this.attendanceOf(tx, meetingId);
    });
  }

  /** The chair records a family member present, absent or excluded from a part (with the part and reason). */
  async setAttendance(
    meetingId: string,
    participantId: string,
    user: AuthenticatedUser,
    input: SetFamilyAttendanceRequest,
  ): Promise<FamilyAttendance[]> {
    return this.told(meetingId, 'family-attendance', async (tx) => {
      const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, user.id, 'update'));
      requireChair(meeting, 'record family members’ attendance');
      refuseWhenConcluded(meeting.status, 'This meeting has concluded: its attendance is part of the record');
      const members = await this.repository.findFamilyMembers(tx, meetingId);
      if (!members.some((m) => m.id === participantId)) throw new DomainError('NotFound', NO_SUCH_FAMILY_MEMBER);
      if (input.partId && !(await this.repository.partBelongs(tx, meetingId, input.partId))) {
        throw new DomainError('ValidationFailed', NO_SUCH_PART, [{ path: 'partId', message: NO_SUCH_PART }]);
      }
      await this.repository.upsertAttendance(tx, meetingId, participantId, input, user.id);
      await this.audit.record(tx, {
        type: 'family.attendance-recorded',
        actor: auditActor(user),
        meetingId,
        subject: { type: 'family-participant', id: participantId },
        details: {
          status: input.status,
          ...(input.partId ? { partId: input.partId } : {}),
          interpreter: input.interpreterLanguage !== null,
          advocate: input.advocateName !== null || input.advocateOrganisation !== null,
        },
      });
      return this.attendanceOf(tx, meetingId);
    });
  }

  /** The safety plan's signatures, each current or not, with the current hash (members of the meeting). */
  async signatures(meetingId: string, user: AuthenticatedUser): Promise<SafetyPlanSignaturesResponse> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      requireMeetingMember(await this.locks.lockForMember(tx, meetingId, user.id, 'share'));
      const hash = safetyPlanHash(await this.currentPlan(tx, meetingId));
      return {
        versionHash: hash,
        signatures: (await this.repository.findSignatures(tx, meetingId)).map((s) => toSignature(s, hash)),
      };
    });
  }

  // ------------------------------------------------------------ helpers

  /** Runs a change in a transaction; once it has committed, tells the meeting's room its kind (no content). */
  private async told<T>(
    meetingId: string,
    kind: FamilyActivityKind,
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.broadcasts?.familyActivity({ meetingId, kind });
    return result;
  }

  private async status(tx: EntityManager, meetingId: string): Promise<MeetingStatus> {
    const status = await this.repository.lockMeetingStatus(tx, meetingId);
    if (status === null) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    return status;
  }

  /** The family version of the record model, built from the meeting as it is now. */
  private async familyModel(tx: EntityManager, meetingId: string): Promise<SealedRecordModel> {
    const meeting = await this.sources.findMeeting(tx, meetingId);
    if (!meeting) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    const full = await this.builder.build(tx, meeting, { version: 0, reason: 'concluded', sealedAt: new Date() });
    return toFamilyVersion(full, await this.familyFacing.list(tx, meetingId));
  }

  private async currentPlan(tx: EntityManager, meetingId: string): Promise<FamilySection[]> {
    return familySafetyPlan(await this.familyModel(tx, meetingId));
  }

  private async ownAttendance(tx: EntityManager, family: FamilyPrincipal): Promise<OwnAttendance> {
    const row = (await this.repository.findAttendance(tx, family.meetingId)).find(
      (a) => a.participantId === family.participantId,
    );
    const status = row?.status ?? 'not-recorded';
    const advocate = [row?.advocateName, row?.advocateOrganisation].filter(Boolean).join(', ');
    return {
      status,
      text: FAMILY_ATTENDANCE_PLAIN[status],
      interpreterLanguage: row?.interpreterLanguage ?? null,
      advocate: advocate || null,
    };
  }

  private async attendanceOf(tx: EntityManager, meetingId: string): Promise<FamilyAttendance[]> {
    const rows = new Map((await this.repository.findAttendance(tx, meetingId)).map((a) => [a.participantId, a]));
    return (await this.repository.findFamilyMembers(tx, meetingId)).map((m) => {
      const a = rows.get(m.id);
      return {
        participantId: m.id,
        displayName: m.displayName,
        relationship: relationshipLabel(m.relationship),
        status: a?.status ?? null,
        partId: a?.partId ?? null,
        reason: a?.reason ?? null,
        interpreterLanguage: a?.interpreterLanguage ?? null,
        advocateName: a?.advocateName ?? null,
        advocateOrganisation: a?.advocateOrganisation ?? null,
        recordedAt: a?.recordedAt.toISOString() ?? null,
      };
    });
  }
}

function toView(row: FamilyViewRow, author: string): FamilyView {
  return {
    id: row.id,
    participantId: row.participantId,
    author,
    relationship: relationshipLabel(row.relationship),
    text: row.text,
    submittedAt: row.submittedAt.toISOString(),
    when: row.meetingStatus === 'scheduled' ? 'before' : 'during',
  };
}

function toSignature(row: SignatureRow, currentHash: string): SafetyPlanSignature {
  return {
    id: row.id,
    participantId: row.participantId,
    displayName: row.displayName,
    versionHash: row.versionHash,
    signedAt: row.signedAt.toISOString(),
    current: row.versionHash === currentHash,
  };
}
