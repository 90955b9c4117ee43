import { Injectable } from '@nestjs/common';
import type { FamilyAttendanceStatus, SetFamilyAttendanceRequest } from '@roundtable/shared/family-view';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { EntityManager } from 'typeorm';

export interface FamilyMemberRow {
  id: string;
  displayName: string;
  relationship: string;
}

export interface FamilyViewRow {
  id: string;
  participantId: string;
  displayName: string;
  relationship: string;
  text: string;
  meetingStatus: 'scheduled' | 'live';
  submittedAt: Date;
}

export interface FamilyAttendanceRow {
  participantId: string;
  status: FamilyAttendanceStatus;
  partId: string | null;
  reason: string | null;
  interpreterLanguage: string | null;
  advocateName: string | null;
  advocateOrganisation: string | null;
  recordedAt: Date;
}

export interface SignatureRow {
  id: string;
  participantId: string;
  displayName: string;
  versionHash: string;
  signedAt: Date;
}

export interface SharedReportRow {
  agency: string;
  text: string;
  sharedAt: Date | null;
}

/**
 * `family_views` and `safety_plan_signatures` (append-only), `family_attendance`,
 * and the reads the family view needs of the meeting: its status (share-locked,
 * so a conclusion waits), whether a part without the parents is open, the
 * reports shared with the parents (agency, text and date: never the author).
 */
@Injectable()
export class FamilyViewRepository {
  /** The meeting's status, share-locked; null when it does not exist. */
  async lockMeetingStatus(tx: EntityManager, meetingId: string): Promise<MeetingStatus | null> {
    const rows = (await tx.query(`SELECT status FROM meetings WHERE id = $1 FOR SHARE`, [meetingId])) as {
      status: MeetingStatus;
    }[];
    return rows[0]?.status ?? null;
  }

  /** Whether a part held without the parents is under way. */
  async partWithoutFamilyOpen(tx: EntityManager, meetingId: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM meeting_parts WHERE meeting_id = $1 AND ended_at IS NULL`, [
      meetingId,
    ])) as unknown[];
    return rows.length > 0;
  }

  async partBelongs(tx: EntityManager, meetingId: string, partId: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM meeting_parts WHERE id = $1 AND meeting_id = $2`, [
      partId,
      meetingId,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** The meeting's invited family members, oldest invitation first. */
  async findFamilyMembers(tx: EntityManager, meetingId: string): Promise<FamilyMemberRow[]> {
    return (await tx.query(
      `SELECT id, display_name AS "displayName", relationship FROM family_participants
        WHERE meeting_id = $1 ORDER BY invited_at, id`,
      [meetingId],
    )) as FamilyMemberRow[];
  }

  /** The reports the agencies shared with the parents: agency, text, when shared. */
  async findSharedReports(tx: EntityManager, meetingId: string): Promise<SharedReportRow[]> {
    return (await tx.query(
      `SELECT agency, text, shared_at AS "sharedAt" FROM agency_reports
        WHERE meeting_id = $1 AND shared_with_parents ORDER BY submitted_at, id`,
      [meetingId],
    )) as SharedReportRow[];
  }

  async insertView(
    tx: EntityManager,
    view: { meetingId: string; participantId: string; sessionId: string; text: string; status: 'scheduled' | 'live' },
  ): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO family_views (meeting_id, participant_id, family_session_id, text, meeting_status)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [view.meetingId, view.participantId, view.sessionId, view.text, view.status],
    )) as { id: string }[];
    return row!.id;
  }

  /** The family's views, oldest first; one family member's only when `participantId` is given. */
  async findViews(tx: EntityManager, meetingId: string, participantId?: string): Promise<FamilyViewRow[]> {
    return (await tx.query(
      `SELECT v.id, v.participant_id AS "participantId", p.display_name AS "displayName", p.relationship,
              v.text, v.meeting_status AS "meetingStatus", v.submitted_at AS "submittedAt"
         FROM family_views v JOIN family_participants p ON p.id = v.participant_id
        WHERE v.meeting_id = $1 AND ($2::uuid IS NULL OR v.participant_id = $2)
        ORDER BY v.submitted_at, v.id`,
      [meetingId, participantId ?? null],
    )) as FamilyViewRow[];
  }

  async upsertAttendance(
    tx: EntityManager,
    meetingId: string,
    participantId: string,
    input: SetFamilyAttendanceRequest,
    recordedBy: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO family_attendance
         (meeting_id, participant_id, status, part_id, reason, interpreter_language, advocate_name, advocate_organisation, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (meeting_id, participant_id) DO UPDATE SET
         status = EXCLUDED.status, part_id = EXCLUDED.part_id, reason = EXCLUDED.reason,
         interpreter_language = EXCLUDED.interpreter_language, advocate_name = EXCLUDED.advocate_name,
         advocate_organisation = EXCLUDED.advocate_organisation, recorded_by = EXCLUDED.recorded_by,
         recorded_at = EXCLUDED.recorded_at`,
      [
        meetingId,
        participantId,
        input.status,
        input.status === 'excluded-from-part' ? (input.partId ?? null) : null,
        input.status === 'excluded-from-part' ? input.reason : null,
        input.interpreterLanguage,
        input.advocateName,
        input.advocateOrganisation,
        recordedBy,
      ],
    );
  }

  async findAttendance(tx: EntityManager, meetingId: string): Promise<FamilyAttendanceRow[]> {
    return (await tx.query(
      `SELECT participant_id AS "participantId", status, part_id AS "partId", reason,
              interpreter_language AS "interpreterLanguage", advocate_name AS "advocateName",
              advocate_organisation AS "advocateOrganisation", recorded_at AS "recordedAt"
         FROM family_attendance WHERE meeting_id = $1`,
      [meetingId],
    )) as FamilyAttendanceRow[];
  }

  async insertSignature(
    tx: EntityManager,
    s: { meetingId: string; participantId: string; sessionId: string; typedName: string; versionHash: string },
  ): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO safety_plan_signatures (meeting_id, participant_id, family_session_id, typed_name, version_hash)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [s.meetingId, s.participantId, s.sessionId, s.typedName, s.versionHash],
    )) as { id: string }[];
    return row!.id;
  }

  /** Every signature of the meeting, oldest first. */
  async findSignatures(tx: EntityManager, meetingId: string): Promise<SignatureRow[]> {
    return (await tx.query(
      `SELECT s.id, s.participant_id AS "participantId", p.display_name AS "displayName",
              s.version_hash AS "versionHash", s.signed_at AS "signedAt"
         FROM safety_plan_signatures s JOIN family_participants p ON p.id = s.participant_id
        WHERE s.meeting_id = $1 ORDER BY s.signed_at, s.id`,
      [meetingId],
    )) as SignatureRow[];
  }
}
