import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AgencyReport, ShareReportRequest, SubmitReportRequest } from '@roundtable/shared/pathway';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { type LockedMeeting, refuseWhenConcluded, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { requireConference } from './conference-meeting';
import { ConferencesRepository } from './conferences.repository';

const REPORT_NOT_FOUND = 'No report with that id was found in this conference';
const CONCLUDED = 'This conference has concluded: its reports are part of the record';
const REASON_REQUIRED = 'Give the reason the report is not shared with the parents (a safeguarding reason)';

/** The reason kept with a report: required when it is not shared, none when it is. */
function notSharedReason(input: { sharedWithParents: boolean; notSharedReason?: string }): string {
  if (input.sharedWithParents) return '';
  const reason = input.notSharedReason?.trim() ?? '';
  if (!reason)
    throw new DomainError('ValidationFailed', REASON_REQUIRED, [{ path: 'notSharedReason', message: REASON_REQUIRED }]);
  return reason;
}

/**
 * Agency reports before a conference (DOMAIN-PATHWAY §1.4): each member who
 * speaks for an agency (not an observer) submits one, for their own agency,
 * and may replace it until the conference concludes; whether the parents see
 * it is the agency's decision (a member of that agency, or the chair), kept
 * with when and by whom it was shared, or why not. Every member reads them.
 * The audit trail has ids, the agency and the sharing, never the text.
 */
@Injectable()
export class AgencyReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly locks: MeetingLockRepository,
    private readonly repository: ConferencesRepository,
  ) {}

  /** The conference's reports, for a member. */
  async list(meetingId: string, userId: string): Promise<AgencyReport[]> {
    return this.dataSource.transaction(async (tx) => {
      requireMeetingMember(await this.locks.lockForMember(tx, meetingId, userId, 'share'));
      return this.repository.findReports(tx, meetingId);
    });
  }

  /** Submits the caller's report for their agency, or replaces their earlier one. */
  async submit(meetingId: string, actor: AuthenticatedUser, input: SubmitReportRequest): Promise<AgencyReport> {
    const reason = notSharedReason(input);
    return this.dataSource.transaction(async (tx) => {
      const meeting = await this.lockConference(tx, meetingId, actor.id);
      if (meeting.role === 'observer') {
        throw new DomainError('Forbidden', 'Observers cannot submit a report: ask the chair to make you a participant');
      }
      refuseWhenConcluded(meeting.status, CONCLUDED);
      const stored = await this.repository.upsertReport(tx, {
        meetingId,
        authorId: actor.id,
        agency: actor.agency,
        text: input.text,
        sharedWithParents: input.sharedWithParents,
        notSharedReason: reason,
      });
      await this.audit.record(tx, {
        type: 'report.submitted',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'agency-report', id: stored.id },
        details: { agency: actor.agency, shared: input.sharedWithParents, replaced: !stored.first },
      });
      return this.read(tx, stored.id);
    });
  }

  /** Whether the parents see a report: a member of the report's agency (not an observer), or the chair. */
  async setSharing(
    meetingId: string,
    reportId: string,
    actor: AuthenticatedUser,
    input: ShareReportRequest,
  ): Promise<AgencyReport> {
    const reason = notSharedReason(input);
    return this.dataSource.transaction(async (tx) => {
      const meeting = await this.lockConference(tx, meetingId, actor.id);
      const report = await this.repository.lockReport(tx, meetingId, reportId);
      if (!report) throw new DomainError('NotFound', REPORT_NOT_FOUND);
      const ownAgency = report.agency === actor.agency && meeting.role !== 'observer';
      if (!ownAgency && meeting.role !== 'chair') {
        throw new DomainError(
          'Forbidden',
          'Whether the parents see a report is for its agency to decide: a member of that agency, or the chair, can change it',
        );
      }
      refuseWhenConcluded(meeting.status, CONCLUDED);
      await this.repository.setSharing(tx, report.id, {
        sharedWithParents: input.sharedWithParents,
        notSharedReason: reason,
        by: actor.id,
      });
      await this.audit.record(tx, {
        type: 'report.sharing-changed',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'agency-report', id: report.id },
        details: { agency: report.agency, shared: input.sharedWithParents },
      });
      return this.read(tx, report.id);
    });
  }

  /** The meeting, share-locked (a conclusion waits), for a member; Conflict unless it is a conference. */
  private async lockConference(tx: EntityManager, meetingId: string, userId: string): Promise<LockedMeeting> {
    const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, userId, 'share'));
    requireConference(await this.repository.findMeetingType(tx, meetingId), 'Agency reports');
    return meeting;
  }

  private async read(tx: EntityManager, reportId: string): Promise<AgencyReport> {
    const report = await this.repository.findReport(tx, reportId);
    if (!report) throw new Error(`report ${reportId} vanished`);
    return report;
  }
}
