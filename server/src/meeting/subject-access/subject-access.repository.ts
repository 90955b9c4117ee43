import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RedactionExemption, SubjectKind } from '@roundtable/shared/subject-access';
import type { DataSource, EntityManager } from 'typeorm';

export interface RequestRow {
  id: string;
  reference: string;
  subject_kind: SubjectKind;
  child_id: string | null;
  subject_email: string | null;
  user_id: string | null;
  opened_by: string;
  opened_by_name: string;
  opened_at: Date;
  audit_cutoff_seq: string;
  signed_off_by: string | null;
  signed_off_by_name: string | null;
  signed_off_at: Date | null;
  content_sha256: string | null;
  redaction_count: number;
  subject_name: string | null;
}

export interface RedactionRow {
  id: string;
  request_id: string;
  item_key: string;
  span_start: number | null;
  span_end: number | null;
  exemption: RedactionExemption;
  note: string;
  redacted_by: string;
  redacted_by_name: string;
  redacted_at: Date;
}

const REQUEST_SELECT = `
  SELECT r.id, r.reference, r.subject_kind, r.child_id, r.subject_email, r.user_id,
         r.opened_by, o.display_name AS opened_by_name, r.opened_at, r.audit_cutoff_seq::text,
         r.signed_off_by, s.display_name AS signed_off_by_name, r.signed_off_at, r.content_sha256,
         (SELECT count(*)::int FROM subject_access_redactions x WHERE x.request_id = r.id) AS redaction_count,
         CASE r.subject_kind
           WHEN 'child' THEN (SELECT c.name FROM children c WHERE c.id = r.child_id)
           WHEN 'professional' THEN (SELECT u.display_name FROM users u WHERE u.id = r.user_id)
           ELSE (SELECT p.display_name FROM family_participants p WHERE p.email = r.subject_email
                  ORDER BY p.invited_at DESC, p.id DESC LIMIT 1)
         END AS subject_name
    FROM subject_access_requests r
    JOIN users o ON o.id = r.opened_by
    LEFT JOIN users s ON s.id = r.signed_off_by`;

/** `subject_access_requests`, `subject_access_redactions`, `subject_access_exports` (docs/SUBJECT-ACCESS.md). */
@Injectable()
export class SubjectAccessRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<RequestRow[]> {
    return this.dataSource.query(`${REQUEST_SELECT} ORDER BY r.opened_at DESC, r.id LIMIT 500`);
  }

  async find(manager: EntityManager, id: string): Promise<RequestRow | null> {
    const [row] = (await manager.query(`${REQUEST_SELECT} WHERE r.id = $1`, [id])) as RequestRow[];
    return row ?? null;
  }

  /** Locks the request's row for the rest of the transaction (redacting, signing off); false if there is none. */
  async lock(tx: EntityManager, id: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM subject_access_requests WHERE id = $1 FOR UPDATE`, [id])) as unknown[];
    return rows.length > 0;
  }

  /** The trail's head (its last sequence number; 0 when empty): the cutoff of a request opened now. */
  async auditHead(tx: EntityManager): Promise<number> {
    const [row] = (await tx.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM audit_events`)) as { seq: string }[];
    return Number(row!.seq);
  }

  async insert(
    tx: EntityManager,
    row: {
      reference: string;
      subjectKind: SubjectKind;
      childId: string | null;
      email: string | null;
      userId: string | null;
      openedBy: string;
      auditCutoffSeq: number;
    },
  ): Promise<string> {
    const [inserted] = (await tx.query(
      `INSERT INTO subject_access_requests
         (reference, subject_kind, child_id, subject_email, user_id, opened_by, audit_cutoff_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [row.reference, row.subjectKind, row.childId, row.email, row.userId, row.openedBy, row.auditCutoffSeq],
    )) as { id: string }[];
    return inserted!.id;
  }

  redactions(manager: EntityManager, requestId: string): Promise<RedactionRow[]> {
    return manager.query(
      `SELECT x.id, x.request_id, x.item_key, x.span_start, x.span_end, x.exemption, x.note, x.redacted_by,
              u.display_name AS redacted_by_name, x.redacted_at
         FROM subject_access_redactions x JOIN users u ON u.id = x.redacted_by
        WHERE x.request_id = $1 ORDER BY x.redacted_at, x.id`,
      [requestId],
    );
  }

  async insertRedaction(
    tx: EntityManager,
    row: {
      requestId: string;
      itemKey: string;
      span: { start: number; end: number } | null;
      exemption: RedactionExemption;
      note: string;
      by: string;
    },
  ): Promise<string> {
    const [inserted] = (await tx.query(
      `INSERT INTO subject_access_redactions (request_id, item_key, span_start, span_end, exemption, note, redacted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [row.requestId, row.itemKey, row.span?.start ?? null, row.span?.end ?? null, row.exemption, row.note, row.by],
    )) as { id: string }[];
    return inserted!.id;
  }

  async signOff(tx: EntityManager, id: string, by: string, contentSha256: string): Promise<void> {
    await tx.query(
      `UPDATE subject_access_requests SET signed_off_by = $2, signed_off_at = clock_timestamp(), content_sha256 = $3
        WHERE id = $1 AND signed_off_at IS NULL`,
      [id, by, contentSha256],
    );
  }

  async insertExport(
    tx: EntityManager,
    row: { requestId: string; format: 'pdf' | 'json'; sha256: string; size: number; by: string },
  ): Promise<string> {
    const [inserted] = (await tx.query(
      `INSERT INTO subject_access_exports (request_id, format, sha256, size_bytes, exported_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [row.requestId, row.format, row.sha256, row.size, row.by],
    )) as { id: string }[];
    return inserted!.id;
  }
}
