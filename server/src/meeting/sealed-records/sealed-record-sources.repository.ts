import { Injectable } from '@nestjs/common';
import type { Agency, MeetingFormat, MeetingRole } from '@roundtable/shared/constants';
import type { EntityManager } from 'typeorm';
import type { FamilyParticipationRows } from './family-participation-section';
import type { Audience, LawfulBasis, ProtectedPersonRole, SharingOutcome } from '@roundtable/shared/need-to-know';
import type { MeetingType } from '@roundtable/shared/pathway';
import type { PersonModel } from './sealed-record.model';

export interface CompartmentRow {
  id: string;
  documentKind: 'record' | 'safety-plan';
  sectionKey: string;
  ownerAgency: Agency;
  audience: Audience | null;
  createdBy: string | null;
}

export interface ProtectedPersonRow {
  id: string;
  role: ProtectedPersonRole;
  label: string;
  name: string;
  audience: Audience | null;
}

export interface SharingDecisionRow {
  id: string;
  outcome: SharingOutcome;
  what: string;
  withWhom: string;
  lawfulBasis: LawfulBasis;
  reason: string;
  compartmentId: string | null;
  decidedBy: string;
  decidedAgency: Agency;
  decidedAt: Date;
}

export interface MeetingRow {
  id: string;
  reference: string;
  type: MeetingType;
  reason: string;
  scheduledAt: Date;
  format: MeetingFormat;
  status: string;
  startedAt: Date | null;
  concludedAt: Date | null;
  concludedBy: string | null;
}

/** A professional, with their meeting role (null for someone no longer a member). */
export type Professionals = ReadonlyMap<string, PersonModel>;

export interface AddendumRow {
  id: string;
  sectionKey: string;
  text: string;
  addedBy: string;
  signedOffBy: string;
  signedOffAt: Date;
}

/**
 * Reads for the sealed record that no other feature's repository offers. Each
 * takes the caller's manager, so one sealing reads everything inside its own
 * transaction.
 */
@Injectable()
export class SealedRecordSourcesRepository {
  /** The meeting's own columns, or null when it does not exist. */
  async findMeeting(tx: EntityManager, meetingId: string): Promise<MeetingRow | null> {
    const [row] = (await tx.query(
      `SELECT id, reference, meeting_type, reason, scheduled_at, format, status, started_at, concluded_at, concluded_by
         FROM meetings WHERE id = $1`,
      [meetingId],
    )) as {
      id: string;
      reference: string;
      meeting_type: MeetingType;
      reason: string;
      scheduled_at: Date;
      format: MeetingFormat;
      status: string;
      started_at: Date | null;
      concluded_at: Date | null;
      concluded_by: string | null;
    }[];
    if (!row) return null;
    return {
      id: row.id,
      reference: row.reference,
      type: row.meeting_type,
      reason: row.reason,
      scheduledAt: row.scheduled_at,
      format: row.format,
      status: row.status,
      startedAt: row.started_at,
      concludedAt: row.concluded_at,
      concludedBy: row.concluded_by,
    };
  }

  /** The meeting's children, in their order. */
  async findChildren(
    tx: EntityManager,
    meetingId: string,
  ): Promise<{ id: string; name: string; dateOfBirth: string | null }[]> {
    const rows = (await tx.query(
      `SELECT id, name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth
         FROM meeting_children WHERE meeting_id = $1 ORDER BY position`,
      [meetingId],
    )) as { id: string; name: string; date_of_birth: string | null }[];
    return rows.map((r) => ({ id: r.id, name: r.name, dateOfBirth: r.date_of_birth }));
  }

  /** Every current member, and anyone else named by `userIds` (e.g. a member since removed). */
  async findProfessionals(
    tx: EntityManager,
    meetingId: string,
    userIds: Iterable<string | null>,
  ): Promise<Professionals> {
    const ids = [...new Set([...userIds].filter((id): id is string => id !== null))];
    const rows = (await tx.query(
      `SELECT u.id, u.display_name, u.job_title, u.agency, mm.role, u.organisation
         FROM users u
         LEFT JOIN meeting_members mm ON mm.user_id = u.id AND mm.meeting_id = $1
        WHERE mm.meeting_id IS NOT NULL OR u.id = ANY($2::uuid[])`,
      [meetingId, ids],
    )) as {
      id: string;
      display_name: string;
      job_title: string;
      agency: Agency;
      role: MeetingRole | null;
      organisation: string | null;
    }[];
    return new Map(
      rows.map((r) => [
        r.id,
        {
          name: r.display_name,
          organisation: r.organisation || null,
          jobTitle: r.job_title || null,
          agency: r.agency,
          role: r.role,
        },
      ]),
    );
  }

