import { Injectable } from '@nestjs/common';
import {
  canDownloadRecord,
  canExportRecords,
  listedRecordVariants,
  type RecordReader,
} from '@roundtable/shared/permissions';
import {
  type SealedRecordFormat,
  type SealedRecordListResponse,
  type SealedRecordVariant,
  holdsRestrictedContent,
  sealedRecordFileName,
  sealedRecordHref,
  sealedRecordVariantLabel,
} from '@roundtable/shared/sealed-records';
import { type FamilyRecordVersions, familyRecordHref } from '@roundtable/shared/family-view';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError, type FamilyPrincipal } from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { MeetingsService } from '../meetings/meetings.service';
import { SealedRecordRepository } from './sealed-record.repository';

/** One file as served: its bytes, their SHA-256 (as stored), and how to name it. */
export interface SealedRecordDownload {
  bytes: Buffer;
  sha256: string;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPES: Record<SealedRecordFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
};

const REASON_NEEDED = 'Enter why you need to read the restricted information in this record';

export const OBSERVERS_CANNOT_EXPORT = 'Observers can read the record but cannot download or export it';

export const NOT_YOUR_VERSION =
  'This version of the record is for other readers. Download your own version or the family version';

interface Access {
  reader: RecordReader;
  userId: string;
  reference: string;
}

/**
 * The variant of one sealed version that is a member's own: the one sealed
 * for them, else `shared` (they joined after it was sealed), else none (a
 * version sealed before per-reader records: only the family version).
 */
export function ownVariant(
  variants: readonly { variant: SealedRecordVariant; readers: readonly string[] }[],
  userId: string,
): SealedRecordVariant | null {
  const mine = variants.find((v) => v.readers.includes(userId));
  if (mine) return mine.variant;
  return variants.some((v) => v.variant === 'shared') ? 'shared' : null;
}

/**
 * Sealed records are listed for members of the meeting and safeguarding
 * partner reviewers (auditors). A member is shown, and may download, their
 * own version and the family version; the chair and auditors every version
 * (`listedRecordVariants`, `canDownloadRecord`; observers read only, no
 * export: DOMAIN.md §7). Every
 * download is audited (`record.exported`) before a byte is sent; a refused
 * attempt is audited as a refusal.
 */
@Injectable()
export class SealedRecordDownloadsService {
  constructor(
    private readonly records: SealedRecordRepository,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
  ) {}

  /** Every sealed version with the SHA-256 and size of each file, newest first. */
  async list(actor: AuthenticatedUser, meetingId: string): Promise<SealedRecordListResponse> {
    const access = await this.access(actor, meetingId);
    const all = await this.records.findFileSummaries(meetingId);
    const own = new Map<number, SealedRecordVariant | null>();
    for (const version of new Set(all.map((r) => r.version))) {
      own.set(
        version,
        ownVariant(
          all.filter((r) => r.version === version),
          access.userId,
        ),
      );
    }
    const rows = all.filter((row) =>
      listedRecordVariants(access.reader, [row.variant], own.get(row.version) ?? null).includes(row.variant),
    );
    const versions = new Map<number, SealedRecordListResponse['versions'][number]>();
    for (const row of rows) {
      const version = versions.get(row.version) ?? {
        version: row.version,
        reason: row.reason,
        addendumId: row.addendumId,
        sealedAt: row.createdAt.toISOString(),
        files: [],
      };
      versions.set(row.version, version);
      const href = (format: SealedRecordFormat) => sealedRecordHref(meetingId, row.version, row.variant, format);
      const label = sealedRecordVariantLabel(row.variant);
      version.files.push(
        {
          variant: row.variant,
          label,
          format: 'pdf',
          sha256: row.pdfSha256,
          bytes: row.pdfBytes,
          href: href('pdf'),
        },
        {
          variant: row.variant,
          label,
          format: 'html',
          sha256: row.htmlSha256,
          bytes: row.htmlBytes,
          href: href('html'),
        },
      );
    }
    return {
      meetingId,
      reference: access.reference,
      canDownload: canExportRecords(access.reader),
      versions: [...versions.values()],
    };
  }

