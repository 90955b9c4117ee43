import { Injectable } from '@nestjs/common';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import {
  type AgencyReport,
  INDEPENDENT_CHAIR_TYPES,
  type MeetingPart,
  type MeetingType,
} from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';
import { memberHasAccessSql } from '../meetings/member-access';

/** A meeting on the pathway as the convening rules see it. */
export interface PathwayMeetingRow {
  id: string;
  reference: string;
  type: MeetingType;
  status: MeetingStatus;
}

/** An agency report as stored, without its text (for rules and the audit trail). */
export interface ReportRow {
  id: string;
  agency: Agency;
  authorId: string;
}

/** A part held without the parents, as stored. */
export interface PartRow {
  id: string;
  endedAt: Date | null;
}

/** What the sealed record says of a conference's reports and parts, with the people as the record names them. */
export interface ConferenceRecordRows {
  reports: {
    agency: Agency;
    author: {
      name: string;
      jobTitle: string | null;
      organisation: string | null;
      agency: Agency;
      role: MeetingRole | null;
    };
    submittedAt: Date;
    sharedWithParents: boolean;
    sharedAt: Date | null;
    notSharedReason: string;
  }[];
  parts: { startedAt: Date; endedAt: Date | null; reason: string }[];
}

const person = (alias: string) =>
  `json_build_object('userId', ${alias}.id, 'displayName', ${alias}.display_name, 'agency', ${alias}.agency)`;

const REPORT_COLUMNS = `r.id, r.meeting_id AS "meetingId", r.agency, ${person('author')} AS author, r.text,
  r.submitted_at AS "submittedAt", r.shared_with_parents AS "sharedWithParents", r.shared_at AS "sharedAt",
  CASE WHEN sharer.id IS NULL THEN NULL ELSE ${person('sharer')} END AS "sharedBy", r.not_shared_reason AS "notSharedReason"`;
const REPORT_FROM = `agency_reports r JOIN users author ON author.id = r.author_id LEFT JOIN users sharer ON sharer.id = r.shared_by`;

const PART_COLUMNS = `p.id, p.without_parents AS "withoutParents", p.reason, p.started_at AS "startedAt",
  ${person('starter')} AS "startedBy", p.ended_at AS "endedAt"`;
const PART_FROM = `meeting_parts p JOIN users starter ON starter.id = p.started_by`;

const iso = (at: Date | string) => new Date(at).toISOString();
const isoOrNull = (at: Date | string | null) => (at === null ? null : iso(at));

interface ReportResult extends Omit<AgencyReport, 'submittedAt' | 'sharedAt'> {
  submittedAt: Date;
  sharedAt: Date | null;
}
const toReport = (r: ReportResult): AgencyReport => ({
  ...r,
  submittedAt: iso(r.submittedAt),
  sharedAt: isoOrNull(r.sharedAt),
});
interface PartResult extends Omit<MeetingPart, 'startedAt' | 'endedAt'> {
  startedAt: Date;
  endedAt: Date | null;
}
const toPart = (p: PartResult): MeetingPart => ({ ...p, startedAt: iso(p.startedAt), endedAt: isoOrNull(p.endedAt) });

/**
 * The reads behind meeting types and the convening rules (meetings, their
 * children, LA decisions, child protection plans: read only), and agency
 * reports and parts of a conference held without the parents (agency_reports,
 * meeting_parts). Every method runs on the caller's manager or transaction.
 */
@Injectable()
export class ConferencesRepository {
  async findMeetingType(tx: EntityManager, meetingId: string): Promise<MeetingType | null> {
    const rows: { meeting_type: MeetingType }[] = await tx.query(`SELECT meeting_type FROM meetings WHERE id = $1`, [
      meetingId,
    ]);
    return rows[0]?.meeting_type ?? null;
  }

  /** The meeting when the user is a member of it (with access now), else null: need-to-know. */
  async findMeetingForMember(tx: EntityManager, meetingId: string, userId: string): Promise<PathwayMeetingRow | null> {
    const rows: PathwayMeetingRow[] = await tx.query(
      `SELECT m.id, m.reference, m.meeting_type AS type, m.status
         FROM meetings m
         JOIN meeting_members mm ON mm.meeting_id = m.id AND mm.user_id = $2 AND ${memberHasAccessSql('mm')}
        WHERE m.id = $1`,
      [meetingId, userId],
    );
    return rows[0] ?? null;
  }

