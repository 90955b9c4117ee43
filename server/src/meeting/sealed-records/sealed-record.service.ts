import { createHash } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AudienceMember, FamilyFacingItem } from '@roundtable/shared/need-to-know';
import type { SealedRecordReason, SealedRecordVariant } from '@roundtable/shared/sealed-records';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit';
import { DomainError } from '../../platform';
import { MeetingBroadcasts } from '../meeting-broadcasts';
import { FamilyFacingService } from '../family-facing/family-facing.service';
import { MeetingsService } from '../meetings/meetings.service';
import { toFamilyVersion } from './family-version';
import { familySafetyPlan, safetyPlanHash } from '../family-view/family-content';
import { withSealedPlanHash } from './family-participation-section';
import { planReaderVersions, restrictedItems, toReaderVersion } from './reader-versions';
import { renderRecordHtml } from './record-html.renderer';
import { renderRecordPdf } from './record-pdf.renderer';
import { SEALED_RECORD_EXPORT_SCHEMA_VERSION } from '@roundtable/shared/integrations';
import { toRecordExport } from '../record-export/record-export.mapper';
import { RecordExportRepository } from '../record-export/record-export.repository';
import { SealedRecordModelBuilder } from './sealed-record-model.builder';
import { type MeetingRow, SealedRecordSourcesRepository } from './sealed-record-sources.repository';
import { SealedRecordRepository } from './sealed-record.repository';
import type { SealedRecordModel } from './sealed-record.model';

/** What seals a version: the meeting's conclusion (version 1), or an addendum's sign-off (each later one). */
export type SealTrigger = { kind: 'concluded' } | { kind: 'addendum'; addendumId: string };

interface RenderedFile {
  bytes: Buffer;
  sha256: string;
}
type RenderedVariant = {
  variant: SealedRecordVariant;
  readers: string[];
  html: RenderedFile;
  pdf: RenderedFile;
  /** The reader-version model both files were rendered from (and the JSON export is made from). */
  model: SealedRecordModel;
};

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const file = (bytes: Buffer): RenderedFile => ({ bytes, sha256: sha256(bytes) });

/**
 * Renders a complete model for every audience that exists (complete, each
 * `audience-…`, shared) and the family version, to HTML and PDF, each with the
 * members it is sealed for. Pure apart from the CPU time.
 */
export async function renderVariants(
  full: SealedRecordModel,
  members: readonly AudienceMember[],
  familyFacing: readonly FamilyFacingItem[],
): Promise<RenderedVariant[]> {
  const plans = planReaderVersions(restrictedItems(full), members);
  const family = toFamilyVersion(full, familyFacing);
  // Each family signature is checked against the family-facing safety plan sealed here (the text they are shown).
  const sealedPlanHash = safetyPlanHash(familySafetyPlan(family));
  const signed = (model: SealedRecordModel): SealedRecordModel =>
    model.family ? { ...model, family: withSealedPlanHash(model.family, sealedPlanHash) } : model;
  const models = [
    ...plans.map((plan) => ({
      model: signed(toReaderVersion(full, plan.variant, plan.readable)),
      readers: plan.readers,
    })),
    { model: signed(family), readers: [] },
  ];
  const variants: RenderedVariant[] = [];
  for (const { model, readers } of models) {
    variants.push({
      variant: model.variant,
      readers,
      html: file(Buffer.from(renderRecordHtml(model), 'utf8')),
      pdf: file(await renderRecordPdf(model)),
      model,
    });
  }
  return variants;
}

/**
 * Seals a concluded strategy discussion's final record (DOMAIN.md §3.5, §6
 * "Records"): builds one complete model, renders it for every reader's
 * audience and as the family version, to HTML and PDF, and stores the files
 * with their SHA-256, their readers and the `record.sealed` audit entry (with
 * every hash) in one transaction.
 * Append-only: an addendum's sign-off seals a new version, earlier ones stay.
 */
@Injectable()
export class SealedRecordService {
  private readonly logger = new Logger(SealedRecordService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: SealedRecordRepository,
    private readonly sources: SealedRecordSourcesRepository,
    private readonly builder: SealedRecordModelBuilder,
    private readonly meetings: MeetingsService,
    private readonly familyFacing: FamilyFacingService,
    private readonly audit: AuditService,
    private readonly exports: RecordExportRepository,
    // Provided by the realtime area; absent where no live channel runs (e.g. the CLI).
    @Optional() private readonly broadcasts?: MeetingBroadcasts,
  ) {}