  /** One sealed file, audited as `record.exported` with its version, variant, format and hash. */
  async download(
    actor: AuthenticatedUser,
    meetingId: string,
    request: { version: number; variant: SealedRecordVariant; format: SealedRecordFormat; reason?: string },
  ): Promise<SealedRecordDownload> {
    const access = await this.access(actor, meetingId);
    const { version, variant, format, reason } = request;
    // Auditors read restricted content only through justified access (DOMAIN.md §7), as for record history.
    const needsReason = access.reader === 'auditor' && holdsRestrictedContent(variant);
    const justification = needsReason ? reason : undefined;
    if (needsReason && !justification) {
      throw new DomainError('ValidationFailed', `Invalid request – reason: ${REASON_NEEDED}`, [
        { path: 'reason', message: REASON_NEEDED },
      ]);
    }
    const own = ownVariant(await this.records.findVariants(meetingId, version), access.userId);
    if (!canDownloadRecord(access.reader, variant, own)) {
      const observer = !canExportRecords(access.reader);
      await this.audit.recordAlone({
        type: 'access.refused',
        outcome: 'refused',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'sealed-record', id: `${meetingId}/${version}` },
        details: { reason: observer ? 'observer-cannot-export' : 'not-own-version', version, variant, format },
      });
      throw new DomainError('Forbidden', observer ? OBSERVERS_CANNOT_EXPORT : NOT_YOUR_VERSION);
    }
    const row = await this.records.findFile(meetingId, version, variant, format);
    if (!row) {
      throw new DomainError('NotFound', `This strategy discussion has no sealed record version ${version}`);
    }
    await this.audit.recordAlone({
      type: 'record.exported',
      actor: auditActor(actor),
      meetingId,
      subject: { type: 'sealed-record', id: row.id },
      details: {
        version,
        variant,
        format,
        sha256: row.sha256,
        as: access.reader === 'auditor' ? 'auditor' : 'member',
        ...(justification ? { reason: justification } : {}),
      },
    });
    return {
      bytes: row.bytes,
      sha256: row.sha256,
      contentType: CONTENT_TYPES[format],
      fileName: sealedRecordFileName(access.reference, version, variant, format),
    };
  }

  /** A signed-in family member's list: the family version of each sealed version of their meeting, newest first. */
  async familyList(family: FamilyPrincipal): Promise<FamilyRecordVersions> {
    const reference = await this.records.findMeetingReference(family.meetingId);
    if (reference === null) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    const rows = (await this.records.findFileSummaries(family.meetingId)).filter((r) => r.variant === 'family');
    return {
      reference,
      versions: rows.map((row) => ({
        version: row.version,
        sealedAt: row.createdAt.toISOString(),
        files: [
          { format: 'pdf', sha256: row.pdfSha256, bytes: row.pdfBytes, href: familyRecordHref(row.version, 'pdf') },
          { format: 'html', sha256: row.htmlSha256, bytes: row.htmlBytes, href: familyRecordHref(row.version, 'html') },
        ],
      })),
    };
  }

  /**
   * The family version of one sealed version, for a signed-in family member of
   * that meeting (never another variant: the route names only `family`),
   * audited as `family.record-downloaded` (actor none: family members are not
   * users; subject the family member) before a byte is sent.
   */
  async familyDownload(
    family: FamilyPrincipal,
    request: { version: number; format: SealedRecordFormat },
  ): Promise<SealedRecordDownload> {
    const reference = await this.records.findMeetingReference(family.meetingId);
    if (reference === null) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    const row = await this.records.findFile(family.meetingId, request.version, 'family', request.format);
    if (!row) throw new DomainError('NotFound', `There is no version ${request.version} of the record of your meeting`);
    await this.audit.recordAlone({
      type: 'family.record-downloaded',
      actor: null,
      meetingId: family.meetingId,
      subject: { type: 'family-participant', id: family.participantId },
      details: {
        sealedRecordId: row.id,
        version: request.version,
        variant: 'family',
        format: request.format,
        sha256: row.sha256,
      },
    });
    return {
      bytes: row.bytes,
      sha256: row.sha256,
      contentType: CONTENT_TYPES[request.format],
      fileName: sealedRecordFileName(reference, request.version, 'family', request.format),
    };
  }

  /** Members by role; auditors of any meeting; anyone else gets MeetingNotFound, as for no meeting at all. */
  private async access(actor: AuthenticatedUser, meetingId: string): Promise<Access> {
    const reference = await this.records.findMeetingReference(meetingId);
    if (reference === null) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    if (actor.isAuditor) return { reader: 'auditor', userId: actor.id, reference };
    const role = await this.meetings.findRole(meetingId, actor.id);
    if (role === null) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    return { reader: role, userId: actor.id, reference };
  }
}
