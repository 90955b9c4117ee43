import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { MeetingType } from '@roundtable/shared/pathway';
import type { SealedRecordReason } from '@roundtable/shared/sealed-records';
import type { DataSource, EntityManager } from 'typeorm';

export interface StoredExport {
  id: string;
  json: Buffer;
  sha256: string;
}

/** One sealed version of a meeting, as a service account lists it. */
export interface OrganisationRecordRow {
  meetingId: string;
  reference: string;
  type: MeetingType;
  version: number;
  reason: SealedRecordReason;
  sealedAt: Date;
  sha256: string;
}

/**
 * `sealed_record_exports` (append-only, as `sealed_records`): the JSON export
 * of each member version, stored in the sealing transaction.
 */
@Injectable()
export class RecordExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    tx: EntityManager,
    row: { meetingId: string; version: number; variant: string; schemaVersion: number; json: Buffer; sha256: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO sealed_record_exports (meeting_id, version, variant, schema_version, json, json_sha256)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.meetingId, row.version, row.variant, row.schemaVersion, row.json, row.sha256],
    );
  }

  async find(meetingId: string, version: number, variant: string, schemaVersion: number): Promise<StoredExport | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, json, json_sha256 AS sha256 FROM sealed_record_exports
        WHERE meeting_id = $1 AND version = $2 AND variant = $3 AND schema_version = $4`,
      [meetingId, version, variant, schemaVersion],
    )) as StoredExport[];
    return row ?? null;
  }

  /**
   * Whether the meeting belongs to the organisation: a professional of that
   * agency and organisation is one of its members (an invitee too).
   */
  async meetingOfOrganisation(meetingId: string, agency: Agency, organisation: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM meeting_members mm JOIN users u ON u.id = mm.user_id
        WHERE mm.meeting_id = $1 AND u.kind = 'person' AND u.agency = $2 AND u.organisation = $3 LIMIT 1`,
      [meetingId, agency, organisation],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The `shared` exports of the organisation's meetings, newest first, sealed before `before`. */
  async listForOrganisation(
    agency: Agency,
    organisation: string,
    schemaVersion: number,
    before: Date | null,
    limit: number,
  ): Promise<OrganisationRecordRow[]> {
    return (await this.dataSource.query(
      `SELECT e.meeting_id AS "meetingId", m.reference, m.meeting_type AS type, e.version, r.reason, r.created_at AS "sealedAt",
              e.json_sha256 AS sha256
         FROM sealed_record_exports e
         JOIN sealed_records r ON r.meeting_id = e.meeting_id AND r.version = e.version AND r.variant = e.variant
         JOIN meetings m ON m.id = e.meeting_id
        WHERE e.variant = 'shared' AND e.schema_version = $3
          AND EXISTS (SELECT 1 FROM meeting_members mm JOIN users u ON u.id = mm.user_id
                       WHERE mm.meeting_id = e.meeting_id AND u.kind = 'person' AND u.agency = $1 AND u.organisation = $2)
          AND ($4::timestamptz IS NULL OR r.created_at < $4)
        ORDER BY r.created_at DESC, e.meeting_id, e.version DESC
        LIMIT $5`,
      [agency, organisation, schemaVersion, before, limit],
    )) as OrganisationRecordRow[];
  }
}
