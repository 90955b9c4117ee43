import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** Audit entries one request lists at most for a professional (newest first): sign-ins alone can run to thousands. */
export const MAX_AUDIT_ITEMS = 5_000;

export interface ChildRow {
  id: string;
  name: string;
  date_of_birth: string | null;
  case_system_id: string | null;
  nhs_number: string | null;
  household_id: string;
  created_at: Date;
}
export interface HouseholdMemberRow {
  household_id: string;
  position: number;
  name: string;
  relationship: string;
  parental_responsibility: boolean;
}
export interface MeetingRow {
  id: string;
  reference: string;
  meeting_type: string;
  scheduled_at: Date;
  status: string;
  reason: string;
}
export interface DecisionRow {
  id: string;
  meeting_id: string;
  title: string;
  question: string;
  status: string;
  opened_at: Date;
}
export interface AgencyViewRow {
  id: string;
  meeting_id: string;
  decision_title: string;
  agency: string;
  harm: string;
  recommended_option: string;
  reasons: string;
  key_information: string | null;
  conditions: string | null;
  recorded_at: Date;
}
export interface LaDecisionRow {
  id: string;
  meeting_id: string;
  decision_title: string;
  chosen_options: string[];
  reasons: string;
  protective_actions: string[];
  protective_action_details: string | null;
  correction_reason: string | null;
  recorded_at: Date;
}
export interface ActionRow {
  id: string;
  meeting_id: string;
  description: string;
  owner_agency: string;
  due_at: Date;
  status: string;
  status_note: string | null;
  created_at: Date;
}
export interface ConferenceOutcomeRow {
  id: string;
  meeting_id: string;
  outcome: string;
  categories: string[];
  step_down: string | null;
  route: string | null;
  reasons: string;
  recorded_at: Date;
}
export interface PlanVersionRow {
  plan_id: string;
  version: number;
  status: string;
  content: unknown;
  changed_at: Date;
  meeting_id: string | null;
}
export interface FamilyParticipantRow {
  id: string;
  meeting_id: string;
  display_name: string;
  relationship: string;
  invited_at: Date;
  access_ends_at: Date | null;
  revoked_at: Date | null;
}
export interface FamilyAttendanceRow {
  meeting_id: string;
  participant_id: string;
  status: string;
  reason: string | null;
  interpreter_language: string | null;
  advocate_name: string | null;
  advocate_organisation: string | null;
  recorded_at: Date;
}
export interface FamilyTextRow {
  id: string;
  meeting_id: string;
  text: string;
  at: Date;
  version?: number;
}
export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  job_title: string;
  agency: string;
  organisation: string | null;
  is_admin: boolean;
  is_auditor: boolean;
  created_at: Date;
  disabled_at: Date | null;
}
export interface MembershipRow {
  meeting_id: string;
  role: string;
  added_at: Date;
}
export interface AttendanceRow {
  id: string;
  meeting_id: string;
  joined_at: Date;
  left_at: Date | null;
}
export interface ApologyRow {
  id: string;
  meeting_id: string;
  reason: string;
  recorded_at: Date;
}
export interface AuditRow {
  seq: string;
  occurred_at: Date;
  type: string;
  outcome: string;
  meeting_id: string | null;
  subject_type: string | null;
}
export interface SealedExportRow {
  meeting_id: string;
  version: number;
  json: Buffer;
}
export interface CompartmentRow {
  id: string;
  meeting_id: string;
  document_kind: 'record' | 'safety-plan';
  section_key: string;
  owner_agency: string;
  audience: { kind?: string } | null;
  created_by: string | null;
}
export interface SignatureRow {
  id: string;
  meeting_id: string;
  participant_id: string;
  invited_as: string;
  typed_name: string;
  version_hash: string;
  signed_at: Date;
}
export interface SafetyScoreRow {
  id: string;
  meeting_id: string;
  agency: string;
  score: number;
  previous_score: number | null;
  note: string | null;
  recorded_by_name: string;
  recorded_at: Date;
  superseded: boolean;
}

export interface AgencyReportRow {
  id: string;
  meeting_id: string;
  author_name: string;
  agency: string;
  text: string;
  submitted_at: Date;
  shared_with_parents: boolean;
  shared_at: Date | null;
  not_shared_reason: string;
}
export interface AddendumRow {
  id: string;
  meeting_id: string;
  section_key: string;
  text: string;
  added_by_name: string;
  added_at: Date;
  signed_off_by_name: string | null;
  signed_off_at: Date | null;
}
export interface SharingDecisionRow {
  id: string;
  meeting_id: string;
  outcome: string;
  what: string;
  with_whom: string;
  lawful_basis: string;
  reason: string;
  decided_by_name: string;
  decided_agency: string;
  decided_at: Date;
}

