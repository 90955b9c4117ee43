import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { memberHasAccessSql } from '../meetings/member-access';

/** A child's record as stored (children table). */
export interface ChildRow {
  id: string;
  name: string;
  dateOfBirth: string | null;
  caseSystemId: string | null;
  nhsNumber: string | null;
  householdId: string;
  lcppUserId: string | null;
}

export interface NewChildRow {
  name: string;
  dateOfBirth: string | null;
  caseSystemId: string | null;
  nhsNumber: string | null;
  /** The household of a sibling; null for a new household. */
  householdId: string | null;
  createdBy: string;
}

const CHILD_COLUMNS = `c.id, c.name, c.date_of_birth::text AS "dateOfBirth", c.case_system_id AS "caseSystemId",
  c.nhs_number AS "nhsNumber", c.household_id AS "householdId", c.lcpp_user_id AS "lcppUserId"`;

/** Children's records, their households and who may see them (children, households, household_members). */
@Injectable()
export class ChildrenRepository {
  async findById(tx: EntityManager, childId: string): Promise<ChildRow | null> {
    const rows: ChildRow[] = await tx.query(`SELECT ${CHILD_COLUMNS} FROM children c WHERE c.id = $1`, [childId]);
    return rows[0] ?? null;
  }

  /**
   * The child, when the user may know of them: a member of a meeting about the
   * child, the child's LCPP, or a team manager in the LCPP's organisation.
   */
  async findKnownTo(tx: EntityManager, childId: string, userId: string): Promise<ChildRow | null> {
    const rows: ChildRow[] = await tx.query(
      `SELECT ${CHILD_COLUMNS} FROM children c
        WHERE c.id = $1 AND (
          c.lcpp_user_id = $2
          OR EXISTS (SELECT 1 FROM meeting_children mc JOIN meeting_members mm ON mm.meeting_id = mc.meeting_id
                      WHERE mc.child_id = c.id AND mm.user_id = $2 AND ${memberHasAccessSql('mm')})
          OR EXISTS (SELECT 1 FROM users manager JOIN users lcpp ON lcpp.id = c.lcpp_user_id
                      WHERE manager.id = $2 AND manager.team_manager
                        AND manager.organisation IS NOT DISTINCT FROM lcpp.organisation))`,
      [childId, userId],
    );
    return rows[0] ?? null;
  }

  /** The child holding a case-system ID or an NHS number, if any (identifiers are unique). */
  async findByIdentifier(
    tx: EntityManager,
    identifier: { caseSystemId?: string | null; nhsNumber?: string | null },
  ): Promise<ChildRow | null> {
    const rows: ChildRow[] = await tx.query(
      `SELECT ${CHILD_COLUMNS} FROM children c WHERE c.case_system_id = $1 OR c.nhs_number = $2 LIMIT 1`,
      [identifier.caseSystemId ?? null, identifier.nhsNumber ?? null],
    );
    return rows[0] ?? null;
  }

  /** Inserts a child, in a new household unless a sibling's is given, inside the caller's transaction. */
  async insert(tx: EntityManager, child: NewChildRow): Promise<ChildRow> {
    let householdId = child.householdId;
    if (!householdId) {
      const [household] = (await tx.query(`INSERT INTO households DEFAULT VALUES RETURNING id`)) as { id: string }[];
      householdId = household!.id;
    }
    const rows: ChildRow[] = await tx.query(
      `INSERT INTO children AS c (name, date_of_birth, case_system_id, nhs_number, household_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CHILD_COLUMNS}`,
      [child.name, child.dateOfBirth, child.caseSystemId, child.nhsNumber, householdId, child.createdBy],
    );
    return rows[0]!;
  }
}
