import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SealedRecordReason, SealedRecordVariant } from '@roundtable/shared/sealed-records';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit';
import { DomainError } from '../../platform';
import { toFamilyVersion } from './family-version';
import { renderRecordHtml } from './record-html.renderer';
import { renderRecordPdf } from './record-pdf.renderer';
import { SealedRecordModelBuilder } from './sealed-record-model.builder';
import { loadAddendumState, loadMeetingRow, type MeetingRow } from './sealed-record-sources';
import type { SealedRecordModel } from './sealed-record.model';

/** What seals a version: the meeting's conclusion (version 1), or an addendum's sign-off (each later one). */
export type SealTrigger = { kind: 'concluded' } | { kind: 'addendum'; addendumId: string };

interface RenderedFile {
  bytes: Buffer;
  sha256: string;
}
type RenderedVariant = { variant: SealedRecordVariant; html: RenderedFile; pdf: RenderedFile };

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const file = (bytes: Buffer): RenderedFile => ({ bytes, sha256: sha256(bytes) });

/** Renders both variants of a full model to HTML and PDF. Pure apart from the CPU time. */
export async function renderVariants(full: SealedRecordModel): Promise<RenderedVariant[]> {
  const variants: RenderedVariant[] = [];
  for (const model of [full, toFamilyVersion(full)]) {
    variants.push({
      variant: model.variant,
      html: file(Buffer.from(renderRecordHtml(model), 'utf8')),
      pdf: file(await renderRecordPdf(model)),
    });
  }
  return variants;
}

/**
 * Seals a concluded strategy discussion's final record (DOMAIN.md §3.5, §6
 * "Records"): builds one model, renders the full record and the family
 * version to HTML and PDF, and stores the four files with their SHA-256 and
 * the `record.sealed` audit entry (with every hash) in one transaction.
 * Append-only: an addendum's sign-off seals a new version, earlier ones stay.
 */
@Injectable()
export class SealedRecordService {
  private readonly logger = new Logger(SealedRecordService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly builder: SealedRecordModelBuilder,
    private readonly audit: AuditService,
  ) {}