  /**
   * Who attended: anyone present in the room at any time while the discussion
   * was live (from its start to its conclusion), including people no longer
   * members; and each current member who was not, with their latest apology.
   * Roles in the order chair, participant, minute taker, observer.
   */
  async findAttendance(
    tx: EntityManager,
    meeting: MeetingRow,
  ): Promise<{ attended: string[]; absent: { userId: string; reason: string | null }[] }> {
    const rows = (await tx.query(
      `WITH people AS (
         SELECT user_id FROM meeting_members WHERE meeting_id = $1
         UNION
         SELECT user_id FROM attendance_periods WHERE meeting_id = $1
       )
       SELECT p.user_id, mm.role IS NOT NULL AS member,
              EXISTS (
                SELECT 1 FROM attendance_periods ap
                 WHERE ap.meeting_id = $1 AND ap.user_id = p.user_id
                   AND $2::timestamptz IS NOT NULL
                   AND ap.joined_at <= COALESCE($3::timestamptz, 'infinity')
                   AND COALESCE(ap.left_at, 'infinity') >= $2::timestamptz
              ) AS attended,
              (SELECT a.reason FROM meeting_apologies a
                WHERE a.meeting_id = $1 AND a.user_id = p.user_id
                ORDER BY a.recorded_at DESC, a.id DESC LIMIT 1) AS apology
         FROM people p
         JOIN users u ON u.id = p.user_id
         LEFT JOIN meeting_members mm ON mm.meeting_id = $1 AND mm.user_id = p.user_id
        ORDER BY array_position(ARRAY['chair','participant','minute-taker','observer'], mm.role) NULLS LAST,
                 u.display_name, u.id`,
      [meeting.id, meeting.startedAt, meeting.concludedAt],
    )) as { user_id: string; member: boolean; attended: boolean; apology: string | null }[];
    return {
      attended: rows.filter((r) => r.attended).map((r) => r.user_id),
      absent: rows.filter((r) => !r.attended && r.member).map((r) => ({ userId: r.user_id, reason: r.apology })),
    };
  }

  /** Signed-off addenda, in the order they were signed off. */
  async findSignedOffAddenda(tx: EntityManager, meetingId: string): Promise<AddendumRow[]> {
    const rows = (await tx.query(
      `SELECT id, section_key, text, added_by, signed_off_by, signed_off_at FROM meeting_addenda
        WHERE meeting_id = $1 AND signed_off_at IS NOT NULL ORDER BY signed_off_at, id`,
      [meetingId],
    )) as {
      id: string;
      section_key: string;
      text: string;
      added_by: string;
      signed_off_by: string;
      signed_off_at: Date;
    }[];
    return rows.map((r) => ({
      id: r.id,
      sectionKey: r.section_key,
      text: r.text,
      addedBy: r.added_by,
      signedOffBy: r.signed_off_by,
      signedOffAt: r.signed_off_at,
    }));
  }

  /** One addendum's meeting and whether it is signed off; null when it does not exist. */
  async findAddendumState(
    tx: EntityManager,
    addendumId: string,
  ): Promise<{ meetingId: string; signedOff: boolean } | null> {
    const [row] = (await tx.query(
      `SELECT meeting_id, signed_off_at IS NOT NULL AS signed_off FROM meeting_addenda WHERE id = $1`,
      [addendumId],
    )) as { meeting_id: string; signed_off: boolean }[];
    return row ? { meetingId: row.meeting_id, signedOff: row.signed_off } : null;
  }

  /** Each agency's current safety scaling score (the one no later score supersedes). */
  async findCurrentSafetyScores(
    tx: EntityManager,
    meetingId: string,
  ): Promise<{ agency: Agency; score: number; recordedBy: string; recordedAt: Date }[]> {
    const rows = (await tx.query(
      `SELECT s.agency, s.score, s.recorded_by, s.recorded_at FROM safety_plan_scores s
        WHERE s.meeting_id = $1 AND NOT EXISTS (SELECT 1 FROM safety_plan_scores n WHERE n.supersedes_id = s.id)
        ORDER BY array_position(ARRAY['childrens-social-care','police','health','education','other'], s.agency)`,
      [meetingId],
    )) as { agency: Agency; score: number; recorded_by: string; recorded_at: Date }[];
    return rows.map((r) => ({
      agency: r.agency,
      score: r.score,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    }));
  }

