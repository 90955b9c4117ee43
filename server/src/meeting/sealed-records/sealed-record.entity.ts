import type { SealedRecordReason, SealedRecordVariant } from '@roundtable/shared/sealed-records';
import type { JsonExportRefusal } from '../record-export/record-export.mapper';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One variant of one version of a meeting's sealed record: the exact bytes
 * served for download and their SHA-256 (hex; CHECK constraints bind each
 * hash to its bytes). Append-only: never updated or deleted.
 */
@Entity('sealed_records')
export class SealedRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  variant: SealedRecordVariant;

  @Column({ type: 'text' })
  reason: SealedRecordReason;

  /** The members this variant was sealed for (user ids); empty for the family version and versions sealed before per-reader records. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  readers: string[];

  @Column({ name: 'addendum_id', type: 'uuid', nullable: true })
  addendumId: string | null;

  /** UTF-8 bytes of the HTML page. Not selected unless asked for. */
  @Column({ type: 'bytea', select: false })
  html: Buffer;

  @Column({ name: 'html_sha256', type: 'text' })
  htmlSha256: string;

  /** The PDF's bytes. Not selected unless asked for. */
  @Column({ type: 'bytea', select: false })
  pdf: Buffer;

  @Column({ name: 'pdf_sha256', type: 'text' })
  pdfSha256: string;

  /**
   * Why this member version's JSON export was refused at sealing (its schema version, the zod issues'
   * paths and codes); null when it was exported, for the family version, and before exports.
   */
  @Column({ name: 'json_export_refusal', type: 'jsonb', nullable: true })
  jsonExportRefusal: JsonExportRefusal | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
