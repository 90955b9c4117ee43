import { Injectable } from '@nestjs/common';
import {
  type IntegrationRecordListResponse,
  integrationRecordHref,
  SEALED_RECORD_EXPORT_SCHEMA_VERSION,
} from '@roundtable/shared/integrations';
import { canDownloadRecord, canExportRecords, type RecordReader } from '@roundtable/shared/permissions';
import { holdsRestrictedContent, type SealedRecordVariant } from '@roundtable/shared/sealed-records';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError, type ServiceAccountPrincipal } from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { MeetingsService } from '../meetings/meetings.service';
import {
  NOT_YOUR_VERSION,
  OBSERVERS_CANNOT_EXPORT,
  ownVariant,
} from '../sealed-records/sealed-record-downloads.service';
import { SealedRecordRepository } from '../sealed-records/sealed-record.repository';
import { RecordExportRepository } from './record-export.repository';

/** The variant a service account reads: what a professional of its organisation who was not involved gets. */
export const SERVICE_ACCOUNT_VARIANT: SealedRecordVariant = 'shared';

const REASON_NEEDED = 'Enter why you need to read the restricted information in this record';

/** A JSON export as served: its exact stored bytes and their SHA-256. */
export interface RecordExportFile {
  json: Buffer;
  sha256: string;
  fileName: string;
}

const fileName = (reference: string, version: number, variant: SealedRecordVariant) =>
  `${reference.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'record'}-v${version}-${variant}.json`;

/**
 * The JSON export of sealed records (docs/INTEGRATIONS.md): for members under
 * the same rules as the PDF (their own version; the chair and auditors any,
 * auditors with a reason for restricted ones; observers never), and for
 * service accounts with `records:read`, the `shared` version of each sealed
 * record of their organisation's meetings. Every read is audited first.
 */
@Injectable()
export class RecordExportService {
  constructor(
    private readonly exports: RecordExportRepository,
    private readonly records: SealedRecordRepository,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
  ) {}

