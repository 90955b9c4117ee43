import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AddRedactionRequestSchema,
  OpenSubjectAccessRequestSchema,
  Redaction,
  SubjectAccessDetail,
  SubjectAccessExportFormat,
  SubjectAccessSummary,
} from '@roundtable/shared/subject-access';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import { type AuditActor, AuditService } from '../../audit';
import { DomainError } from '../../platform';
import { type AssembledSubject, contentSha256, SubjectAssembler, type SubjectRef } from './subject-assembler';
import { type RedactionRow, type RequestRow, SubjectAccessRepository } from './subject-access.repository';
import { applyRedactions, bundleJson, renderBundlePdf } from './subject-bundle';

export const REQUEST_NOT_FOUND = 'No subject access request has this id';
export const SIGNED_OFF = 'This request’s redactions are signed off: nothing more can be redacted. Open a new request';
export const NOT_SIGNED_OFF = 'A reviewer must sign off the redactions before the bundle can be exported';
export const OWN_REDACTIONS =
  'A different administrator must sign off: you opened this request, redacted some of it or it is about you';
export const ABOUT_YOURSELF = 'Another administrator must handle a subject access request about you';
export const CHANGED_SINCE_SIGN_OFF =
  'What is held about this person has changed since the redactions were signed off: open a new request and review it again';

/** An exported bundle file: its exact bytes and their SHA-256, as written to the trail. */
export interface BundleFile {
  bytes: Buffer;
  sha256: string;
  contentType: string;
  fileName: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function subjectOf(row: RequestRow): SubjectRef {
  if (row.subject_kind === 'child') return { kind: 'child', childId: row.child_id! };
  if (row.subject_kind === 'professional') return { kind: 'professional', userId: row.user_id! };
  return { kind: 'family-member', email: row.subject_email! };
}

function toSummary(row: RequestRow): SubjectAccessSummary {
  return {
    id: row.id,
    reference: row.reference,
    subjectKind: row.subject_kind,
    subjectName: row.subject_name ?? '',
    status: row.signed_off_at ? 'signed-off' : 'open',
    openedBy: { userId: row.opened_by, displayName: row.opened_by_name },
    openedAt: new Date(row.opened_at).toISOString(),
    signedOffBy: row.signed_off_by ? { userId: row.signed_off_by, displayName: row.signed_off_by_name ?? '' } : null,
    signedOffAt: iso(row.signed_off_at),
    contentSha256: row.content_sha256,
    redactionCount: row.redaction_count,
  };
}

function toRedaction(row: RedactionRow): Redaction {
  return {
    id: row.id,
    itemKey: row.item_key,
    span: row.span_start === null || row.span_end === null ? null : { start: row.span_start, end: row.span_end },
    exemption: row.exemption,
    note: row.note,
    redactedBy: { userId: row.redacted_by, displayName: row.redacted_by_name },
    redactedAt: new Date(row.redacted_at).toISOString(),
  };
}

const safeFileName = (reference: string) =>
  reference.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'request';

/**
 * Subject access requests (docs/SUBJECT-ACCESS.md): open (assemble and
 * check the subject exists), redact items or spans with an exemption and a
 * note, sign off by a different administrator (binding the SHA-256 of the
 * assembled items), export the redacted bundle as PDF or JSON with its
 * SHA-256 in the trail. Each change commits with its audit entry, which
 * carries ids, codes and hashes only. Administrators only (the controller's
 * guard); step-up for every route.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: SubjectAccessRepository,
    private readonly assembler: SubjectAssembler,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<SubjectAccessSummary[]> {
    return (await this.requests.list()).map(toSummary);
  }

  async open(input: z.output<typeof OpenSubjectAccessRequestSchema>, by: AuditActor): Promise<SubjectAccessDetail> {
    return this.dataSource.transaction(async (tx) => {
      const subject: SubjectRef = input.subject;
      if (subject.kind === 'professional' && subject.userId === by.userId) {
        throw new DomainError('Forbidden', ABOUT_YOURSELF);
      }
      const auditCutoffSeq = await this.requests.auditHead(tx);
      const assembled = await this.assembler.assemble(tx, subject, auditCutoffSeq);
      const id = await this.requests.insert(tx, {
        reference: input.reference,
        subjectKind: subject.kind,
        childId: subject.kind === 'child' ? subject.childId : null,
        email: subject.kind === 'family-member' ? subject.email : null,
        userId: subject.kind === 'professional' ? subject.userId : null,
        openedBy: by.userId,
        auditCutoffSeq,
      });
      await this.audit.record(tx, {
        type: 'subject-access.opened',
        actor: by,
        subject: { type: 'subject-access-request', id },
        details: {
          subjectKind: subject.kind,
          // Ids only: a family member's email is personal data and stays out of the trail.
          ...(subject.kind === 'child' ? { childId: subject.childId } : {}),
          ...(subject.kind === 'professional' ? { userId: subject.userId } : {}),
          itemCount: assembled.items.length,
        },
      });
      return this.detailIn(tx, id, assembled);
    });
  }

  /** The request with every item (unredacted: for its administrators) and its redactions. Audited: it is all about one person. */
  async get(id: string, by: AuditActor): Promise<SubjectAccessDetail> {
    const detail = await this.detailIn(this.dataSource.manager, id);
    await this.audit.recordAlone({
      type: 'subject-access.viewed',
      actor: by,
      subject: { type: 'subject-access-request', id },
      details: { itemCount: detail.items.length, status: detail.status },
    });
    return detail;
  }

