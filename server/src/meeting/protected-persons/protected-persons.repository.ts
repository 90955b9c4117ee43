import { Injectable } from '@nestjs/common';
import type { Agency } from '@roundtable/shared/constants';
import type { Attribution, Audience, ProtectedPersonRole } from '@roundtable/shared/need-to-know';
import type { EntityManager } from 'typeorm';

/** A protected person as stored, with who added them: the service decides who reads the name. */
export interface ProtectedPersonRecord {
  id: string;
  meetingId: string;
  role: ProtectedPersonRole;
  label: string;
  name: string;
  audience: Audience | null;
  ownerAgency: Agency;
  revision: number;
  addedBy: Attribution;
  addedAt: Date;
}

export interface NewProtectedPerson {
  meetingId: string;
  role: ProtectedPersonRole;
  label: string;
  name: string;
  audience: Audience;
  ownerAgency: Agency;
  addedBy: string;
}

interface Row {
  id: string;
  meeting_id: string;
  role: ProtectedPersonRole;
  label: string;
  name: string;
  audience: Audience | null;
  owner_agency: Agency;
  revision: number;
  added_at: Date;
  added_by: string;
  added_by_name: string;
  added_by_agency: Agency;
  added_by_organisation: string | null;
}

const SELECT = `
  SELECT p.id, p.meeting_id, p.role, p.label, p.name, p.audience, p.owner_agency, p.revision, p.added_at,
         p.added_by, u.display_name AS added_by_name, u.agency AS added_by_agency,
         u.organisation AS added_by_organisation
    FROM protected_persons p JOIN users u ON u.id = p.added_by`;

function toRecord(row: Row): ProtectedPersonRecord {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    role: row.role,
    label: row.label,
    name: row.name,
    audience: row.audience,
    ownerAgency: row.owner_agency,
    revision: row.revision,
    addedBy: {
      userId: row.added_by,
      displayName: row.added_by_name,
      agency: row.added_by_agency,
      organisation: row.added_by_organisation,
    },
    addedAt: new Date(row.added_at),
  };
}

/** `protected_persons` and `protected_person_shares`. Every method runs in the caller's manager or transaction. */
@Injectable()
export class ProtectedPersonsRepository {
  /** The meeting's protected persons, oldest first. */
  async listForMeeting(manager: EntityManager, meetingId: string): Promise<ProtectedPersonRecord[]> {
    const rows: Row[] = await manager.query(`${SELECT} WHERE p.meeting_id = $1 ORDER BY p.added_at, p.id`, [meetingId]);
    return rows.map(toRecord);
  }

  /** One of the meeting's protected persons, or null. */
  async findOne(manager: EntityManager, meetingId: string, id: string): Promise<ProtectedPersonRecord | null> {
    const rows: Row[] = await manager.query(`${SELECT} WHERE p.meeting_id = $1 AND p.id = $2`, [meetingId, id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** One of the meeting's protected persons, its row locked FOR UPDATE until the transaction ends; null if none. */
  async lockOne(tx: EntityManager, meetingId: string, id: string): Promise<ProtectedPersonRecord | null> {
    const rows: Row[] = await tx.query(`${SELECT} WHERE p.meeting_id = $1 AND p.id = $2 FOR UPDATE OF p`, [
      meetingId,
      id,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async insert(tx: EntityManager, person: NewProtectedPerson): Promise<ProtectedPersonRecord> {
    const [created] = (await tx.query(
      `INSERT INTO protected_persons (meeting_id, role, label, name, audience, owner_agency, added_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id`,
      [
        person.meetingId,
        person.role,
        person.label,
        person.name,
        JSON.stringify(person.audience),
        person.ownerAgency,
        person.addedBy,
      ],
    )) as { id: string }[];
    return (await this.lockOne(tx, person.meetingId, created!.id))!;
  }

  /** Widens (or lifts, null) who may know the name, one revision on, and records the change with its reason. */
  async share(
    tx: EntityManager,
    person: ProtectedPersonRecord,
    audience: Audience | null,
    reason: string,
    sharedBy: string,
  ): Promise<{ record: ProtectedPersonRecord; shareId: string }> {
    await tx.query(`UPDATE protected_persons SET audience = $2::jsonb, revision = revision + 1 WHERE id = $1`, [
      person.id,
      audience === null ? null : JSON.stringify(audience),
    ]);
    const [share] = (await tx.query(
      `INSERT INTO protected_person_shares (protected_person_id, audience_from, audience_to, reason, shared_by)
       VALUES ($1, $2::jsonb, $3::jsonb, $4, $5) RETURNING id`,
      [
        person.id,
        JSON.stringify(person.audience),
        audience === null ? null : JSON.stringify(audience),
        reason,
        sharedBy,
      ],
    )) as { id: string }[];
    return { record: (await this.lockOne(tx, person.meetingId, person.id))!, shareId: share!.id };
  }
}