  /**
   * Seals the version a trigger calls for and returns its number. Idempotent:
   * a trigger already sealed (a listener run twice) returns the existing
   * version and writes nothing. An addendum signed off before version 1 was
   * sealed (its listener failed) seals version 1 first. After the commit, the
   * meeting's room is told of the newest version sealed (`record:sealed`).
   */
  async seal(meetingId: string, trigger: SealTrigger): Promise<number> {
    let sealedNew = false;
    const version = await this.dataSource.transaction(async (tx) => {
      sealedNew = false;
      // One sealing per meeting at a time: version numbers follow the order they are sealed in.
      await this.records.lockMeetingForSealing(tx, meetingId);
      const meeting = await this.sources.findMeeting(tx, meetingId);
      if (!meeting) throw new DomainError('MeetingNotFound', 'No strategy discussion with that id was found');
      if (meeting.status !== 'concluded') {
        throw new DomainError('Conflict', 'Only a concluded strategy discussion has a sealed record');
      }
      const first = await this.sealedVersion(tx, meetingId, { kind: 'concluded' });
      if (trigger.kind === 'concluded') {
        if (first !== null) return first;
        sealedNew = true;
        return this.sealVersion(tx, meeting, 1, null);
      }
      const existing = await this.sealedVersion(tx, meetingId, trigger);
      if (existing !== null) return existing;
      const addendum = await this.sources.findAddendumState(tx, trigger.addendumId);
      if (!addendum || addendum.meetingId !== meetingId) {
        throw new DomainError('NotFound', 'No addendum with that id was found in this strategy discussion');
      }
      if (!addendum.signedOff) throw new DomainError('Conflict', 'An addendum is sealed only once it is signed off');
      if (first === null) await this.sealVersion(tx, meeting, 1, null);
      sealedNew = true;
      return this.sealVersion(
        tx,
        meeting,
        (await this.records.findLatestVersion(tx, meetingId)) + 1,
        trigger.addendumId,
      );
    });
    this.logger.log({ event: 'record-sealed', meetingId, version, trigger: trigger.kind }, 'record sealed');
    if (sealedNew) this.broadcastSealed(meetingId, version);
    return version;
  }

  /** Best effort: the version is sealed; a client that misses this lists the versions when it (re)joins. */
  private broadcastSealed(meetingId: string, version: number): void {
    try {
      this.broadcasts?.recordSealed({ meetingId, version });
    } catch (error) {
      this.logger.error(
        { event: 'record-sealed-broadcast-failed', meetingId, version, error: (error as Error).name },
        'could not broadcast a sealed record version',
      );
    }
  }

  /**
   * Seals what is missing: version 1 of every concluded meeting without one,
   * and a version for every signed-off addendum without one (listeners that
   * never ran, e.g. the process stopped between the commit and the listener).
   * Returns how many versions were sealed; a failure is logged and skipped.
   */
  async sealOutstanding(): Promise<number> {
    const pending = await this.records.findOutstanding();
    let sealed = 0;
    for (const row of pending) {
      const trigger: SealTrigger = row.addendumId
        ? { kind: 'addendum', addendumId: row.addendumId }
        : { kind: 'concluded' };
      try {
        await this.seal(row.meetingId, trigger);
        sealed++;
      } catch (error) {
        this.logger.error(
          { event: 'record-seal-failed', meetingId: row.meetingId, error: (error as Error).name },
          'an outstanding record could not be sealed',
        );
      }
    }
    return sealed;
  }

  /** The version this trigger sealed, or null when it has not sealed one yet. */
  private sealedVersion(tx: EntityManager, meetingId: string, trigger: SealTrigger): Promise<number | null> {
    return trigger.kind === 'concluded'
      ? this.records.findConcludedVersion(tx, meetingId)
      : this.records.findAddendumVersion(tx, meetingId, trigger.addendumId);
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
    const members = await this.meetings.audienceMembers(meeting.id, tx);
    const variants = await renderVariants(full, members, await this.familyFacing.list(tx, meeting.id));
    for (const v of variants) {
      await this.records.insertFile(tx, {
        meetingId: meeting.id,
        version,
        variant: v.variant,
        readers: v.readers,
        reason,
        addendumId,
        html: v.html.bytes,
        htmlSha256: v.html.sha256,
        pdf: v.pdf.bytes,
        pdfSha256: v.pdf.sha256,
        createdAt: sealedAt,
      });
    }
    const exported = await this.storeExports(tx, meeting, version, variants);
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
              // Who it was sealed for, as user ids (the family version: nobody in the meeting).
              readers: v.readers,
              // The JSON export of a member version (docs/INTEGRATIONS.md); none for the family version.
              ...(exported.has(v.variant) ? { jsonSha256: exported.get(v.variant) } : {}),
            },
          ]),
        ),
      },
    });
    return version;
  }

  /**
   * The JSON export of each member version (not the family's), from the model its PDF was rendered
   * from. An export that does not match its published schema is logged and left out: the PDF and
   * HTML are sealed all the same. Returns each variant's export SHA-256.
   */
  private async storeExports(
    tx: EntityManager,
    meeting: MeetingRow,
    version: number,
    variants: readonly RenderedVariant[],
  ): Promise<Map<SealedRecordVariant, string>> {
    const hashes = new Map<SealedRecordVariant, string>();
    for (const v of variants) {
      if (v.variant === 'family') continue;
      let json: Buffer;
      try {
        json = Buffer.from(
          JSON.stringify(toRecordExport(v.model, meeting.type, { pdfSha256: v.pdf.sha256, htmlSha256: v.html.sha256 })),
          'utf8',
        );
      } catch (error) {
        this.logger.error(
          {
            event: 'record-export-invalid',
            meetingId: meeting.id,
            version,
            variant: v.variant,
            error: (error as Error).name,
          },
          'the JSON export of a sealed version did not match its schema; sealed without it',
        );
        continue;
      }
      const sha = sha256(json);
      await this.exports.insert(tx, {
        meetingId: meeting.id,
        version,
        variant: v.variant,
        schemaVersion: SEALED_RECORD_EXPORT_SCHEMA_VERSION,
        json,
        sha256: sha,
      });
      hashes.set(v.variant, sha);
    }
    return hashes;
  }
}