  async redact(
    id: string,
    input: z.output<typeof AddRedactionRequestSchema>,
    by: AuditActor,
  ): Promise<SubjectAccessDetail> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.lockedRequest(tx, id);
      if (row.signed_off_at) throw new DomainError('Conflict', SIGNED_OFF);
      const assembled = await this.assembler.assemble(tx, subjectOf(row), Number(row.audit_cutoff_seq));
      const item = assembled.items.find((i) => i.key === input.itemKey);
      if (!item) {
        const message = 'This request holds no item with this key';
        throw new DomainError('ValidationFailed', `Invalid request – itemKey: ${message}`, [
          { path: 'itemKey', message },
        ]);
      }
      if (input.span && input.span.end > item.text.length) {
        const message = `span.end must be at most ${item.text.length}, the length of the item’s text`;
        throw new DomainError('ValidationFailed', `Invalid request – span.end: ${message}`, [
          { path: 'span.end', message },
        ]);
      }
      const existing = await this.requests.redactions(tx, id);
      if (existing.some((r) => r.item_key === item.key && r.span_start === null)) {
        throw new DomainError('Conflict', 'This item is already withheld whole');
      }
      const redactionId = await this.requests.insertRedaction(tx, {
        requestId: id,
        itemKey: item.key,
        span: input.span ?? null,
        exemption: input.exemption,
        note: input.note,
        by: by.userId,
      });
      await this.audit.record(tx, {
        type: 'subject-access.redacted',
        actor: by,
        subject: { type: 'subject-access-request', id },
        details: {
          redactionId,
          itemKey: item.key,
          exemption: input.exemption,
          ...(input.span ? { span: { start: input.span.start, end: input.span.end } } : { whole: true }),
        },
      });
      return this.detailIn(tx, id, assembled);
    });
  }

  async signOff(id: string, by: AuditActor): Promise<SubjectAccessDetail> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.lockedRequest(tx, id);
      if (row.signed_off_at) throw new DomainError('Conflict', 'This request’s redactions are already signed off');
      const redactions = await this.requests.redactions(tx, id);
      if (
        row.opened_by === by.userId ||
        row.user_id === by.userId ||
        redactions.some((r) => r.redacted_by === by.userId)
      ) {
        await this.audit.recordAlone({
          type: 'access.refused',
          outcome: 'refused',
          actor: by,
          subject: { type: 'subject-access-request', id },
          details: { reason: 'own-redactions' },
        });
        throw new DomainError('Forbidden', OWN_REDACTIONS);
      }
      const assembled = await this.assembler.assemble(tx, subjectOf(row), Number(row.audit_cutoff_seq));
      const sha256 = contentSha256(assembled.items);
      await this.requests.signOff(tx, id, by.userId, sha256);
      await this.audit.record(tx, {
        type: 'subject-access.signed-off',
        actor: by,
        subject: { type: 'subject-access-request', id },
        details: { contentSha256: sha256, itemCount: assembled.items.length, redactionCount: redactions.length },
      });
      return this.detailIn(tx, id, assembled);
    });
  }

  /** The redacted bundle; refused before sign-off or if what is held changed since. The file's SHA-256 goes to the trail. */
  async export(id: string, format: SubjectAccessExportFormat, by: AuditActor): Promise<BundleFile> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.lockedRequest(tx, id);
      if (!row.signed_off_at || !row.content_sha256) throw new DomainError('Conflict', NOT_SIGNED_OFF);
      const assembled = await this.assembler.assemble(tx, subjectOf(row), Number(row.audit_cutoff_seq));
      if (contentSha256(assembled.items) !== row.content_sha256) {
        throw new DomainError('Conflict', CHANGED_SINCE_SIGN_OFF);
      }
      const redactions = await this.requests.redactions(tx, id);
      const items = applyRedactions(
        assembled.items,
        redactions.map((r) => ({
          itemKey: r.item_key,
          span: r.span_start === null || r.span_end === null ? null : { start: r.span_start, end: r.span_end },
          exemption: r.exemption,
        })),
      );
      const header = {
        reference: row.reference,
        subjectKind: row.subject_kind,
        subjectName: assembled.name,
        signedOffAt: new Date(row.signed_off_at),
      };
      const bytes = format === 'pdf' ? await renderBundlePdf(header, items) : bundleJson(header, items);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const exportId = await this.requests.insertExport(tx, {
        requestId: id,
        format,
        sha256,
        size: bytes.length,
        by: by.userId,
      });
      await this.audit.record(tx, {
        type: 'subject-access.exported',
        actor: by,
        subject: { type: 'subject-access-request', id },
        details: { exportId, format, sha256, sizeBytes: bytes.length, contentSha256: row.content_sha256 },
      });
      return {
        bytes,
        sha256,
        contentType: format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8',
        fileName: `subject-access-${safeFileName(row.reference)}.${format}`,
      };
    });
  }

  private async lockedRequest(tx: EntityManager, id: string): Promise<RequestRow> {
    if (!(await this.requests.lock(tx, id))) throw new DomainError('NotFound', REQUEST_NOT_FOUND);
    return (await this.requests.find(tx, id))!;
  }

  private async detailIn(
    manager: EntityManager,
    id: string,
    assembled?: AssembledSubject,
  ): Promise<SubjectAccessDetail> {
    const row = await this.requests.find(manager, id);
    if (!row) throw new DomainError('NotFound', REQUEST_NOT_FOUND);
    const subject = assembled ?? (await this.assembler.assemble(manager, subjectOf(row), Number(row.audit_cutoff_seq)));
    const redactions = await this.requests.redactions(manager, id);
    return {
      ...toSummary(row),
      subjectName: subject.name,
      items: subject.items,
      redactions: redactions.map(toRedaction),
    };
  }
}