  /** The meeting's restricted compartments, oldest first (their text is in their own documents). */
  async findCompartments(tx: EntityManager, meetingId: string): Promise<CompartmentRow[]> {
    const rows = (await tx.query(
      `SELECT id, document_kind, section_key, owner_agency, audience, created_by FROM compartments
        WHERE meeting_id = $1 ORDER BY created_at, id`,
      [meetingId],
    )) as {
      id: string;
      document_kind: 'record' | 'safety-plan';
      section_key: string;
      owner_agency: Agency;
      audience: Audience | null;
      created_by: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      documentKind: r.document_kind,
      sectionKey: r.section_key,
      ownerAgency: r.owner_agency,
      audience: r.audience,
      createdBy: r.created_by,
    }));
  }

  /** People whose identity is protected, in the order they were added. */
  async findProtectedPersons(tx: EntityManager, meetingId: string): Promise<ProtectedPersonRow[]> {
    return (await tx.query(
      `SELECT id, role, label, name, audience FROM protected_persons WHERE meeting_id = $1 ORDER BY added_at, id`,
      [meetingId],
    )) as ProtectedPersonRow[];
  }

  /** Decisions to share information or not, oldest first. */
  async findSharingDecisions(tx: EntityManager, meetingId: string): Promise<SharingDecisionRow[]> {
    const rows = (await tx.query(
      `SELECT id, outcome, what, with_whom, lawful_basis, reason, compartment_id, decided_by, decided_agency, decided_at
         FROM sharing_decisions WHERE meeting_id = $1 ORDER BY decided_at, id`,
      [meetingId],
    )) as {
      id: string;
      outcome: SharingOutcome;
      what: string;
      with_whom: string;
      lawful_basis: LawfulBasis;
      reason: string;
      compartment_id: string | null;
      decided_by: string;
      decided_agency: Agency;
      decided_at: Date;
    }[];
    return rows.map((r) => ({
      id: r.id,
      outcome: r.outcome,
      what: r.what,
      withWhom: r.with_whom,
      lawfulBasis: r.lawful_basis,
      reason: r.reason,
      compartmentId: r.compartment_id,
      decidedBy: r.decided_by,
      decidedAgency: r.decided_agency,
      decidedAt: r.decided_at,
    }));
  }

  /** The family's participation (family-view tables): members, own words, attendance, signatures; oldest first. */
  async findFamilyParticipation(tx: EntityManager, meetingId: string): Promise<FamilyParticipationRows> {
    const members = (await tx.query(
      `SELECT id, display_name AS "displayName", relationship FROM family_participants
        WHERE meeting_id = $1 ORDER BY invited_at, id`,
      [meetingId],
    )) as FamilyParticipationRows['members'];
    if (members.length === 0) return { members, views: [], attendance: [], signatures: [] };
    const views = (await tx.query(
      `SELECT participant_id AS "participantId", text, meeting_status AS "meetingStatus", submitted_at AS "submittedAt"
         FROM family_views WHERE meeting_id = $1 ORDER BY submitted_at, id`,
      [meetingId],
    )) as FamilyParticipationRows['views'];
    const attendance = (await tx.query(
      `SELECT a.participant_id AS "participantId", a.status, p.started_at AS "partStartedAt", a.reason,
              a.interpreter_language AS "interpreterLanguage", a.advocate_name AS "advocateName",
              a.advocate_organisation AS "advocateOrganisation"
         FROM family_attendance a LEFT JOIN meeting_parts p ON p.id = a.part_id
        WHERE a.meeting_id = $1`,
      [meetingId],
    )) as FamilyParticipationRows['attendance'];
    const signatures = (await tx.query(
      `SELECT participant_id AS "participantId", version_hash AS "versionHash", signed_at AS "signedAt"
         FROM safety_plan_signatures WHERE meeting_id = $1 ORDER BY signed_at, id`,
      [meetingId],
    )) as FamilyParticipationRows['signatures'];
    return { members, views, attendance, signatures };
  }
}