export interface ProtectedPersonRow {
  id: string;
  meeting_id: string;
  role: string;
  label: string;
  name: string;
  owner_agency: string;
  audience: { kind?: string } | null;
  added_at: Date;
}

export interface BottomLineRow {
  id: string;
  meeting_id: string;
  text: string;
  added_at: Date;
}
export interface SupportItemRow {
  id: string;
  meeting_id: string;
  who: string;
  support: string;
  cost_pence: string;
  frequency: string;
  approved: boolean;
  added_at: Date;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
}
export interface EmailRow {
  id: string;
  to_address: string;
  subject: string;
  created_at: Date;
  sent_at: Date | null;
}

/** Which rows of a per-meeting source a request takes: every row of some meetings, or rows linked to one user. */
export interface MeetingSourceWhere {
  meetingIds?: string[];
  userId?: string;
}

const DECISION_COLUMNS = `d.id, d.meeting_id, d.title, d.question, d.status, d.opened_at`;

/**
 * The SQL that finds what Roundtable holds about one person
 * (docs/SUBJECT-ACCESS.md "How each item is found"). Read-only; every query
 * runs in the caller's transaction (REPEATABLE READ for one consistent view).
 */
@Injectable()
export class SubjectSourcesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async child(tx: EntityManager, childId: string): Promise<ChildRow | null> {
    const [row] = (await tx.query(
      `SELECT id, name, date_of_birth::text, case_system_id, nhs_number, household_id, created_at
         FROM children WHERE id = $1`,
      [childId],
    )) as ChildRow[];
    return row ?? null;
  }

  householdMembers(tx: EntityManager, householdId: string): Promise<HouseholdMemberRow[]> {
    return tx.query(
      `SELECT household_id, position, name, relationship, parental_responsibility
         FROM household_members WHERE household_id = $1 ORDER BY position`,
      [householdId],
    );
  }

  /** The meetings a child is (or was) a child of, with their meeting_children ids. */
  async meetingsOfChild(
    tx: EntityManager,
    childId: string,
  ): Promise<{ meetings: MeetingRow[]; meetingChildIds: string[] }> {
    const rows = (await tx.query(
      `SELECT m.id, m.reference, m.meeting_type, m.scheduled_at, m.status, m.reason, mc.id AS meeting_child_id
         FROM meeting_children mc JOIN meetings m ON m.id = mc.meeting_id
        WHERE mc.child_id = $1 ORDER BY m.scheduled_at, m.reference`,
      [childId],
    )) as (MeetingRow & { meeting_child_id: string })[];
    const meetings = new Map<string, MeetingRow>();
    for (const r of rows) meetings.set(r.id, r);
    return { meetings: [...meetings.values()], meetingChildIds: rows.map((r) => r.meeting_child_id) };
  }

  meetings(tx: EntityManager, meetingIds: string[]): Promise<MeetingRow[]> {
    return tx.query(
      `SELECT id, reference, meeting_type, scheduled_at, status, reason FROM meetings
        WHERE id = ANY($1::uuid[]) ORDER BY scheduled_at, reference`,
      [meetingIds],
    );
  }

  /** A child's decisions: those naming the child, and those of their meetings naming no child (they apply to every child). */
  decisionsAboutChild(tx: EntityManager, meetingIds: string[], meetingChildIds: string[]): Promise<DecisionRow[]> {
    return tx.query(
      `SELECT ${DECISION_COLUMNS} FROM decisions d
        WHERE d.meeting_id = ANY($1::uuid[])
          AND (EXISTS (SELECT 1 FROM decision_children dc WHERE dc.decision_id = d.id AND dc.child_id = ANY($2::uuid[]))
               OR NOT EXISTS (SELECT 1 FROM decision_children dc WHERE dc.decision_id = d.id))
        ORDER BY d.opened_at, d.id`,
      [meetingIds, meetingChildIds],
    );
  }

  viewsOf(tx: EntityManager, where: { decisionIds?: string[]; recordedBy?: string }): Promise<AgencyViewRow[]> {
    return tx.query(
      `SELECT v.id, d.meeting_id, d.title AS decision_title, v.agency, v.harm, v.recommended_option, v.reasons,
              v.key_information, v.conditions, v.recorded_at
         FROM agency_views v JOIN decisions d ON d.id = v.decision_id
        WHERE ($1::uuid[] IS NULL OR v.decision_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR v.recorded_by = $2)
        ORDER BY v.recorded_at, v.id`,
      [where.decisionIds ?? null, where.recordedBy ?? null],
    );
  }

  laDecisionsOf(tx: EntityManager, where: { decisionIds?: string[]; recordedBy?: string }): Promise<LaDecisionRow[]> {
    return tx.query(
      `SELECT l.id, d.meeting_id, d.title AS decision_title, l.chosen_options, l.reasons, l.protective_actions,
              l.protective_action_details, l.correction_reason, l.recorded_at
         FROM la_decisions l JOIN decisions d ON d.id = l.decision_id
        WHERE ($1::uuid[] IS NULL OR l.decision_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR l.recorded_by = $2)
        ORDER BY l.recorded_at, l.id`,
      [where.decisionIds ?? null, where.recordedBy ?? null],
    );
  }

  /** A child's actions: those for the child, and those of their meetings for no one child. */
  actionsAboutChild(tx: EntityManager, meetingIds: string[], meetingChildIds: string[]): Promise<ActionRow[]> {
    return tx.query(
      `SELECT id, meeting_id, description, owner_agency, due_at, status, status_note, created_at FROM actions
        WHERE meeting_id = ANY($1::uuid[]) AND (child_id IS NULL OR child_id = ANY($2::uuid[]))
        ORDER BY created_at, id`,
      [meetingIds, meetingChildIds],
    );
  }

  actionsOwnedBy(tx: EntityManager, userId: string): Promise<ActionRow[]> {
    return tx.query(
      `SELECT id, meeting_id, description, owner_agency, due_at, status, status_note, created_at FROM actions
        WHERE owner_user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
  }

  conferenceOutcomes(tx: EntityManager, childId: string): Promise<ConferenceOutcomeRow[]> {
    return tx.query(
      `SELECT id, meeting_id, outcome, categories, step_down, route, reasons, recorded_at
         FROM conference_outcomes WHERE child_id = $1 ORDER BY recorded_at, id`,
      [childId],
    );
  }

  planVersions(tx: EntityManager, childId: string): Promise<PlanVersionRow[]> {
    return tx.query(
      `SELECT v.plan_id, v.version, p.status, v.content, v.changed_at, v.meeting_id
         FROM plan_versions v JOIN child_protection_plans p ON p.id = v.plan_id
        WHERE p.child_id = $1 ORDER BY p.started_at, v.plan_id, v.version`,
      [childId],
    );
  }

  familyViewsInMeetings(tx: EntityManager, meetingIds: string[]): Promise<FamilyTextRow[]> {
    return tx.query(
      `SELECT id, meeting_id, text, submitted_at AS at FROM family_views
        WHERE meeting_id = ANY($1::uuid[]) ORDER BY submitted_at, id`,
      [meetingIds],
    );
  }

  familyParticipants(tx: EntityManager, email: string): Promise<FamilyParticipantRow[]> {
    return tx.query(
      `SELECT id, meeting_id, display_name, relationship, invited_at, access_ends_at, revoked_at
         FROM family_participants WHERE email = $1 ORDER BY invited_at, id`,
      [email],
    );
  }

  familyAttendance(tx: EntityManager, participantIds: string[]): Promise<FamilyAttendanceRow[]> {
    return tx.query(
      `SELECT meeting_id, participant_id, status, reason, interpreter_language, advocate_name, advocate_organisation,
              recorded_at
         FROM family_attendance WHERE participant_id = ANY($1::uuid[]) ORDER BY recorded_at, participant_id`,
      [participantIds],
    );
  }

  familyViewsBy(tx: EntityManager, participantIds: string[]): Promise<FamilyTextRow[]> {
    return tx.query(
      `SELECT id, meeting_id, text, submitted_at AS at FROM family_views
        WHERE participant_id = ANY($1::uuid[]) ORDER BY submitted_at, id`,
      [participantIds],
    );
  }

  familyPlansBy(tx: EntityManager, participantIds: string[]): Promise<FamilyTextRow[]> {
    return tx.query(
      `SELECT id, meeting_id, text, presented_at AS at, version FROM family_plan_presentations
        WHERE presented_by_participant = ANY($1::uuid[]) ORDER BY presented_at, id`,
      [participantIds],
    );
  }

  async user(tx: EntityManager, userId: string): Promise<UserRow | null> {
    const [row] = (await tx.query(
      `SELECT id, email, display_name, job_title, agency, organisation, is_admin, is_auditor, created_at, disabled_at
         FROM users WHERE id = $1 AND kind = 'person'`,
      [userId],
    )) as UserRow[];
    return row ?? null;
  }

  memberships(tx: EntityManager, userId: string): Promise<MembershipRow[]> {
    return tx.query(
      `SELECT meeting_id, role, added_at FROM meeting_members WHERE user_id = $1 ORDER BY added_at, meeting_id`,
      [userId],
    );
  }

  attendance(tx: EntityManager, userId: string): Promise<AttendanceRow[]> {
    return tx.query(
      `SELECT id, meeting_id, joined_at, left_at FROM attendance_periods WHERE user_id = $1 ORDER BY joined_at, id`,
      [userId],
    );
  }

  apologies(tx: EntityManager, userId: string): Promise<ApologyRow[]> {
    return tx.query(
      `SELECT id, meeting_id, reason, recorded_at FROM meeting_apologies WHERE user_id = $1 ORDER BY recorded_at, id`,
      [userId],
    );
  }

  /**
   * Entries about a subject (by subject type and ids), and for a professional those they made, up to
   * `upToSeq` (the trail's head when the request was opened), newest first.
   */
  auditEntries(
    tx: EntityManager,
    subjectType: string,
    subjectIds: string[],
    actorUserId: string | null,
    upToSeq: number,
  ): Promise<AuditRow[]> {
    return tx.query(
      `SELECT seq::text, occurred_at, type, outcome, meeting_id, subject_type FROM audit_events
        WHERE seq <= $4
          AND ((subject_type = $1 AND subject_id = ANY($2::text[])) OR ($3::uuid IS NOT NULL AND actor_user_id = $3))
        ORDER BY seq DESC LIMIT ${MAX_AUDIT_ITEMS}`,
      [subjectType, subjectIds, actorUserId, upToSeq],
    );
  }

  /**
   * Conference agency reports: every report of the given meetings, or those `userId` wrote. A report
   * is held even when it was not shared with the parents (the reviewer decides what is withheld).
   */
  agencyReports(tx: EntityManager, where: MeetingSourceWhere): Promise<AgencyReportRow[]> {
    return tx.query(
      `SELECT r.id, r.meeting_id, u.display_name AS author_name, r.agency, r.text, r.submitted_at,
              r.shared_with_parents, r.shared_at, r.not_shared_reason
         FROM agency_reports r JOIN users u ON u.id = r.author_id
        WHERE ($1::uuid[] IS NULL OR r.meeting_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR r.author_id = $2)
        ORDER BY r.submitted_at, r.id`,
      [where.meetingIds ?? null, where.userId ?? null],
    );
  }

  /** Addenda to sealed records: every addendum of the given meetings, or those `userId` added or signed off. */
  addenda(tx: EntityManager, where: MeetingSourceWhere): Promise<AddendumRow[]> {
    return tx.query(
      `SELECT a.id, a.meeting_id, a.section_key, a.text, ab.display_name AS added_by_name, a.added_at,
              sb.display_name AS signed_off_by_name, a.signed_off_at
         FROM meeting_addenda a JOIN users ab ON ab.id = a.added_by LEFT JOIN users sb ON sb.id = a.signed_off_by
        WHERE ($1::uuid[] IS NULL OR a.meeting_id = ANY($1::uuid[]))
          AND ($2::uuid IS NULL OR a.added_by = $2 OR a.signed_off_by = $2)
        ORDER BY a.added_at, a.id`,
      [where.meetingIds ?? null, where.userId ?? null],
    );
  }

  /** Information sharing decisions: every one of the given meetings, or those `userId` made. */
  sharingDecisions(tx: EntityManager, where: MeetingSourceWhere): Promise<SharingDecisionRow[]> {
    return tx.query(
      `SELECT s.id, s.meeting_id, s.outcome, s.what, s.with_whom, s.lawful_basis, s.reason,
              u.display_name AS decided_by_name, s.decided_agency, s.decided_at
         FROM sharing_decisions s JOIN users u ON u.id = s.decided_by
        WHERE ($1::uuid[] IS NULL OR s.meeting_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR s.decided_by = $2)
        ORDER BY s.decided_at, s.id`,
      [where.meetingIds ?? null, where.userId ?? null],
    );
  }

  /** Protected persons (need to know): every one of the given meetings, or those `userId` added. */
  protectedPersons(tx: EntityManager, where: MeetingSourceWhere): Promise<ProtectedPersonRow[]> {
    return tx.query(
      `SELECT id, meeting_id, role, label, name, owner_agency, audience, added_at FROM protected_persons
        WHERE ($1::uuid[] IS NULL OR meeting_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR added_by = $2)
        ORDER BY added_at, id`,
      [where.meetingIds ?? null, where.userId ?? null],
    );
  }

  /** The ids of the restricted compartments a user created (their text is found in the sealed records). */
  async compartmentsCreatedBy(tx: EntityManager, userId: string): Promise<string[]> {
    const rows = (await tx.query(`SELECT id FROM compartments WHERE created_by = $1`, [userId])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** FGDM bottom lines: every one of the given meetings, or those `userId` added. */
  bottomLines(tx: EntityManager, where: MeetingSourceWhere): Promise<BottomLineRow[]> {
    return tx.query(
      `SELECT id, meeting_id, text, added_at FROM fgdm_bottom_lines
        WHERE ($1::uuid[] IS NULL OR meeting_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR added_by = $2)
        ORDER BY added_at, id`,
      [where.meetingIds ?? null, where.userId ?? null],
    );
  }

  /** FGDM support items (with any withdrawal): every one of the given meetings, or those `userId` added. */
  supportItems(tx: EntityManager, where: MeetingSourceWhere): Promise<SupportItemRow[]> {
    return tx.query(
      `SELECT s.id, s.meeting_id, s.who, s.support, s.cost_pence::text, s.frequency, s.approved, s.added_at,
              w.withdrawn_at, w.reason AS withdrawal_reason
         FROM fgdm_support_items s LEFT JOIN fgdm_support_item_withdrawals w ON w.item_id = s.id
        WHERE ($1::uuid[] IS NULL OR s.meeting_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR s.added_by = $2)
        ORDER BY s.added_at, s.id`,
      [where.meetingIds ?? null, where.userId ?? null],
    );
  }

  /** Emails in the outbox to an address (any case): metadata only, never the body. */
  emailsTo(tx: EntityManager, address: string): Promise<EmailRow[]> {
    return tx.query(
      `SELECT id, to_address, subject, created_at, sent_at FROM mail_outbox
        WHERE lower(to_address) = lower($1) ORDER BY created_at, id`,
      [address],
    );
  }

  /** Every sealed version's complete JSON export of the meetings (schema version 1), by meeting then version. */
  completeExports(tx: EntityManager, meetingIds: string[]): Promise<SealedExportRow[]> {
    return tx.query(
      `SELECT meeting_id, version, json FROM sealed_record_exports
        WHERE meeting_id = ANY($1::uuid[]) AND variant = 'complete' AND schema_version = 1
        ORDER BY meeting_id, version`,
      [meetingIds],
    );
  }

  /** The restricted compartments of the meetings, oldest first (their text is in their own live documents). */
  compartments(tx: EntityManager, meetingIds: string[]): Promise<CompartmentRow[]> {
    return tx.query(
      `SELECT id, meeting_id, document_kind, section_key, owner_agency, audience, created_by FROM compartments
        WHERE meeting_id = ANY($1::uuid[]) ORDER BY meeting_id, created_at, id`,
      [meetingIds],
    );
  }

  /**
   * Family members' signatures of safety plans: every signature in the given meetings, or those of the
   * given participants. The name they typed, the hash of the text they read, when.
   */
  safetyPlanSignatures(
    tx: EntityManager,
    where: { meetingIds?: string[]; participantIds?: string[] },
  ): Promise<SignatureRow[]> {
    return tx.query(
      `SELECT s.id, s.meeting_id, s.participant_id, p.display_name AS invited_as, s.typed_name, s.version_hash,
              s.signed_at
         FROM safety_plan_signatures s JOIN family_participants p ON p.id = s.participant_id
        WHERE ($1::uuid[] IS NULL OR s.meeting_id = ANY($1::uuid[]))
          AND ($2::uuid[] IS NULL OR s.participant_id = ANY($2::uuid[]))
        ORDER BY s.signed_at, s.id`,
      [where.meetingIds ?? null, where.participantIds ?? null],
    );
  }

  /**
   * Safety scaling scores, each one recorded (a superseded score is kept, marked): every score of the
   * given meetings, or those `userId` recorded.
   */
  safetyScores(tx: EntityManager, where: MeetingSourceWhere): Promise<SafetyScoreRow[]> {
    return tx.query(
      `SELECT s.id, s.meeting_id, s.agency, s.score, s.previous_score, s.note, u.display_name AS recorded_by_name,
              s.recorded_at, EXISTS (SELECT 1 FROM safety_plan_scores n WHERE n.supersedes_id = s.id) AS superseded
         FROM safety_plan_scores s JOIN users u ON u.id = s.recorded_by
        WHERE ($1::uuid[] IS NULL OR s.meeting_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR s.recorded_by = $2)
        ORDER BY s.recorded_at, s.id`,
      [where.meetingIds ?? null, where.userId ?? null],
    );
  }
}
