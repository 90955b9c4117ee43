import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { Attribution, Audience } from '@roundtable/shared/need-to-know';
import type { DocumentKind } from '@roundtable/shared/realtime';
import type { DataSource, EntityManager } from 'typeorm';

/** A compartment as read, with its creator's name (null for one the start-up migration moved). */
export interface CompartmentRecord {
  id: string;
  meetingId: string;
  documentKind: DocumentKind;
  sectionKey: string;
  ownerAgency: Agency;
  audience: Audience | null;
  createdBy: Attribution | null;
  createdAt: Date;
  revision: number;
}

interface CompartmentRow {
  id: string;
  meeting_id: string;
  document_kind: DocumentKind;
  section_key: string;
  owner_agency: Agency;
  audience: Audience | null;
  created_by: string | null;
  creator_name: string | null;
  creator_agency: Agency | null;
  creator_organisation: string | null;
  created_at: Date;
  revision: number;
}

const SELECT = `SELECT c.id, c.meeting_id, c.document_kind, c.section_key, c.owner_agency, c.audience, c.created_by,
                       u.display_name AS creator_name, u.agency AS creator_agency,
                       u.organisation AS creator_organisation, c.created_at, c.revision
                  FROM compartments c LEFT JOIN users u ON u.id = c.created_by`;

function toRecord(row: CompartmentRow): CompartmentRecord {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    documentKind: row.document_kind,
    sectionKey: row.section_key,
    ownerAgency: row.owner_agency,
    audience: row.audience,
    createdBy:
      row.created_by && row.creator_name && row.creator_agency
        ? {
            userId: row.created_by,
            displayName: row.creator_name,
            agency: row.creator_agency,
            organisation: row.creator_organisation,
          }
        : null,
    createdAt: row.created_at,
    revision: row.revision,
  };
}

/** What a new compartment is made of. */
export interface NewCompartment {
  id: string;
  meetingId: string;
  documentKind: DocumentKind;
  sectionKey: string;
  ownerAgency: Agency;
  audience: Audience;
  createdBy: string | null;
}

/** `compartments`: who may open each restricted compartment of a meeting. */
@Injectable()
export class CompartmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, compartment: NewCompartment): Promise<CompartmentRecord> {
    await tx.query(
      `INSERT INTO compartments (id, meeting_id, document_kind, section_key, owner_agency, audience, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        compartment.id,
        compartment.meetingId,
        compartment.documentKind,
        compartment.sectionKey,
        compartment.ownerAgency,
        JSON.stringify(compartment.audience),
        compartment.createdBy,
      ],
    );
    const created = await this.find(tx, compartment.meetingId, compartment.id);
    if (!created) throw new Error('inserted compartment not found');
    return created;
  }

  /** How many compartments a meeting has (the per-meeting cap). */
  async count(tx: EntityManager, meetingId: string): Promise<number> {
    const rows: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM compartments WHERE meeting_id = $1`, [
      meetingId,
    ]);
    return rows[0]?.n ?? 0;
  }

  /** Every compartment of a meeting, oldest first. */
  async findForMeeting(manager: EntityManager, meetingId: string): Promise<CompartmentRecord[]> {
    const rows: CompartmentRow[] = await manager.query(
      `${SELECT} WHERE c.meeting_id = $1 ORDER BY c.created_at, c.id`,
      [meetingId],
    );
    return rows.map(toRecord);
  }

  async find(manager: EntityManager, meetingId: string, id: string): Promise<CompartmentRecord | null> {
    const rows: CompartmentRow[] = await manager.query(`${SELECT} WHERE c.meeting_id = $1 AND c.id = $2`, [
      meetingId,
      id,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Reads one compartment outside any transaction (the collab upgrade, read afresh each time). */
  findNow(meetingId: string, id: string): Promise<CompartmentRecord | null> {
    return this.find(this.dataSource.manager, meetingId, id);
  }

  /** Locks a compartment's row until `tx` ends (changes to one compartment apply one at a time). */
  async lock(tx: EntityManager, meetingId: string, id: string): Promise<CompartmentRecord | null> {
    const locked: { id: string }[] = await tx.query(
      `SELECT id FROM compartments WHERE meeting_id = $1 AND id = $2 FOR UPDATE`,
      [meetingId, id],
    );
    return locked.length > 0 ? this.find(tx, meetingId, id) : null;
  }

  /** Widens or lifts (null) the audience, one revision on. */
  async setAudience(
    tx: EntityManager,
    meetingId: string,
    id: string,
    audience: Audience | null,
  ): Promise<CompartmentRecord> {
    await tx.query(
      `UPDATE compartments SET audience = $3::jsonb, revision = revision + 1 WHERE meeting_id = $1 AND id = $2`,
      [meetingId, id, audience === null ? null : JSON.stringify(audience)],
    );
    const changed = await this.find(tx, meetingId, id);
    if (!changed) throw new Error('changed compartment not found');
    return changed;
  }
}
