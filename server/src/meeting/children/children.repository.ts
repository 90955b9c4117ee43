import { Injectable } from '@nestjs/common';
import type { Agency } from '@roundtable/shared/constants';
import type { PersonRef } from '@roundtable/shared/decisions';
import type { HouseholdMember } from '@roundtable/shared/pathway';
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

/** The identity fields a correction may change; a field left out stays as it is. */
export type ChildIdentityChange = Partial<Pick<ChildRow, 'name' | 'dateOfBirth' | 'caseSystemId' | 'nhsNumber'>>;

/**
 * What a reader is to a child: the facts every need-to-know rule about the
 * child's record is decided from (ChildAccess in child-access.ts).
 */
export interface ChildReaderFacts {
  child: ChildRow;
  /** The reader is the child's lead child protection practitioner. */
  isLcpp: boolean;
  /** The reader chairs a meeting about the child. */
  chairsAMeeting: boolean;
  /** The reader is a team manager in the organisation of the child's LCPP. */
  managesTheLcpp: boolean;
  /** The reader is a member of a meeting about the child (any role). */
  memberOfAMeeting: boolean;
  /** The reader is a member of a plan meeting (ICPC, core group, review conference) about the child. */
  memberOfAPlanMeeting: boolean;
  readerIsTeamManager: boolean;
  readerOrganisation: string | null;
}

/** An account that may be named the child's LCPP. */
export interface LcppCandidate {
  id: string;
  organisation: string | null;
  active: boolean;
  isAuditor: boolean;
}

const CHILD_COLUMNS = `c.id, c.name, c.date_of_birth::text AS "dateOfBirth", c.case_system_id AS "caseSystemId",
  c.nhs_number AS "nhsNumber", c.household_id AS "householdId", c.lcpp_user_id AS "lcppUserId"`;

/** True when the user is a member (any role, access not lapsed) of a meeting about the child `alias`. */
const memberOfMeetingAboutSql = (alias: string, user: string, extra = '') =>
  `EXISTS (SELECT 1 FROM meeting_children kmc
             JOIN meeting_members kmm ON kmm.meeting_id = kmc.meeting_id
             JOIN meetings km ON km.id = kmc.meeting_id
            WHERE kmc.child_id = ${alias}.id AND kmm.user_id = ${user} AND ${memberHasAccessSql('kmm')} ${extra})`;

/**
 * True when the user is a team manager in the organisation of the child's
 * LCPP. An account without an organisation is in no one's team.
 */
const managesLcppSql = (alias: string, user: string) =>
  `EXISTS (SELECT 1 FROM users manager JOIN users lcpp ON lcpp.id = ${alias}.lcpp_user_id
            WHERE manager.id = ${user} AND manager.team_manager AND manager.disabled_at IS NULL
              AND manager.organisation = lcpp.organisation)`;

/**
 * The one need-to-know rule of who may know of a child at all: the child's
 * LCPP, a member of a meeting about the child, or a team manager of the LCPP.
 */
const knownToSql = (alias: string, user: string) =>
  `(${alias}.lcpp_user_id = ${user} OR ${memberOfMeetingAboutSql(alias, user)} OR ${managesLcppSql(alias, user)})`;

/** Children's records, their households and who may see them (children, households, household_members). */
@Injectable()
export class ChildrenRepository {
  async findById(tx: EntityManager, childId: string): Promise<ChildRow | null> {
    const rows: ChildRow[] = await tx.query(`SELECT ${CHILD_COLUMNS} FROM children c WHERE c.id = $1`, [childId]);
    return rows[0] ?? null;
  }

  /** The child, when the user may know of them (knownToSql); null otherwise, as for a child that does not exist. */
  async findKnownTo(tx: EntityManager, childId: string, userId: string): Promise<ChildRow | null> {
    const rows: ChildRow[] = await tx.query(
      `SELECT ${CHILD_COLUMNS} FROM children c WHERE c.id = $1 AND ${knownToSql('c', '$2')}`,
      [childId, userId],
    );
    return rows[0] ?? null;
  }

