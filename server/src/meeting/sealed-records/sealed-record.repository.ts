import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SealedRecordFormat, SealedRecordReason, SealedRecordVariant } from '@roundtable/shared/sealed-records';
import type { DataSource, EntityManager } from 'typeorm';
import type { JsonExportRefusal } from '../record-export/record-export.mapper';

/** One variant of a sealed version as stored: both renderings with their SHA-256. */
export interface NewSealedRecordFile {
  meetingId: string;
  version: number;
  variant: SealedRecordVariant;
  /** The members it was sealed for (user ids). */
  readers: string[];
  reason: SealedRecordReason;
  addendumId: string | null;
  html: Buffer;
  htmlSha256: string;
  pdf: Buffer;
  pdfSha256: string;
  /** Why its JSON export was refused at sealing; null when exported (and for the family version). */
  jsonExportRefusal: JsonExportRefusal | null;
  createdAt: Date;
}

/** A stored variant without its bytes: their hashes and sizes. */
export interface SealedRecordFileSummary {
  version: number;
  variant: SealedRecordVariant;
  readers: string[];
  reason: SealedRecordReason;
  addendumId: string | null;
  createdAt: Date;
  htmlSha256: string;
  htmlBytes: number;
  pdfSha256: string;
  pdfBytes: number;
}

/** A trigger with no sealed version yet: a concluded meeting's (addendumId null) or a signed-off addendum's. */
export interface OutstandingSeal {
  meetingId: string;
  addendumId: string | null;
}

/**
 * The sealed records table (append-only: the database refuses changes), and
 * the meeting's reference its files are named after. Methods taking a manager
 * run in the caller's transaction; the others use the data source.
 */