  /**
   * Seals the version a trigger calls for and returns its number. Idempotent:
   * a trigger already sealed (a listener run twice) returns the existing
   * version and writes nothing. An addendum signed off before version 1 was
   * sealed (its listener failed) seals version 1 first.
   */
  async seal(meetingId: string, trigger: SealTrigger): Promise<number> {
    const version = await this.dataSource.transaction(async (tx) => {
      // One sealing per meeting at a time: version numbers follow the order they are sealed in.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `roundtable:sealed-record:${meetingId}`,
      ]);
      const meeting = await loadMeetingRow(tx, meetingId);
      if (!meeting) throw new DomainError('MeetingNotFound', 'No strategy discussion with that id was found');
      if (meeting.status !== 'concluded') {
        throw new DomainError('Conflict', 'Only a concluded strategy discussion has a sealed record');
      }
      const first = await this.sealedVersion(tx, meetingId, { kind: 'concluded' });
      if (trigger.kind === 'concluded') return first ?? (await this.sealVersion(tx, meeting, 1, null));
      const existing = await this.sealedVersion(tx, meetingId, trigger);
      if (existing !== null) return existing;
      const addendum = await loadAddendumState(tx, trigger.addendumId);
      if (!addendum || addendum.meetingId !== meetingId) {
        throw new DomainError('NotFound', 'No addendum with that id was found in this strategy discussion');
      }
      if (!addendum.signedOff) throw new DomainError('Conflict', 'An addendum is sealed only once it is signed off');
      if (first === null) await this.sealVersion(tx, meeting, 1, null);
      return this.sealVersion(tx, meeting, (await this.latestVersion(tx, meetingId)) + 1, trigger.addendumId);
    });
    this.logger.log({ event: 'record-sealed', meetingId, version, trigger: trigger.kind }, 'record sealed');
    return version;
  }

  /**
   * Seals what is missing: version 1 of every concluded meeting without one,
   * and a version for every signed-off addendum without one (listeners that
   * never ran, e.g. the process stopped between the commit and the listener).
   * Returns how many versions were sealed; a failure is logged and skipped.
   */
  async sealOutstanding(): Promise<number> {
    const pending = (await this.dataSource.query(
      `SELECT m.id AS meeting_id, NULL::uuid AS addendum_id, m.concluded_at AS at FROM meetings m
        WHERE m.status = 'concluded'
          AND NOT EXISTS (SELECT 1 FROM sealed_records s WHERE s.meeting_id = m.id AND s.reason = 'concluded')
       UNION ALL
       SELECT a.meeting_id, a.id, a.signed_off_at FROM meeting_addenda a
        WHERE a.signed_off_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM sealed_records s WHERE s.addendum_id = a.id)
       ORDER BY at`,
    )) as { meeting_id: string; addendum_id: string | null }[];
    let sealed = 0;
    for (const row of pending) {
      const trigger: SealTrigger = row.addendum_id
        ? { kind: 'addendum', addendumId: row.addendum_id }
        : { kind: 'concluded' };
      try {
        await this.seal(row.meeting_id, trigger);
        sealed++;
      } catch (error) {
        this.logger.error(
          { event: 'record-seal-failed', meetingId: row.meeting_id, error: (error as Error).name },
          'an outstanding record could not be sealed',
        );
      }
    }
    return sealed;
  }

  private async sealedVersion(tx: EntityManager, meetingId: string, trigger: SealTrigger): Promise<number | null> {
    const [row] = (await (trigger.kind === 'concluded'
      ? tx.query(`SELECT version FROM sealed_records WHERE meeting_id = $1 AND reason = 'concluded' LIMIT 1`, [
          meetingId,
        ])
      : tx.query(`SELECT version FROM sealed_records WHERE meeting_id = $1 AND addendum_id = $2 LIMIT 1`, [
          meetingId,
          trigger.addendumId,
        ]))) as { version: number }[];
    return row ? row.version : null;
  }

  private async latestVersion(tx: EntityManager, meetingId: string): Promise<number> {
    const [row] = (await tx.query(
      `SELECT COALESCE(max(version), 0) AS version FROM sealed_records WHERE meeting_id = $1`,
      [meetingId],
    )) as { version: number }[];
    return Number(row?.version ?? 0);
  }

  /** Builds, renders and stores one version, then appends its audit entry (last: it serialises the chain). */
  private async sealVersion(
    tx: EntityManager,
    meeting: MeetingRow,
    version: number,
    addendumId: string | null,
  ): Promise<number> {
    const reason: SealedRecordReason = addendumId ? 'addendum' : 'concluded';
    const sealedAt = new Date();
    const full = await this.builder.build(tx, meeting, { version, reason, sealedAt });
    const variants = await renderVariants(full);
    for (const v of variants) {
      await tx.query(
        `INSERT INTO sealed_records
           (meeting_id, version, variant, reason, addendum_id, html, html_sha256, pdf, pdf_sha256, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          meeting.id,
          version,
          v.variant,
          reason,
          addendumId,
          v.html.bytes,
          v.html.sha256,
          v.pdf.bytes,
          v.pdf.sha256,
          sealedAt,
        ],
      );
    }
    // Hashes, sizes and ids only: the record's content never enters the audit trail.
    await this.audit.record(tx, {
      type: 'record.sealed',
      actor: null,
      meetingId: meeting.id,
      subject: { type: 'sealed-record', id: `${meeting.id}/${version}` },
      details: {
        version,
        reason,
        addendumId,
        files: Object.fromEntries(
          variants.map((v) => [
            v.variant,
            {
              htmlSha256: v.html.sha256,
              htmlBytes: v.html.bytes.length,
              pdfSha256: v.pdf.sha256,
              pdfBytes: v.pdf.bytes.length,
            },
          ]),
        ),
      },
    });
    return version;
  }
}
