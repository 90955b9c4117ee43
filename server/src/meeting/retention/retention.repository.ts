import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChildRetentionStatusKind, LegalHoldSubjectType, RetentionRecordType } from '@roundtable/shared/retention';
import type { MeetingType } from '@roundtable/shared/pathway';
import type { DataSource, EntityManager } from 'typeorm';

/** When a record falls due under each rule that applies to it (null: the rule does not apply). */
export interface DueDates {
  /** Closure plus the record type's own period (strategy discussion, conference or child record). */
  ruleDueAt: Date;
  /** A looked-after child's date of birth plus that period ('infinity' while the date of birth is unknown). */
  lookedAfterDueAt: Date | null;
  /** The adoption order plus that period. */
  adoptionDueAt: Date | null;
  /** The latest of them: the record is never destroyed before any rule that applies allows. */
  dueAt: Date;
}

export interface DueMeeting extends DueDates {
  id: string;
  meetingType: MeetingType;
  /** The organisation of the account that convened it: it picks the partnership's schedule. */
  organisation: string | null;
  closedAt: Date;
  held: boolean;
  childIds: string[];
}

export interface DueChild extends DueDates {
  id: string;
  /** The organisation of the account that opened the child's record: it picks the partnership's schedule. */
  organisation: string | null;
  closedAt: Date;
  held: boolean;
}