  async forMember(
    actor: AuthenticatedUser,
    meetingId: string,
    version: number,
    query: { variant?: string; reason?: string },
  ): Promise<RecordExportFile> {
    const reference = await this.records.findMeetingReference(meetingId);
    if (reference === null) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    let reader: RecordReader;
    if (actor.isAuditor) reader = 'auditor';
    else {
      const role = await this.meetings.findRole(meetingId, actor.id);
      if (role === null) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
      reader = role;
    }
    const variants = await this.records.findVariants(meetingId, version);
    if (variants.length === 0) {
      throw new DomainError('NotFound', `This strategy discussion has no sealed record version ${version}`);
    }
    const own = ownVariant(variants, actor.id);
    const variant = query.variant ?? own;
    if (variant === null) {
      throw new DomainError(
        'NotFound',
        reader === 'auditor'
          ? 'Name the version of the record to export: ?variant=complete, shared or audience-…'
          : 'This version was sealed before per-reader records and has no JSON export for you',
      );
    }
    const needsReason = reader === 'auditor' && holdsRestrictedContent(variant);
    if (needsReason && !query.reason) {
      throw new DomainError('ValidationFailed', `Invalid request – reason: ${REASON_NEEDED}`, [
        { path: 'reason', message: REASON_NEEDED },
      ]);
    }
    if (!canDownloadRecord(reader, variant, own)) {
      const observer = !canExportRecords(reader);
      await this.audit.recordAlone({
        type: 'access.refused',
        outcome: 'refused',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'sealed-record', id: `${meetingId}/${version}` },
        details: { reason: observer ? 'observer-cannot-export' : 'not-own-version', version, variant, format: 'json' },
      });
      throw new DomainError('Forbidden', observer ? OBSERVERS_CANNOT_EXPORT : NOT_YOUR_VERSION);
    }
    const stored = await this.exports.find(meetingId, version, variant, SEALED_RECORD_EXPORT_SCHEMA_VERSION);
    if (!stored) {
      await this.refuseIfRefusedAtSealing(meetingId, version, variant);
      throw new DomainError('NotFound', `Version ${version} of this record has no JSON export (sealed before exports)`);
    }
    await this.audit.recordAlone({
      type: 'record.exported',
      actor: auditActor(actor),
      meetingId,
      subject: { type: 'sealed-record-export', id: stored.id },
      details: {
        version,
        variant,
        format: 'json',
        schemaVersion: SEALED_RECORD_EXPORT_SCHEMA_VERSION,
        sha256: stored.sha256,
        as: reader === 'auditor' ? 'auditor' : 'member',
        ...(needsReason ? { reason: query.reason } : {}),
      },
    });
    return { json: stored.json, sha256: stored.sha256, fileName: fileName(reference, version, variant) };
  }

  /** The sealed versions of the organisation's meetings, newest first (audited: who listed, how many). */
  async listForServiceAccount(
    account: ServiceAccountPrincipal,
    query: { before?: string; limit: number },
  ): Promise<IntegrationRecordListResponse> {
    const rows = await this.exports.listForOrganisation(
      account.agency,
      account.organisation,
      SEALED_RECORD_EXPORT_SCHEMA_VERSION,
      query.before ? new Date(query.before) : null,
      query.limit + 1,
    );
    const page = rows.slice(0, query.limit);
    await this.audit.recordAlone({
      type: 'service-account.records-listed',
      actor: { userId: account.userId, agency: account.agency },
      subject: { type: 'service-account-token', id: account.tokenId },
      details: { count: page.length, ...(query.before ? { before: query.before } : {}) },
    });
    const last = page.at(-1);
    return {
      organisation: account.organisation,
      records: page.map((r) => ({
        meetingId: r.meetingId,
        reference: r.reference,
        type: r.type,
        version: r.version,
        reason: r.reason,
        sealedAt: new Date(r.sealedAt).toISOString(),
        sha256: r.sha256,
        href: integrationRecordHref(r.meetingId, r.version),
      })),
      nextBefore: rows.length > query.limit && last ? new Date(last.sealedAt).toISOString() : null,
    };
  }

  /**
   * One sealed version's `shared` export, for a service account of an
   * organisation one of whose professionals is a member; anything else is
   * 404, as for a meeting that does not exist. Audited as `record.exported`.
   */
  async forServiceAccount(
    account: ServiceAccountPrincipal,
    meetingId: string,
    version: number,
  ): Promise<RecordExportFile> {
    const reference = await this.records.findMeetingReference(meetingId);
    if (
      reference === null ||
      !(await this.exports.meetingOfOrganisation(meetingId, account.agency, account.organisation))
    ) {
      throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    }
    const stored = await this.exports.find(
      meetingId,
      version,
      SERVICE_ACCOUNT_VARIANT,
      SEALED_RECORD_EXPORT_SCHEMA_VERSION,
    );
    if (!stored) {
      await this.refuseIfRefusedAtSealing(meetingId, version, SERVICE_ACCOUNT_VARIANT);
      throw new DomainError('NotFound', `This meeting has no sealed record version ${version} with a JSON export`);
    }
    await this.audit.recordAlone({
      type: 'record.exported',
      actor: { userId: account.userId, agency: account.agency },
      meetingId,
      subject: { type: 'sealed-record-export', id: stored.id },
      details: {
        version,
        variant: SERVICE_ACCOUNT_VARIANT,
        format: 'json',
        schemaVersion: SEALED_RECORD_EXPORT_SCHEMA_VERSION,
        sha256: stored.sha256,
        as: 'service-account',
        tokenId: account.tokenId,
      },
    });
    return {
      json: stored.json,
      sha256: stored.sha256,
      fileName: fileName(reference, version, SERVICE_ACCOUNT_VARIANT),
    };
  }

  /**
   * A version sealed without its JSON export because the export failed its schema at sealing is not a
   * bare "not found": 409 says so, where it failed (paths, no content) and that the PDF and HTML are sealed.
   */
  private async refuseIfRefusedAtSealing(meetingId: string, version: number, variant: string): Promise<void> {
    const refusal = await this.records.findExportRefusal(meetingId, version, variant);
    if (refusal === null) return;
    const where = refusal.issues.length > 0 ? ` at ${refusal.issues.map((i) => i.path || '(root)').join(', ')}` : '';
    const why = refusal.error
      ? 'it could not be made'
      : `it did not match schema version ${refusal.schemaVersion}${where}`;
    throw new DomainError(
      'Conflict',
      `Version ${version} of this record was sealed without its JSON export: the export was refused at sealing ` +
        `because ${why}. Its PDF and HTML were sealed; ` +
        'auditors see why in its record.sealed audit entry',
    );
  }
}