  /** The child records of a meeting's children. */
  async findChildIds(tx: EntityManager, meetingId: string): Promise<string[]> {
    const rows: { child_id: string }[] = await tx.query(
      `SELECT child_id FROM meeting_children WHERE meeting_id = $1 ORDER BY position`,
      [meetingId],
    );
    return rows.map((r) => r.child_id);
  }

  /**
   * The child records for whom the meeting, or a discussion it reviews (at
   * most `maxChain` steps up), has a local authority decision in force that
   * chose one of `startingOptions`: section 47 enquiries started for them.
   */
  async findS47ChildIds(
    tx: EntityManager,
    meetingId: string,
    startingOptions: readonly string[],
    maxChain: number,
  ): Promise<string[]> {
    const rows: { child_id: string }[] = await tx.query(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT $1::uuid, 0
         UNION ALL
         SELECT m.review_of_meeting_id, c.depth + 1
           FROM chain c JOIN meetings m ON m.id = c.id
          WHERE m.review_of_meeting_id IS NOT NULL AND c.depth < $3
       )
       SELECT DISTINCT mc.child_id
         FROM chain c
         JOIN decisions d ON d.meeting_id = c.id AND d.status = 'decided'
         JOIN la_decisions l ON l.decision_id = d.id
         JOIN decision_children dc ON dc.decision_id = d.id
         JOIN meeting_children mc ON mc.id = dc.child_id
        WHERE NOT EXISTS (SELECT 1 FROM la_decisions later WHERE later.corrects_id = l.id)
          AND l.chosen_options && $2::text[]`,
      [meetingId, startingOptions, maxChain],
    );
    return rows.map((r) => r.child_id);
  }

  /** Which of the children have an active child protection plan. */
  async findChildIdsWithActivePlan(tx: EntityManager, childIds: readonly string[]): Promise<Set<string>> {
    if (childIds.length === 0) return new Set();
    const rows: { child_id: string }[] = await tx.query(
      `SELECT child_id FROM child_protection_plans WHERE child_id = ANY($1::uuid[]) AND status = 'active'`,
      [childIds],
    );
    return new Set(rows.map((r) => r.child_id));
  }

  /** Whether the user is the LCPP of any of the children, or the lead professional of any one's active plan. */
  async findCaseRoles(
    tx: EntityManager,
    userId: string,
    childIds: readonly string[],
  ): Promise<{ lcpp: boolean; leadProfessional: boolean }> {
    const [row] = (await tx.query(
      `SELECT EXISTS (SELECT 1 FROM children WHERE id = ANY($2::uuid[]) AND lcpp_user_id = $1) AS lcpp,
              EXISTS (SELECT 1 FROM child_protection_plans
                       WHERE child_id = ANY($2::uuid[]) AND status = 'active' AND lead_professional_user_id = $1) AS lead`,
      [userId, childIds],
    )) as { lcpp: boolean; lead: boolean }[];
    return { lcpp: row?.lcpp ?? false, leadProfessional: row?.lead ?? false };
  }

  /** The user ids of the meeting's chairs. */
  async findChairIds(tx: EntityManager, meetingId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await tx.query(
      `SELECT user_id FROM meeting_members WHERE meeting_id = $1 AND role = 'chair' ORDER BY user_id`,
      [meetingId],
    );
    return rows.map((r) => r.user_id);
  }

  /** Whether the user chairs a conference (ICPC or review conference) about the child that has not concluded. */
  async chairsUnconcludedConferenceAbout(tx: EntityManager, userId: string, childId: string): Promise<boolean> {
    const [row] = (await tx.query(
      `SELECT EXISTS (
         SELECT 1 FROM meeting_children mc
           JOIN meetings m ON m.id = mc.meeting_id
           JOIN meeting_members mm ON mm.meeting_id = m.id AND mm.user_id = $1 AND mm.role = 'chair'
          WHERE mc.child_id = $2 AND m.meeting_type = ANY($3::text[]) AND m.status <> 'concluded') AS chairs`,
      [userId, childId, INDEPENDENT_CHAIR_TYPES],
    )) as { chairs: boolean }[];
    return row?.chairs ?? false;
  }

  // ---------------------------------------------------------------- agency reports

  /**
   * Stores the author's report for the meeting, or replaces their earlier one
   * (text, sharing and submission time). True when it is their first.
   */
  async upsertReport(
    tx: EntityManager,
    report: {
      meetingId: string;
      authorId: string;
      agency: Agency;
      text: string;
      sharedWithParents: boolean;
      notSharedReason: string;
    },
  ): Promise<{ id: string; first: boolean }> {
    const [row] = (await tx.query(
      `INSERT INTO agency_reports AS r (meeting_id, author_id, agency, text, shared_with_parents, shared_at, shared_by, not_shared_reason)
       VALUES ($1, $2, $3, $4, $5::boolean, CASE WHEN $5::boolean THEN now() END, CASE WHEN $5::boolean THEN $2::uuid END, $6)
       ON CONFLICT (meeting_id, author_id) DO UPDATE
         SET agency = EXCLUDED.agency, text = EXCLUDED.text, submitted_at = now(),
             shared_with_parents = EXCLUDED.shared_with_parents, shared_at = EXCLUDED.shared_at,
             shared_by = EXCLUDED.shared_by, not_shared_reason = EXCLUDED.not_shared_reason
       RETURNING r.id, (xmax = 0) AS first`,
      [report.meetingId, report.authorId, report.agency, report.text, report.sharedWithParents, report.notSharedReason],
    )) as { id: string; first: boolean }[];
    return row!;
  }

  /** One report of the meeting, locked until the transaction ends, or null. */
  async lockReport(tx: EntityManager, meetingId: string, reportId: string): Promise<ReportRow | null> {
    const rows: ReportRow[] = await tx.query(
      `SELECT id, agency, author_id AS "authorId" FROM agency_reports WHERE id = $1 AND meeting_id = $2 FOR UPDATE`,
      [reportId, meetingId],
    );
    return rows[0] ?? null;
  }

  /** Records whether the parents see the report: when shared, by whom and when; else why not. */
  async setSharing(
    tx: EntityManager,
    reportId: string,
    sharing: { sharedWithParents: boolean; notSharedReason: string; by: string },
  ): Promise<void> {
    await tx.query(
      `UPDATE agency_reports
          SET shared_with_parents = $2::boolean, not_shared_reason = $3,
              shared_at = CASE WHEN $2::boolean THEN now() END, shared_by = CASE WHEN $2::boolean THEN $4::uuid END
        WHERE id = $1`,
      [reportId, sharing.sharedWithParents, sharing.notSharedReason, sharing.by],
    );
  }

  async findReport(tx: EntityManager, reportId: string): Promise<AgencyReport | null> {
    const rows: ReportResult[] = await tx.query(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.id = $1`, [
      reportId,
    ]);
    return rows[0] ? toReport(rows[0]) : null;
  }

  /** The meeting's reports, first submitted first. */
  async findReports(tx: EntityManager, meetingId: string): Promise<AgencyReport[]> {
    const rows: ReportResult[] = await tx.query(
      `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.meeting_id = $1 ORDER BY r.submitted_at, r.id`,
      [meetingId],
    );
    return rows.map(toReport);
  }

  // ---------------------------------------------------------------- parts held without the parents

  /** When the meeting's open part started, or null when none is open. */
  async findOpenPartStart(tx: EntityManager, meetingId: string): Promise<Date | null> {
    const rows: { started_at: Date }[] = await tx.query(
      `SELECT started_at FROM meeting_parts WHERE meeting_id = $1 AND ended_at IS NULL`,
      [meetingId],
    );
    return rows[0] ? new Date(rows[0].started_at) : null;
  }

  /** Starts a part; a second open part of the meeting fails with a unique violation (meeting_parts_one_open). */
  async insertPart(tx: EntityManager, part: { meetingId: string; reason: string; startedBy: string }): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO meeting_parts (meeting_id, reason, started_by) VALUES ($1, $2, $3) RETURNING id`,
      [part.meetingId, part.reason, part.startedBy],
    )) as { id: string }[];
    return row!.id;
  }

  async lockPart(tx: EntityManager, meetingId: string, partId: string): Promise<PartRow | null> {
    const rows: { id: string; ended_at: Date | null }[] = await tx.query(
      `SELECT id, ended_at FROM meeting_parts WHERE id = $1 AND meeting_id = $2 FOR UPDATE`,
      [partId, meetingId],
    );
    const row = rows[0];
    return row ? { id: row.id, endedAt: row.ended_at ? new Date(row.ended_at) : null } : null;
  }

  /** Ends the meeting's open part (or only `partId`, when given); returns the ids of the parts ended. */
  async endOpenParts(tx: EntityManager, meetingId: string, endedBy: string, partId?: string): Promise<string[]> {
    // An UPDATE … RETURNING answers [rows, affected count].
    const [rows] = (await tx.query(
      `UPDATE meeting_parts SET ended_at = now(), ended_by = $2
        WHERE meeting_id = $1 AND ended_at IS NULL AND ($3::uuid IS NULL OR id = $3)
        RETURNING id`,
      [meetingId, endedBy, partId ?? null],
    )) as [{ id: string }[], number];
    return rows.map((r) => r.id);
  }

  async findPart(tx: EntityManager, partId: string): Promise<MeetingPart | null> {
    const rows: PartResult[] = await tx.query(`SELECT ${PART_COLUMNS} FROM ${PART_FROM} WHERE p.id = $1`, [partId]);
    return rows[0] ? toPart(rows[0]) : null;
  }

  /** The meeting's parts, oldest first. */
  async findParts(tx: EntityManager, meetingId: string): Promise<MeetingPart[]> {
    const rows: PartResult[] = await tx.query(
      `SELECT ${PART_COLUMNS} FROM ${PART_FROM} WHERE p.meeting_id = $1 ORDER BY p.started_at, p.id`,
      [meetingId],
    );
    return rows.map(toPart);
  }

  // ---------------------------------------------------------------- the sealed record

  /** A conference's reports (no text) and parts, for its sealed record; null for a meeting of another type. */
  async findConferenceRecord(tx: EntityManager, meetingId: string): Promise<ConferenceRecordRows | null> {
    const type = await this.findMeetingType(tx, meetingId);
    if (type !== 'icpc' && type !== 'review-conference') return null;
    const reports = (await tx.query(
      `SELECT r.agency, r.submitted_at, r.shared_with_parents, r.shared_at, r.not_shared_reason,
              u.display_name, u.job_title, u.organisation, u.agency AS author_agency, mm.role
         FROM agency_reports r
         JOIN users u ON u.id = r.author_id
         LEFT JOIN meeting_members mm ON mm.meeting_id = r.meeting_id AND mm.user_id = r.author_id
        WHERE r.meeting_id = $1
        ORDER BY r.submitted_at, r.id`,
      [meetingId],
    )) as {
      agency: Agency;
      submitted_at: Date;
      shared_with_parents: boolean;
      shared_at: Date | null;
      not_shared_reason: string;
      display_name: string;
      job_title: string;
      organisation: string | null;
      author_agency: Agency;
      role: MeetingRole | null;
    }[];
    const parts = (await tx.query(
      `SELECT started_at, ended_at, reason FROM meeting_parts WHERE meeting_id = $1 ORDER BY started_at, id`,
      [meetingId],
    )) as { started_at: Date; ended_at: Date | null; reason: string }[];
    return {
      reports: reports.map((r) => ({
        agency: r.agency,
        author: {
          name: r.display_name,
          jobTitle: r.job_title || null,
          organisation: r.organisation || null,
          agency: r.author_agency,
          role: r.role,
        },
        submittedAt: new Date(r.submitted_at),
        sharedWithParents: r.shared_with_parents,
        sharedAt: r.shared_at ? new Date(r.shared_at) : null,
        notSharedReason: r.not_shared_reason,
      })),
      parts: parts.map((p) => ({
        startedAt: new Date(p.started_at),
        endedAt: p.ended_at ? new Date(p.ended_at) : null,
        reason: p.reason,
      })),
    };
  }
}