export interface ChildRetentionStatusRow {
  id: string;
  childId: string;
  kind: ChildRetentionStatusKind;
  since: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface LegalHoldRow {
  id: string;
  subjectType: LegalHoldSubjectType;
  subjectId: string;
  subjectReference: string | null;
  reason: string;
  placedBy: string;
  placedAt: Date;
  liftedBy: string | null;
  liftedAt: Date | null;
  liftReason: string | null;
}

export interface RetentionRunRow {
  id: string;
  trigger: 'schedule' | 'manual';
  startedAt: Date;
  finishedAt: Date | null;
  destroyed: Record<string, number>;
  error: string | null;
}

/** Rows removed per table. */
export type RowsRemoved = Record<string, number>;

/** The meetings whose children are under a legal hold, or which are held themselves. */
const MEETING_HELD = `EXISTS (
  SELECT 1 FROM legal_holds h WHERE h.lifted_at IS NULL AND (
    (h.subject_type = 'meeting' AND h.subject_id = m.id)
    OR (h.subject_type = 'child' AND h.subject_id IN (SELECT mc.child_id FROM meeting_children mc WHERE mc.meeting_id = m.id))))`;

/**
 * A meeting's closure (docs/RETENTION.md): the later of its conclusion (or,
 * never concluded, its last change) and the end of the last child protection
 * plan of any child it is about; none while such a plan is still open.
 */
const MEETING_CLOSURE = `CASE WHEN EXISTS (
    SELECT 1 FROM meeting_children mc JOIN child_protection_plans p ON p.child_id = mc.child_id
     WHERE mc.meeting_id = m.id AND p.ended_at IS NULL) THEN NULL
  ELSE GREATEST(COALESCE(m.concluded_at, GREATEST(m.created_at, m.updated_at, m.scheduled_at)),
    (SELECT max(p.ended_at) FROM meeting_children mc JOIN child_protection_plans p ON p.child_id = mc.child_id
      WHERE mc.meeting_id = m.id)) END`;

/**
 * A child's closure: the later of the child's record being created, the end
 * of their last plan and the closure of every meeting about them (destroyed
 * meetings by their tombstone); none while a plan is open or a meeting about
 * them is not yet destroyed.
 */
const CHILD_CLOSURE = `CASE WHEN EXISTS (SELECT 1 FROM child_protection_plans p WHERE p.child_id = c.id AND p.ended_at IS NULL)
    OR EXISTS (SELECT 1 FROM meeting_children mc WHERE mc.child_id = c.id) THEN NULL
  ELSE GREATEST(c.created_at,
    (SELECT max(p.ended_at) FROM child_protection_plans p WHERE p.child_id = c.id),
    (SELECT max(t.closed_at) FROM retention_tombstones t WHERE t.subject_type = 'meeting' AND c.id = ANY (t.child_ids))) END`;

/**
 * A period of record type `type` under the schedule of organisation `org`
 * (an SQL expression): `$2` is the schedules parameter (`schedulesParameter`
 * in retention-rules.ts), the deployment's intervals and each listed
 * organisation's partnership's.
 */
const periodOf = (org: string, type: RetentionRecordType) =>
  `(COALESCE($2::jsonb->'byOrganisation'->(${org}), $2::jsonb->'default')->>'${type}')::interval`;

/** The organisation of the account that created a row (a meeting's convener, a child record's opener). */
const creatorOrganisation = (alias: string) => `(SELECT u.organisation FROM users u WHERE u.id = ${alias}.created_by)`;

/**
 * When a child's records fall due as a looked-after child's (date of birth
 * plus the period; never, while the date of birth is unknown) and as an
 * adopted child's (the adoption order plus the period), under `org`'s
 * schedule; null when the child is not marked so.
 */
const lookedAfterDue = (child: string, org: string) => `(CASE WHEN EXISTS (
    SELECT 1 FROM child_retention_statuses s WHERE s.child_id = ${child}.id AND s.kind = 'looked-after')
  THEN COALESCE((${child}.date_of_birth + ${periodOf(org, 'looked-after-children-records')}) AT TIME ZONE 'UTC',
    'infinity'::timestamptz) END)`;
const adoptionDue = (
  child: string,
  org: string,
) => `(SELECT max((s.since + ${periodOf(org, 'adoption-records')}) AT TIME ZONE 'UTC')
    FROM child_retention_statuses s WHERE s.child_id = ${child}.id AND s.kind = 'adopted')`;

const CHILD_HELD = `EXISTS (SELECT 1 FROM legal_holds h WHERE h.lifted_at IS NULL AND h.subject_type = 'child' AND h.subject_id = c.id)`;

/** A meeting's shared documents: `meetings/<id>/record`, `…/safety-plan`, `…/family-plan`, … */
const DOCUMENT_TABLES = [
  'document_updates',
  'document_snapshots',
  'document_client_ids',
  'document_integrity_unchecked',
  'document_update_quarantine',
] as const;

/**
 * Everything held about one meeting, in an order the foreign keys allow:
 * [label, DELETE … WHERE … $1 (the meeting id)]. Adding a table that holds
 * meeting content means adding it here (the retention test searches every
 * table for its canaries, so a forgotten one fails it).
 */
const MEETING_DELETES: readonly (readonly [string, string])[] = [
  [
    'webhook_overdue_actions',
    `DELETE FROM webhook_overdue_actions WHERE action_id IN (SELECT id FROM actions WHERE meeting_id = $1)`,
  ],
  ['action_changes', `DELETE FROM action_changes WHERE action_id IN (SELECT id FROM actions WHERE meeting_id = $1)`],
  ['actions', `DELETE FROM actions WHERE meeting_id = $1`],
  [
    'escalation_steps',
    `DELETE FROM escalation_steps WHERE dissent_id IN (SELECT d.id FROM dissents d JOIN decisions x ON x.id = d.decision_id WHERE x.meeting_id = $1)`,
  ],
  [
    'escalations',
    `DELETE FROM escalations WHERE dissent_id IN (SELECT d.id FROM dissents d JOIN decisions x ON x.id = d.decision_id WHERE x.meeting_id = $1)`,
  ],
  ['dissents', `DELETE FROM dissents WHERE decision_id IN (SELECT id FROM decisions WHERE meeting_id = $1)`],
  ['la_decisions', `DELETE FROM la_decisions WHERE decision_id IN (SELECT id FROM decisions WHERE meeting_id = $1)`],
  ['agency_views', `DELETE FROM agency_views WHERE decision_id IN (SELECT id FROM decisions WHERE meeting_id = $1)`],
  [
    'decision_children',
    `DELETE FROM decision_children WHERE decision_id IN (SELECT id FROM decisions WHERE meeting_id = $1)`,
  ],
  ['decisions', `DELETE FROM decisions WHERE meeting_id = $1`],
  ['sharing_decisions', `DELETE FROM sharing_decisions WHERE meeting_id = $1`],
  ['compartments', `DELETE FROM compartments WHERE meeting_id = $1`],
  [
    'protected_person_shares',
    `DELETE FROM protected_person_shares WHERE protected_person_id IN (SELECT id FROM protected_persons WHERE meeting_id = $1)`,
  ],
  ['protected_persons', `DELETE FROM protected_persons WHERE meeting_id = $1`],
  ['sealed_record_exports', `DELETE FROM sealed_record_exports WHERE meeting_id = $1`],
  ['sealed_records', `DELETE FROM sealed_records WHERE meeting_id = $1`],
  ['meeting_addenda', `DELETE FROM meeting_addenda WHERE meeting_id = $1`],
  [
    'record_recipient_codes',
    `DELETE FROM record_recipient_codes WHERE recipient_id IN (SELECT id FROM record_recipients WHERE meeting_id = $1)`,
  ],
  ['record_recipients', `DELETE FROM record_recipients WHERE meeting_id = $1`],
  ['record_circulations', `DELETE FROM record_circulations WHERE meeting_id = $1`],
  ['family_attendance', `DELETE FROM family_attendance WHERE meeting_id = $1`],
  ['safety_plan_signatures', `DELETE FROM safety_plan_signatures WHERE meeting_id = $1`],
  ['family_views', `DELETE FROM family_views WHERE meeting_id = $1`],
  ['family_plan_responses', `DELETE FROM family_plan_responses WHERE meeting_id = $1`],
  ['family_plan_presentations', `DELETE FROM family_plan_presentations WHERE meeting_id = $1`],
  [
    'fgdm_support_item_withdrawals',
    `DELETE FROM fgdm_support_item_withdrawals WHERE item_id IN (SELECT id FROM fgdm_support_items WHERE meeting_id = $1)`,
  ],
  ['fgdm_support_items', `DELETE FROM fgdm_support_items WHERE meeting_id = $1`],
  ['fgdm_bottom_lines', `DELETE FROM fgdm_bottom_lines WHERE meeting_id = $1`],
  ['fgdm_stage_entries', `DELETE FROM fgdm_stage_entries WHERE meeting_id = $1`],
  ['family_facing_items', `DELETE FROM family_facing_items WHERE meeting_id = $1`],
  [
    'family_sign_in_codes',
    `DELETE FROM family_sign_in_codes WHERE participant_id IN (SELECT id FROM family_participants WHERE meeting_id = $1)`,
  ],
  [
    'family_sessions',
    `DELETE FROM family_sessions WHERE participant_id IN (SELECT id FROM family_participants WHERE meeting_id = $1)`,
  ],
  ['family_participants', `DELETE FROM family_participants WHERE meeting_id = $1`],
  ['meeting_parts', `DELETE FROM meeting_parts WHERE meeting_id = $1`],
  ['attendance_periods', `DELETE FROM attendance_periods WHERE meeting_id = $1`],
  ['meeting_apologies', `DELETE FROM meeting_apologies WHERE meeting_id = $1`],
  ['meeting_agendas', `DELETE FROM meeting_agendas WHERE meeting_id = $1`],
  ['meeting_document_templates', `DELETE FROM meeting_document_templates WHERE meeting_id = $1`],
  ['safety_plan_scores', `DELETE FROM safety_plan_scores WHERE meeting_id = $1`],
  ['meeting_change_requests', `DELETE FROM meeting_change_requests WHERE meeting_id = $1`],
  ['meeting_calendar_events', `DELETE FROM meeting_calendar_events WHERE meeting_id = $1`],
  ['account_invitations', `DELETE FROM account_invitations WHERE meeting_id = $1`],
  ['meeting_child_removals', `DELETE FROM meeting_child_removals WHERE meeting_id = $1`],
  ['agency_reports', `DELETE FROM agency_reports WHERE meeting_id = $1`],
  ['reminders', `DELETE FROM reminders WHERE meeting_id = $1`],
  ['notifications', `DELETE FROM notifications WHERE meeting_id = $1`],
  ['meeting_members', `DELETE FROM meeting_members WHERE meeting_id = $1`],
  ['meeting_plan_reviews', `DELETE FROM meeting_plan_reviews WHERE meeting_id = $1`],
  ['conference_outcomes', `DELETE FROM conference_outcomes WHERE meeting_id = $1`],
  ['meeting_children', `DELETE FROM meeting_children WHERE meeting_id = $1`],
  ...DOCUMENT_TABLES.map(
    (table) =>
      [
        table,
        `DELETE FROM ${table} WHERE left(document_name, length('meetings/' || $1 || '/')) = 'meetings/' || $1 || '/'`,
      ] as const,
  ),
];

/** Everything held about one child (the child's own record), once no meeting about them is left: $1 the child id. */
const CHILD_DELETES: readonly (readonly [string, string])[] = [
  ['conference_outcomes', `DELETE FROM conference_outcomes WHERE child_id = $1`],
  [
    'meeting_plan_reviews',
    `DELETE FROM meeting_plan_reviews WHERE plan_id IN (SELECT id FROM child_protection_plans WHERE child_id = $1)`,
  ],
  [
    'plan_versions',
    `DELETE FROM plan_versions WHERE plan_id IN (SELECT id FROM child_protection_plans WHERE child_id = $1)`,
  ],
  ['child_protection_plans', `DELETE FROM child_protection_plans WHERE child_id = $1`],
  ['meeting_child_removals', `DELETE FROM meeting_child_removals WHERE child_id = $1`],
  ['child_retention_statuses', `DELETE FROM child_retention_statuses WHERE child_id = $1`],
  // A subject access request about the child holds its redacted passages and notes: it goes with the child.
  [
    'subject_access_exports',
    `DELETE FROM subject_access_exports WHERE request_id IN (SELECT id FROM subject_access_requests WHERE child_id = $1)`,
  ],
  [
    'subject_access_redactions',
    `DELETE FROM subject_access_redactions WHERE request_id IN (SELECT id FROM subject_access_requests WHERE child_id = $1)`,
  ],
  ['subject_access_requests', `DELETE FROM subject_access_requests WHERE child_id = $1`],
  ['children', `DELETE FROM children WHERE id = $1`],
];

/**
 * The retention run's SQL: what is due (by the Clock's `now`, passed in),
 * legal holds, and the destruction itself. Destruction runs only inside a
 * transaction that opened the gate with `retention_open_destruction` (the one
 * way through the append-only guards: docs/RETENTION.md).
 */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Meetings not yet destroyed that are due at `now`: closure plus their
   * type's period under their partnership's schedule, and, for a meeting
   * about a looked-after or adopted child, not before those periods either.
   */
  async dueMeetings(
    now: Date,
    schedules: string,
    limit: number,
    includeHeld: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DueMeeting[]> {
    return manager.query(
      `WITH closure AS (
         SELECT m.id, m.meeting_type, org.organisation, ${MEETING_CLOSURE} AS closed_at, ${MEETING_HELD} AS held,
                ARRAY(SELECT mc.child_id FROM meeting_children mc WHERE mc.meeting_id = m.id AND mc.child_id IS NOT NULL) AS child_ids,
                (SELECT max(${lookedAfterDue('ch', 'org.organisation')}) FROM meeting_children mc JOIN children ch ON ch.id = mc.child_id
                  WHERE mc.meeting_id = m.id) AS looked_after_due,
                (SELECT max(${adoptionDue('ch', 'org.organisation')}) FROM meeting_children mc JOIN children ch ON ch.id = mc.child_id
                  WHERE mc.meeting_id = m.id) AS adoption_due
           FROM meetings m CROSS JOIN LATERAL (SELECT ${creatorOrganisation('m')} AS organisation) org
          WHERE NOT EXISTS (SELECT 1 FROM retention_tombstones t WHERE t.subject_type = 'meeting' AND t.subject_id = m.id)),
       rule AS (
         SELECT *, closed_at + CASE meeting_type WHEN 'strategy-discussion' THEN ${periodOf('organisation', 'strategy-discussion-records')}
                                 ELSE ${periodOf('organisation', 'conference-records')} END AS rule_due
           FROM closure WHERE closed_at IS NOT NULL)
       SELECT id, meeting_type AS "meetingType", organisation, closed_at AS "closedAt", rule_due AS "ruleDueAt",
              looked_after_due AS "lookedAfterDueAt", adoption_due AS "adoptionDueAt", due_at AS "dueAt", held,
              child_ids AS "childIds"
         FROM (SELECT *, GREATEST(rule_due, looked_after_due, adoption_due) AS due_at FROM rule) due
        WHERE due_at <= $1 AND ($4 OR NOT held)
        ORDER BY due_at, id
        LIMIT $3`,
      [now, schedules, limit, includeHeld],
    );
  }

  /**
   * Children not yet destroyed, with no meeting left about them, that are due
   * at `now`: closure plus the child-records period under their partnership's
   * schedule, and not before the looked-after or adoption periods that apply.
   */
  async dueChildren(
    now: Date,
    schedules: string,
    limit: number,
    includeHeld: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DueChild[]> {
    return manager.query(
      `SELECT id, organisation, closed_at AS "closedAt", rule_due AS "ruleDueAt", looked_after_due AS "lookedAfterDueAt",
              adoption_due AS "adoptionDueAt", due_at AS "dueAt", held FROM (
         SELECT *, GREATEST(rule_due, looked_after_due, adoption_due) AS due_at FROM (
           SELECT c.id, org.organisation, ${CHILD_CLOSURE} AS closed_at,
                  ${CHILD_CLOSURE} + ${periodOf('org.organisation', 'child-records')} AS rule_due,
                  ${lookedAfterDue('c', 'org.organisation')} AS looked_after_due,
                  ${adoptionDue('c', 'org.organisation')} AS adoption_due, ${CHILD_HELD} AS held
             FROM children c CROSS JOIN LATERAL (SELECT ${creatorOrganisation('c')} AS organisation) org) rules) due
        WHERE closed_at IS NOT NULL AND due_at <= $1 AND ($4 OR NOT held)
        ORDER BY due_at, id
        LIMIT $3`,
      [now, schedules, limit, includeHeld],
    );
  }

  /** Whether the child exists and is not destroyed (its row is gone once it is). */
  async childExists(manager: EntityManager, childId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM children WHERE id = $1 FOR SHARE`, [childId]);
    return rows.length > 0;
  }

  /** Records a child's looked-after or adopted mark; false when the child already has one of that kind. */
  async insertChildStatus(
    manager: EntityManager,
    s: { childId: string; kind: ChildRetentionStatusKind; since: string; reason: string; recordedBy: string },
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO child_retention_statuses (child_id, kind, since, reason, recorded_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (child_id, kind) DO NOTHING RETURNING id`,
      [s.childId, s.kind, s.since, s.reason, s.recordedBy],
    );
    return rows[0]?.id ?? null;
  }

  /** One mark, with who recorded it. */
  async childStatus(manager: EntityManager, id: string): Promise<ChildRetentionStatusRow | null> {
    const [row] = (await manager.query(
      `SELECT s.id, s.child_id AS "childId", s.kind, to_char(s.since, 'YYYY-MM-DD') AS since,
              u.display_name AS "recordedBy", s.recorded_at AS "recordedAt"
         FROM child_retention_statuses s JOIN users u ON u.id = s.recorded_by WHERE s.id = $1`,
      [id],
    )) as ChildRetentionStatusRow[];
    return row ?? null;
  }

  /** Opens the destruction gate for `manager`'s transaction: the append-only guards give way until it closes. */
  async openGate(manager: EntityManager, runId: string): Promise<void> {
    await manager.query(`SELECT retention_open_destruction($1)`, [runId]);
  }

  async closeGate(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT retention_close_destruction()`);
  }

  /**
   * Locks the meeting (and, shared, its children's records, which a hold on a
   * child locks too), then re-reads in a new statement, so after any wait,
   * whether it may still be destroyed: not destroyed, not held.
   */
  async lockMeetingForDestruction(manager: EntityManager, meetingId: string): Promise<boolean> {
    const locked: unknown[] = await manager.query(`SELECT 1 FROM meetings WHERE id = $1 FOR UPDATE`, [meetingId]);
    if (locked.length === 0) return false;
    await manager.query(
      `SELECT 1 FROM children WHERE id IN (SELECT child_id FROM meeting_children WHERE meeting_id = $1) FOR SHARE`,
      [meetingId],
    );
    const rows: { ok: boolean }[] = await manager.query(
      `SELECT NOT EXISTS (SELECT 1 FROM retention_tombstones t WHERE t.subject_type = 'meeting' AND t.subject_id = m.id)
              AND NOT ${MEETING_HELD} AS ok
         FROM meetings m WHERE m.id = $1`,
      [meetingId],
    );
    return rows[0]?.ok === true;
  }

  /** Locks the child's record, then re-reads whether it may still be destroyed (not held, no meeting left about them). */
  async lockChildForDestruction(manager: EntityManager, childId: string): Promise<boolean> {
    const locked: unknown[] = await manager.query(`SELECT 1 FROM children WHERE id = $1 FOR UPDATE`, [childId]);
    if (locked.length === 0) return false;
    const rows: { ok: boolean }[] = await manager.query(
      `SELECT NOT ${CHILD_HELD} AND NOT EXISTS (SELECT 1 FROM meeting_children mc WHERE mc.child_id = c.id) AS ok
         FROM children c WHERE c.id = $1`,
      [childId],
    );
    return rows[0]?.ok === true;
  }

  /** Deletes everything held about the meeting and blanks what is left of its row (inside an open gate). */
  async destroyMeetingContent(manager: EntityManager, meetingId: string, tombstoneText: string): Promise<RowsRemoved> {
    const removed: RowsRemoved = {};
    await manager.query(
      `UPDATE actions SET carried_from_action_id = NULL
        WHERE meeting_id <> $1 AND carried_from_action_id IN (SELECT id FROM actions WHERE meeting_id = $1)`,
      [meetingId],
    );
    for (const [table, sql] of MEETING_DELETES) {
      const n = await this.count(manager, sql, [meetingId]);
      if (n > 0) removed[table] = (removed[table] ?? 0) + n;
    }
    // The row stays (plans, later meetings and the trail refer to it by id): its reason, the one free text, goes.
    await manager.query(`UPDATE meetings SET reason = $2 WHERE id = $1`, [meetingId, tombstoneText]);
    removed.meetings = 1;
    return removed;
  }

  /** Deletes the child's own record (inside an open gate), and their household when no other child shares it. */
  async destroyChildContent(manager: EntityManager, childId: string): Promise<RowsRemoved> {
    const removed: RowsRemoved = {};
    const [child] = (await manager.query(`SELECT household_id AS "householdId" FROM children WHERE id = $1`, [
      childId,
    ])) as { householdId: string | null }[];
    for (const [table, sql] of CHILD_DELETES) {
      const n = await this.count(manager, sql, [childId]);
      if (n > 0) removed[table] = (removed[table] ?? 0) + n;
    }
    if (child?.householdId) {
      const members = await this.count(
        manager,
        `DELETE FROM household_members WHERE household_id = $1 AND NOT EXISTS (SELECT 1 FROM children WHERE household_id = $1)`,
        [child.householdId],
      );
      if (members > 0) removed.household_members = members;
      const households = await this.count(
        manager,
        `DELETE FROM households WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM children WHERE household_id = $1)`,
        [child.householdId],
      );
      if (households > 0) removed.households = households;
    }
    return removed;
  }

  /** The audit entries about a meeting or a child, to tombstone with it. */
  async auditEntriesAbout(
    manager: EntityManager,
    subject: { type: 'meeting' | 'child'; id: string },
  ): Promise<string[]> {
    const rows: { seq: string }[] = await manager.query(
      subject.type === 'meeting'
        ? `SELECT seq FROM audit_events WHERE (meeting_id = $1 OR (subject_type = 'meeting' AND subject_id = $1::text))
             AND type NOT LIKE 'retention.%' AND type NOT LIKE 'legal-hold.%' ORDER BY seq`
        : `SELECT seq FROM audit_events WHERE subject_type = 'child' AND subject_id = $1::text
             AND type NOT LIKE 'retention.%' AND type NOT LIKE 'legal-hold.%' ORDER BY seq`,
      [subject.id],
    );
    return rows.map((r) => r.seq);
  }

  /**
   * Audit entries older than `before` that are not about a meeting (those go
   * with their meeting), of sign-in types or of every other type, never the
   * retention and legal hold entries, nor entries about a held subject.
   */
  async oldAuditEntries(
    manager: EntityManager,
    before: Date,
    kind: 'login-attempts' | 'audit-entries',
    limit: number,
  ): Promise<string[]> {
    const rows: { seq: string }[] = await manager.query(
      `SELECT seq FROM audit_events a
        WHERE a.occurred_at < $1 AND a.meeting_id IS NULL
          AND a.type ${kind === 'login-attempts' ? '' : 'NOT'} LIKE 'auth.%'
          AND a.type NOT LIKE 'retention.%' AND a.type NOT LIKE 'legal-hold.%'
          AND NOT (a.details ? 'tombstone')
          AND a.subject_type IS DISTINCT FROM 'child' AND a.subject_type IS DISTINCT FROM 'meeting'
        ORDER BY seq LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.seq);
  }

  /** Replaces the entries' content with the tombstone through the database's one function for it (inside an open gate). */
  async tombstoneAuditEntries(manager: EntityManager, seqs: readonly string[], tombstone: object): Promise<number> {
    if (seqs.length === 0) return 0;
    const [row] = (await manager.query(`SELECT retention_tombstone_audit_entries($1::bigint[], $2::jsonb) AS n`, [
      seqs,
      JSON.stringify(tombstone),
    ])) as { n: number }[];
    return row?.n ?? 0;
  }

  async insertTombstone(
    manager: EntityManager,
    t: {
      subjectType: 'meeting' | 'child';
      subjectId: string;
      recordType: RetentionRecordType;
      rule: object;
      closedAt: Date;
      dueAt: Date;
      destroyedAt: Date;
      runId: string;
      rowsRemoved: RowsRemoved;
      childIds: readonly string[];
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO retention_tombstones
         (subject_type, subject_id, record_type, rule, closed_at, due_at, destroyed_at, run_id, rows_removed, child_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::uuid[])`,
      [
        t.subjectType,
        t.subjectId,
        t.recordType,
        JSON.stringify(t.rule),
        t.closedAt,
        t.dueAt,
        t.destroyedAt,
        t.runId,
        JSON.stringify(t.rowsRemoved),
        t.childIds,
      ],
    );
  }

  /** Operational data past its period: sessions, sign-in counters, outbox, webhook deliveries (no guard to pass). */
  async sweepOperational(
    manager: EntityManager,
    cutoffs: { sessions: Date; loginAttempts: Date; outbox: Date },
    now: Date,
  ): Promise<Record<'sessions' | 'login-attempts' | 'outbox-and-notifications', RowsRemoved>> {
    const run = async (entries: [string, string, unknown[]][]) => {
      const removed: RowsRemoved = {};
      for (const [table, sql, params] of entries) {
        const n = await this.count(manager, sql, params);
        if (n > 0) removed[table] = n;
      }
      return removed;
    };
    const ended = `COALESCE(LEAST(revoked_at, expires_at), expires_at) < $1`;
    return {
      sessions: await run([
        [
          'oidc_transactions',
          `DELETE FROM oidc_transactions WHERE expires_at < $1 OR session_id IN (SELECT id FROM sessions WHERE ${ended})`,
          [cutoffs.sessions],
        ],
        ['sessions', `DELETE FROM sessions WHERE ${ended}`, [cutoffs.sessions]],
        [
          'family_sessions',
          `DELETE FROM family_sessions WHERE COALESCE(LEAST(ended_at, expires_at), expires_at) < $1`,
          [cutoffs.sessions],
        ],
        ['family_sign_in_codes', `DELETE FROM family_sign_in_codes WHERE expires_at < $1`, [cutoffs.sessions]],
        ['record_recipient_codes', `DELETE FROM record_recipient_codes WHERE expires_at < $1`, [cutoffs.sessions]],
      ]),
      'login-attempts': await run([
        [
          'auth_attempt_limits',
          `DELETE FROM auth_attempt_limits WHERE window_started_at < $1 AND (locked_until IS NULL OR locked_until < $2)`,
          [cutoffs.loginAttempts, now],
        ],
      ]),
      'outbox-and-notifications': await run([
        ['mail_outbox', `DELETE FROM mail_outbox WHERE created_at < $1`, [cutoffs.outbox]],
        [
          'webhook_delivery_attempts',
          `DELETE FROM webhook_delivery_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE created_at < $1)`,
          [cutoffs.outbox],
        ],
        ['webhook_deliveries', `DELETE FROM webhook_deliveries WHERE created_at < $1`, [cutoffs.outbox]],
        // In-app notifications, read or not (the reminders' exactly-once keys stay: dropping one would resend it).
        ['notifications', `DELETE FROM notifications WHERE created_at < $1`, [cutoffs.outbox]],
      ]),
    };
  }

  /** How many rows of operational data are due now (for the status page). */
  async operationalDue(cutoffs: {
    sessions: Date;
    loginAttempts: Date;
    outbox: Date;
    audit: Date;
  }): Promise<Record<'sessions' | 'login-attempts' | 'outbox-and-notifications' | 'audit-entries', number>> {
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM sessions WHERE COALESCE(LEAST(revoked_at, expires_at), expires_at) < $1)
           + (SELECT count(*) FROM family_sessions WHERE COALESCE(LEAST(ended_at, expires_at), expires_at) < $1) AS sessions,
         (SELECT count(*) FROM audit_events WHERE occurred_at < $2 AND meeting_id IS NULL AND type LIKE 'auth.%'
             AND NOT (details ? 'tombstone'))
           + (SELECT count(*) FROM auth_attempt_limits WHERE window_started_at < $2) AS "loginAttempts",
         (SELECT count(*) FROM mail_outbox WHERE created_at < $3)
           + (SELECT count(*) FROM webhook_deliveries WHERE created_at < $3)
           + (SELECT count(*) FROM notifications WHERE created_at < $3) AS outbox,
         (SELECT count(*) FROM audit_events WHERE occurred_at < $4 AND meeting_id IS NULL AND type NOT LIKE 'auth.%'
             AND subject_type IS DISTINCT FROM 'child' AND subject_type IS DISTINCT FROM 'meeting' AND type NOT LIKE 'retention.%' AND type NOT LIKE 'legal-hold.%' AND NOT (details ? 'tombstone')) AS audit`,
      [cutoffs.sessions, cutoffs.loginAttempts, cutoffs.outbox, cutoffs.audit],
    )) as Record<string, string>[];
    return {
      sessions: Number(row?.sessions ?? 0),
      'login-attempts': Number(row?.loginAttempts ?? 0),
      'outbox-and-notifications': Number(row?.outbox ?? 0),
      'audit-entries': Number(row?.audit ?? 0),
    };
  }

  async tombstoneCount(): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM retention_tombstones`)) as {
      n: number;
    }[];
    return row?.n ?? 0;
  }

  // Runs

  async startRun(id: string, trigger: 'schedule' | 'manual', startedAt: Date): Promise<void> {
    await this.dataSource.query(`INSERT INTO retention_runs (id, trigger, started_at) VALUES ($1, $2, $3)`, [
      id,
      trigger,
      startedAt,
    ]);
  }

  async finishRun(
    id: string,
    finishedAt: Date,
    destroyed: Record<string, number>,
    error: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE retention_runs SET finished_at = $2, destroyed = $3, error = $4 WHERE id = $1`,
      [id, finishedAt, JSON.stringify(destroyed), error],
    );
  }

  async lastRun(): Promise<RetentionRunRow | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, trigger, started_at AS "startedAt", finished_at AS "finishedAt", destroyed, error
         FROM retention_runs ORDER BY started_at DESC LIMIT 1`,
    )) as RetentionRunRow[];
    return row ?? null;
  }

  // Legal holds

  /** Whether the subject exists (locked, so a destruction cannot pass it while the hold is written). */
  async lockSubject(manager: EntityManager, type: LegalHoldSubjectType, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      type === 'meeting'
        ? `SELECT 1 FROM meetings WHERE id = $1 FOR UPDATE`
        : `SELECT 1 FROM children WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows.length > 0;
  }

  async isDestroyed(manager: EntityManager, type: LegalHoldSubjectType, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM retention_tombstones WHERE subject_type = $1 AND subject_id = $2`,
      [type, id],
    );
    return rows.length > 0;
  }

  async activeHold(manager: EntityManager, type: LegalHoldSubjectType, id: string): Promise<LegalHoldRow | null> {
    const rows = await this.holds(manager, `h.lifted_at IS NULL AND h.subject_type = $1 AND h.subject_id = $2`, [
      type,
      id,
    ]);
    return rows[0] ?? null;
  }

  async holdById(manager: EntityManager, id: string, forUpdate = false): Promise<LegalHoldRow | null> {
    const rows = await this.holds(manager, `h.id = $1`, [id], forUpdate);
    return rows[0] ?? null;
  }

  async listHolds(): Promise<LegalHoldRow[]> {
    return this.holds(this.dataSource.manager, `true`, []);
  }

  async insertHold(
    manager: EntityManager,
    hold: { subjectType: LegalHoldSubjectType; subjectId: string; reason: string; placedBy: string; placedAt: Date },
  ): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO legal_holds (subject_type, subject_id, reason, placed_by, placed_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [hold.subjectType, hold.subjectId, hold.reason, hold.placedBy, hold.placedAt],
    )) as { id: string }[];
    return row!.id;
  }

  async liftHold(manager: EntityManager, id: string, by: string, at: Date, reason: string): Promise<void> {
    await manager.query(
      `UPDATE legal_holds SET lifted_by = $2, lifted_at = $3, lift_reason = $4 WHERE id = $1 AND lifted_at IS NULL`,
      [id, by, at, reason],
    );
  }

  private async holds(
    manager: EntityManager,
    where: string,
    params: unknown[],
    forUpdate = false,
  ): Promise<LegalHoldRow[]> {
    return manager.query(
      `SELECT h.id, h.subject_type AS "subjectType", h.subject_id AS "subjectId",
              CASE WHEN h.subject_type = 'meeting' THEN (SELECT m.reference FROM meetings m WHERE m.id = h.subject_id) END
                AS "subjectReference",
              h.reason, pu.display_name AS "placedBy", h.placed_at AS "placedAt",
              lu.display_name AS "liftedBy", h.lifted_at AS "liftedAt", h.lift_reason AS "liftReason"
         FROM legal_holds h
         JOIN users pu ON pu.id = h.placed_by
         LEFT JOIN users lu ON lu.id = h.lifted_by
        WHERE ${where}
        ORDER BY h.lifted_at IS NULL DESC, h.placed_at DESC
        ${forUpdate ? 'FOR UPDATE OF h' : ''}`,
      params,
    );
  }

  private async count(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
    const [row] = (await manager.query(`WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`, params)) as {
      n: number;
    }[];
    return row?.n ?? 0;
  }
}