  /** What the reader is to the child, or null when the child does not exist. `lock` holds the child's row until `tx` ends. */
  async findReaderFacts(
    tx: EntityManager,
    childId: string,
    userId: string,
    lock = false,
  ): Promise<ChildReaderFacts | null> {
    const rows: (ChildRow & Omit<ChildReaderFacts, 'child'>)[] = await tx.query(
      `SELECT ${CHILD_COLUMNS},
              coalesce(c.lcpp_user_id = reader.id, false) AS "isLcpp",
              ${memberOfMeetingAboutSql('c', 'reader.id', `AND kmm.role = 'chair'`)} AS "chairsAMeeting",
              ${managesLcppSql('c', 'reader.id')} AS "managesTheLcpp",
              ${memberOfMeetingAboutSql('c', 'reader.id')} AS "memberOfAMeeting",
              ${memberOfMeetingAboutSql('c', 'reader.id', `AND km.meeting_type IN ('icpc', 'core-group', 'review-conference')`)}
                AS "memberOfAPlanMeeting",
              reader.team_manager AS "readerIsTeamManager", reader.organisation AS "readerOrganisation"
         FROM children c CROSS JOIN users reader
        WHERE c.id = $1 AND reader.id = $2
        ${lock ? 'FOR UPDATE OF c' : ''}`,
      [childId, userId],
    );
    const row = rows[0];
    if (!row) return null;
    const { isLcpp, chairsAMeeting, managesTheLcpp, memberOfAMeeting, memberOfAPlanMeeting, ...rest } = row;
    const { readerIsTeamManager, readerOrganisation, ...child } = rest;
    return {
      child,
      isLcpp,
      chairsAMeeting,
      managesTheLcpp,
      memberOfAMeeting,
      memberOfAPlanMeeting,
      readerIsTeamManager,
      readerOrganisation,
    };
  }

  /**
   * The children whose whole record the user sees (childRecordScope 'all'):
   * they are the child's LCPP, chair a meeting about the child, or are a
   * team manager of the LCPP. By name.
   */
  findSeenWhole(tx: EntityManager, userId: string): Promise<ChildRow[]> {
    return tx.query(
      `SELECT ${CHILD_COLUMNS} FROM children c
        WHERE c.lcpp_user_id = $1
           OR ${memberOfMeetingAboutSql('c', '$1', `AND kmm.role = 'chair'`)}
           OR ${managesLcppSql('c', '$1')}
        ORDER BY c.name, c.id`,
      [userId],
    );
  }

  /** Children holding the identifier whom the user may know of (GET /api/children). */
  findKnownByIdentifier(
    tx: EntityManager,
    userId: string,
    identifier: { caseSystemId?: string; nhsNumber?: string },
  ): Promise<ChildRow[]> {
    return tx.query(
      `SELECT ${CHILD_COLUMNS} FROM children c
        WHERE (c.case_system_id = $2 OR c.nhs_number = $3) AND ${knownToSql('c', '$1')}
        ORDER BY c.name, c.id`,
      [userId, identifier.caseSystemId ?? null, identifier.nhsNumber ?? null],
    );
  }