@Injectable()
export class SealedRecordRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes the meeting's transaction-scoped advisory sealing lock: one sealing
   * per meeting at a time, so version numbers follow the order they are sealed in.
   */
  async lockMeetingForSealing(tx: EntityManager, meetingId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`roundtable:sealed-record:${meetingId}`]);
  }

  /** The version sealed on the meeting's conclusion, or null. */
  async findConcludedVersion(tx: EntityManager, meetingId: string): Promise<number | null> {
    const [row] = (await tx.query(
      `SELECT version FROM sealed_records WHERE meeting_id = $1 AND reason = 'concluded' LIMIT 1`,
      [meetingId],
    )) as { version: number }[];
    return row ? row.version : null;
  }

  /** The version sealed on an addendum's sign-off, or null. */
  async findAddendumVersion(tx: EntityManager, meetingId: string, addendumId: string): Promise<number | null> {
    const [row] = (await tx.query(
      `SELECT version FROM sealed_records WHERE meeting_id = $1 AND addendum_id = $2 LIMIT 1`,
      [meetingId, addendumId],
    )) as { version: number }[];
    return row ? row.version : null;
  }

  /** The meeting's highest sealed version; 0 when none is sealed. */
  async findLatestVersion(tx: EntityManager, meetingId: string): Promise<number> {
    const [row] = (await tx.query(
      `SELECT COALESCE(max(version), 0) AS version FROM sealed_records WHERE meeting_id = $1`,
      [meetingId],
    )) as { version: number }[];
    return Number(row?.version ?? 0);
  }

  async insertFile(tx: EntityManager, file: NewSealedRecordFile): Promise<void> {
    await tx.query(
      `INSERT INTO sealed_records
         (meeting_id, version, variant, reason, addendum_id, html, html_sha256, pdf, pdf_sha256, created_at, readers,
          json_export_refusal)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::uuid[], $12::jsonb)`,
      [
        file.meetingId,
        file.version,
        file.variant,
        file.reason,
        file.addendumId,
        file.html,
        file.htmlSha256,
        file.pdf,
        file.pdfSha256,
        file.createdAt,
        file.readers,
        file.jsonExportRefusal === null ? null : JSON.stringify(file.jsonExportRefusal),
      ],
    );
  }

  /**
   * Concluded meetings without version 1 and signed-off addenda without a
   * version, in the order they happened.
   */
  async findOutstanding(): Promise<OutstandingSeal[]> {
    const rows = (await this.dataSource.query(
      `SELECT m.id AS meeting_id, NULL::uuid AS addendum_id, m.concluded_at AS at FROM meetings m
        WHERE m.status = 'concluded'
          AND NOT EXISTS (SELECT 1 FROM sealed_records s WHERE s.meeting_id = m.id AND s.reason = 'concluded')
       UNION ALL
       SELECT a.meeting_id, a.id, a.signed_off_at FROM meeting_addenda a
        WHERE a.signed_off_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM sealed_records s WHERE s.addendum_id = a.id)
       ORDER BY at`,
    )) as { meeting_id: string; addendum_id: string | null }[];
    return rows.map((r) => ({ meetingId: r.meeting_id, addendumId: r.addendum_id }));
  }

  /** Every stored variant of the meeting, newest version first: complete, the audiences, shared, family. */
  async findFileSummaries(meetingId: string): Promise<SealedRecordFileSummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT version, variant, readers, reason, addendum_id, created_at, html_sha256,
              octet_length(html) AS html_bytes, pdf_sha256, octet_length(pdf) AS pdf_bytes
         FROM sealed_records WHERE meeting_id = $1
        ORDER BY version DESC,
                 CASE variant WHEN 'complete' THEN 0 WHEN 'shared' THEN 2 WHEN 'family' THEN 3 ELSE 1 END, variant`,
      [meetingId],
    )) as {
      version: number;
      variant: SealedRecordVariant;
      readers: string[];
      reason: SealedRecordReason;
      addendum_id: string | null;
      created_at: Date;
      html_sha256: string;
      html_bytes: number;
      pdf_sha256: string;
      pdf_bytes: number;
    }[];
    return rows.map((r) => ({
      version: r.version,
      variant: r.variant,
      readers: r.readers,
      reason: r.reason,
      addendumId: r.addendum_id,
      createdAt: r.created_at,
      htmlSha256: r.html_sha256,
      htmlBytes: Number(r.html_bytes),
      pdfSha256: r.pdf_sha256,
      pdfBytes: Number(r.pdf_bytes),
    }));
  }

  /** The variants sealed for one version and who each was sealed for. */
  async findVariants(
    meetingId: string,
    version: number,
  ): Promise<{ variant: SealedRecordVariant; readers: string[] }[]> {
    return (await this.dataSource.query(
      `SELECT variant, readers FROM sealed_records WHERE meeting_id = $1 AND version = $2`,
      [meetingId, version],
    )) as { variant: SealedRecordVariant; readers: string[] }[];
  }

  /** Why that variant's JSON export was refused at sealing, or null (exported, not sealed, or before exports). */
  async findExportRefusal(meetingId: string, version: number, variant: string): Promise<JsonExportRefusal | null> {
    const [row] = (await this.dataSource.query(
      `SELECT json_export_refusal AS refusal FROM sealed_records WHERE meeting_id = $1 AND version = $2 AND variant = $3`,
      [meetingId, version, variant],
    )) as { refusal: JsonExportRefusal | null }[];
    return row?.refusal ?? null;
  }

  /** One stored file's bytes and SHA-256 (with its row's id), or null when that version is not sealed. */
  async findFile(
    meetingId: string,
    version: number,
    variant: SealedRecordVariant,
    format: SealedRecordFormat,
  ): Promise<{ id: string; bytes: Buffer; sha256: string } | null> {
    const column = format === 'pdf' ? 'pdf' : 'html';
    const [row] = (await this.dataSource.query(
      `SELECT id, ${column} AS bytes, ${column}_sha256 AS sha256 FROM sealed_records
        WHERE meeting_id = $1 AND version = $2 AND variant = $3`,
      [meetingId, version, variant],
    )) as { id: string; bytes: Buffer; sha256: string }[];
    return row ?? null;
  }

  /** The meeting's reference, or null when there is no such meeting. */
  async findMeetingReference(meetingId: string): Promise<string | null> {
    const [meeting] = (await this.dataSource.query(`SELECT reference FROM meetings WHERE id = $1`, [meetingId])) as {
      reference: string;
    }[];
    return meeting ? meeting.reference : null;
  }
}
