import { createHash } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AudienceMember, FamilyFacingItem } from '@roundtable/shared/need-to-know';
import type { SealedRecordReason, SealedRecordVariant } from '@roundtable/shared/sealed-records';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit';
import { DomainError, Metrics } from '../../platform';
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
import { exportRecord, type JsonExportRefusal } from '../record-export/record-export.mapper';
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

/** A member version's JSON export as made at sealing: its bytes, or why it was refused. */
type MadeExport = { ok: true; json: Buffer; sha256: string } | { ok: false; refusal: JsonExportRefusal };

/** A refused export, told (log line, metric) once the version is committed. */
interface RefusedExport {
  meetingId: string;
  version: number;
  variant: SealedRecordVariant;
  refusal: JsonExportRefusal;
}

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
    private readonly metrics: Metrics,
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
    let refused: RefusedExport[] = [];
    const version = await this.dataSource.transaction(async (tx) => {
      sealedNew = false;
      refused = [];
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
        return this.sealVersion(tx, meeting, 1, null, refused);
      }
      const existing = await this.sealedVersion(tx, meetingId, trigger);
      if (existing !== null) return existing;
      const addendum = await this.sources.findAddendumState(tx, trigger.addendumId);
      if (!addendum || addendum.meetingId !== meetingId) {
        throw new DomainError('NotFound', 'No addendum with that id was found in this strategy discussion');
      }
      if (!addendum.signedOff) throw new DomainError('Conflict', 'An addendum is sealed only once it is signed off');
      if (first === null) await this.sealVersion(tx, meeting, 1, null, refused);
      sealedNew = true;
      return this.sealVersion(
        tx,
        meeting,
        (await this.records.findLatestVersion(tx, meetingId)) + 1,
        trigger.addendumId,
        refused,
      );
    });
    this.logger.log({ event: 'record-sealed', meetingId, version, trigger: trigger.kind }, 'record sealed');
    for (const r of refused) this.reportRefusedExport(r);
    if (sealedNew) this.broadcastSealed(meetingId, version);
    return version;
  }

  /** A version was sealed without one of its JSON exports: loud (an error log line, a metric), never silent. */
  private reportRefusedExport(r: RefusedExport): void {
    this.metrics.recordExportRefused();
    this.logger.error(
      {
        event: 'record-export-invalid',
        meetingId: r.meetingId,
        version: r.version,
        variant: r.variant,
        schemaVersion: r.refusal.schemaVersion,
        issues: r.refusal.issues.map((i) => `${i.path} (${i.code})`),
        ...(r.refusal.error ? { error: r.refusal.error } : {}),
      },
      'the JSON export of a sealed version did not match its schema; sealed without it, refusal recorded',
    );
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

  /**
   * Builds, renders and stores one version, then appends its audit entry (last: it serialises the chain).
   * A member version whose JSON export fails its schema is sealed all the same (PDF and HTML): the chair
   * must be able to conclude a child protection meeting whatever the export's format says. The refusal
   * is kept on the version's row and in the audit entry, and added to `refused` for after the commit.
   */
  private async sealVersion(
    tx: EntityManager,
    meeting: MeetingRow,
    version: number,
    addendumId: string | null,
    refused: RefusedExport[],
  ): Promise<number> {
    const reason: SealedRecordReason = addendumId ? 'addendum' : 'concluded';
    const sealedAt = new Date();
    const full = await this.builder.build(tx, meeting, { version, reason, sealedAt });
    const members = await this.meetings.audienceMembers(meeting.id, tx);
    const variants = await renderVariants(full, members, await this.familyFacing.list(tx, meeting.id));
    const exported = this.makeExports(meeting, variants);
    for (const v of variants) {
      const made = exported.get(v.variant);
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
        jsonExportRefusal: made && !made.ok ? made.refusal : null,
        createdAt: sealedAt,
      });
      if (made?.ok) {
        await this.exports.insert(tx, {
          meetingId: meeting.id,
          version,
          variant: v.variant,
          schemaVersion: SEALED_RECORD_EXPORT_SCHEMA_VERSION,
          json: made.json,
          sha256: made.sha256,
        });
      } else if (made) {
        refused.push({ meetingId: meeting.id, version, variant: v.variant, refusal: made.refusal });
      }
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
              // Who it was sealed for, as user ids (the family version: nobody in the meeting).
              readers: v.readers,
              // The JSON export of a member version (docs/INTEGRATIONS.md), or why it was refused (paths and
              // codes, no content); neither for the family version.
              ...jsonExportDetails(exported.get(v.variant)),
            },
          ]),
        ),
      },
    });
    return version;
  }

  /**
   * The JSON export of each member version (not the family's), from the model its PDF was rendered
   * from, checked against its published schema: its bytes, or why it was refused. Pure apart from the
   * CPU time; a mapping that throws is a refusal too (the version is still sealed).
   */
  private makeExports(meeting: MeetingRow, variants: readonly RenderedVariant[]): Map<SealedRecordVariant, MadeExport> {
    const made = new Map<SealedRecordVariant, MadeExport>();
    for (const v of variants) {
      if (v.variant === 'family') continue;
      let result: ReturnType<typeof exportRecord>;
      try {
        result = exportRecord(v.model, meeting.type, { pdfSha256: v.pdf.sha256, htmlSha256: v.html.sha256 });
      } catch (error) {
        const refusal = {
          schemaVersion: SEALED_RECORD_EXPORT_SCHEMA_VERSION,
          issues: [],
          issueCount: 0,
          error: (error as Error).name,
        };
        made.set(v.variant, { ok: false, refusal });
        continue;
      }
      if (!result.ok) {
        made.set(v.variant, { ok: false, refusal: result.refusal });
        continue;
      }
      const json = Buffer.from(JSON.stringify(result.export), 'utf8');
      made.set(v.variant, { ok: true, json, sha256: sha256(json) });
    }
    return made;
  }
}

/** A variant's export in the `record.sealed` entry: its SHA-256, or `jsonExportRefused` and why. */
function jsonExportDetails(made: MadeExport | undefined): Record<string, unknown> {
  if (!made) return {};
  return made.ok ? { jsonSha256: made.sha256 } : { jsonExportRefused: made.refusal };
}