  /** The child holding a case-system ID or an NHS number, if any (identifiers are unique), other than `exceptId`. */
  async findByIdentifier(
    tx: EntityManager,
    identifier: { caseSystemId?: string | null; nhsNumber?: string | null },
    exceptId: string | null = null,
  ): Promise<ChildRow | null> {
    const rows: ChildRow[] = await tx.query(
      `SELECT ${CHILD_COLUMNS} FROM children c
        WHERE (c.case_system_id = $1 OR c.nhs_number = $2) AND c.id IS DISTINCT FROM $3 LIMIT 1`,
      [identifier.caseSystemId ?? null, identifier.nhsNumber ?? null, exceptId],
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

  /** Changes the child's identity fields; an identifier another child holds fails with a unique violation. */
  async updateIdentity(tx: EntityManager, childId: string, change: ChildIdentityChange): Promise<void> {
    const columns: Record<keyof ChildIdentityChange, string> = {
      name: 'name',
      dateOfBirth: 'date_of_birth',
      caseSystemId: 'case_system_id',
      nhsNumber: 'nhs_number',
    };
    const fields = (Object.keys(columns) as (keyof ChildIdentityChange)[]).filter((f) => change[f] !== undefined);
    if (fields.length === 0) return;
    await tx.query(
      `UPDATE children SET ${fields.map((f, i) => `${columns[f]} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [childId, ...fields.map((f) => change[f])],
    );
  }

  async setLcpp(tx: EntityManager, childId: string, lcppUserId: string | null): Promise<void> {
    await tx.query(`UPDATE children SET lcpp_user_id = $2 WHERE id = $1`, [childId, lcppUserId]);
  }

  /** The account to be named LCPP, or null when there is none with that id. */
  async findLcppCandidate(tx: EntityManager, userId: string): Promise<LcppCandidate | null> {
    const rows: LcppCandidate[] = await tx.query(
      `SELECT id, organisation, disabled_at IS NULL AS active, is_auditor AS "isAuditor" FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** The adults of a household, in the order they were listed. */
  findHousehold(tx: EntityManager, householdId: string): Promise<HouseholdMember[]> {
    return tx.query(
      `SELECT name, relationship, parental_responsibility AS "parentalResponsibility"
         FROM household_members WHERE household_id = $1 ORDER BY position`,
      [householdId],
    );
  }

  /** Replaces the adults of a household (the child's and their siblings'), inside the caller's transaction. */
  async replaceHousehold(tx: EntityManager, householdId: string, members: readonly HouseholdMember[]): Promise<void> {
    await tx.query(`DELETE FROM household_members WHERE household_id = $1`, [householdId]);
    for (const [position, member] of members.entries()) {
      await tx.query(
        `INSERT INTO household_members (household_id, position, name, relationship, parental_responsibility)
         VALUES ($1, $2, $3, $4, $5)`,
        [householdId, position, member.name, member.relationship, member.parentalResponsibility],
      );
    }
  }

  /**
   * The child's siblings (the same household), eldest first; with
   * `knownTo`, only those that user may know of.
   */
  findSiblings(tx: EntityManager, child: ChildRow, knownTo: string | null): Promise<ChildRow[]> {
    return tx.query(
      `SELECT ${CHILD_COLUMNS} FROM children c
        WHERE c.household_id = $1 AND c.id <> $2 AND ($3::uuid IS NULL OR ${knownToSql('c', '$3')})
        ORDER BY c.date_of_birth NULLS LAST, c.name, c.id`,
      [child.householdId, child.id, knownTo],
    );
  }

  /** A person as decisions and actions show them, or null. */
  async findPerson(tx: EntityManager, userId: string): Promise<PersonRef | null> {
    const rows: PersonRef[] = await tx.query(
      `SELECT id AS "userId", display_name AS "displayName", agency FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /**
   * The agencies of the members of the meetings about the child; with
   * `memberOnly`, of the meetings that user belongs to.
   */
  async findAgencies(tx: EntityManager, childId: string, memberOnly: string | null): Promise<Agency[]> {
    const rows: { agency: Agency }[] = await tx.query(
      `SELECT DISTINCT u.agency FROM meeting_children mc
         JOIN meeting_members mm ON mm.meeting_id = mc.meeting_id AND ${memberHasAccessSql('mm')}
         JOIN users u ON u.id = mm.user_id
        WHERE mc.child_id = $1
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM meeting_members rm
                WHERE rm.meeting_id = mc.meeting_id AND rm.user_id = $2 AND ${memberHasAccessSql('rm')}))`,
      [childId, memberOnly],
    );
    return rows.map((r) => r.agency);
  }
}
