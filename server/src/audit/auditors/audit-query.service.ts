import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditMeetingsResponse, AuditPageResponse } from '@roundtable/shared/audit';
import { LIMITS } from '@roundtable/shared/constants';
import type { DataSource, EntityManager } from 'typeorm';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { type AuditCheckpoint, checkpointToJson } from '../trail/audit-chain';
import { AuditCheckpointService } from '../trail/audit-checkpoint.service';
import {
  AUDIT_EVENT_COLUMNS,
  AUDIT_EVENT_JOINS,
  type AuditEventRow,
  toAuditEventResponse,
  toAuditExportEntry,
} from './audit-event.mapper';
import { type AuditAttachment, type AuditExportFormat, type AuditJsonExport, toAttachment } from './audit-export';
import { type AuditFilters, filtersForRecord, whereClause } from './audit-filters';
import { AuditService, auditActor } from '../trail/audit.service';
import { AUDIT_SIGNING_KEY } from '../trail/audit.tokens';
import type { AuditSigningKey } from '../trail/audit-signing-key';
import { assertAuditor } from './auditor.guard';

interface AuditMeetingRow {
  id: string;
  reference: string;
  scheduled_at: Date;
  format: string;
  created_at: Date;
  member_count: string;
  child_count: string;
  event_count: string;
}

/** Metadata only: never the reason, the children's names or any document text (DOMAIN.md §7). */
const MEETINGS_SQL = `
  SELECT m.id, m.reference, m.scheduled_at, m.format, m.created_at,
         (SELECT count(*) FROM meeting_members mm WHERE mm.meeting_id = m.id) AS member_count,
         (SELECT count(*) FROM meeting_children c WHERE c.meeting_id = m.id) AS child_count,
         (SELECT count(*) FROM audit_events e WHERE e.meeting_id = m.id) AS event_count
    FROM meetings m
   ORDER BY m.scheduled_at DESC, m.id`;

/**
 * The auditor's reading of the trail: filtered pages, exports and the list
 * of meetings. Auditors only, and every read is itself recorded, before
 * anything is returned.
 */
@Injectable()
export class AuditQueryService {
  private readonly logger = new Logger(AuditQueryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointService,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  /** One page of matching entries, newest first; pass `nextBefore` as `before` for the next. */
  async page(user: AuthenticatedUser, filters: AuditFilters): Promise<AuditPageResponse> {
    assertAuditor(user);
    const where = whereClause(filters, true);
    const rows = (await this.dataSource.query(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e ${AUDIT_EVENT_JOINS} ${where.sql}
        ORDER BY e.seq DESC LIMIT $${where.params.length + 1}`,
      [...where.params, filters.limit + 1],
    )) as AuditEventRow[];
    const events = rows.slice(0, filters.limit).map(toAuditEventResponse);
    await this.audit.recordAlone({
      type: 'audit.viewed',
      actor: auditActor(user),
      details: { view: 'events', filters: filtersForRecord(filters, true), returned: events.length },
    });
    return { events, nextBefore: rows.length > filters.limit ? (events.at(-1)?.seq ?? null) : null };
  }

  /**
   * Every matching entry, oldest first, as a CSV or JSON file. Refused when
   * more than LIMITS.auditExportMaxRows match. The export is recorded before
   * the file is returned.
   */
  async export(user: AuthenticatedUser, filters: AuditFilters, format: AuditExportFormat): Promise<AuditAttachment> {
    assertAuditor(user);
    // Sign the head first, so the export's latest checkpoint vouches for (nearly) all of it.
    await this.checkpoints
      .checkpointNow()
      .catch((error: unknown) => this.logger.error(`checkpoint before export failed: ${(error as Error).message}`));
    const recordedFilters = filtersForRecord(filters, false);
    const exported = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const entries = await this.readForExport(manager, filters);
      const latest = await this.latestCheckpoint(manager);
      return {
        format: 'roundtable-audit-export/v1',
        exportedAt: new Date().toISOString(),
        filters: recordedFilters,
        count: entries.length,
        publicKeyId: this.key.keyId,
        latestCheckpoint: latest ? checkpointToJson(latest) : null,
        entries,
      } satisfies AuditJsonExport;
    });
    await this.audit.recordAlone({
      type: 'audit.exported',
      actor: auditActor(user),
      details: { format, rows: exported.count, filters: recordedFilters },
    });
    return toAttachment(exported, format);
  }

  /** Every meeting's metadata, newest first: no reasons, no children's names. */
  async meetings(user: AuthenticatedUser): Promise<AuditMeetingsResponse> {
    assertAuditor(user);
    const rows = (await this.dataSource.query(MEETINGS_SQL)) as AuditMeetingRow[];
    const meetings = rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      scheduledAt: new Date(r.scheduled_at).toISOString(),
      format: r.format,
      createdAt: new Date(r.created_at).toISOString(),
      memberCount: Number(r.member_count),
      childCount: Number(r.child_count),
      eventCount: Number(r.event_count),
    }));
    await this.audit.recordAlone({
      type: 'audit.viewed',
      actor: auditActor(user),
      details: { view: 'meetings', returned: meetings.length },
    });
    return { meetings };
  }

  private async readForExport(manager: EntityManager, filters: AuditFilters) {
    const where = whereClause(filters, false);
    const [counted] = (await manager.query(
      `SELECT count(*) AS count FROM audit_events e ${where.sql}`,
      where.params,
    )) as { count: string }[];
    const count = Number(counted?.count ?? 0);
    const max = LIMITS.auditExportMaxRows;
    if (count > max) {
      throw new DomainError(
        'ValidationFailed',
        `${count} entries match, more than the ${max} one export can hold: narrow the filters (a meeting, a person, a type or a shorter time range)`,
      );
    }
    const rows = (await manager.query(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e ${AUDIT_EVENT_JOINS} ${where.sql} ORDER BY e.seq`,
      where.params,
    )) as AuditEventRow[];
    return rows.map(toAuditExportEntry);
  }

  private async latestCheckpoint(manager: EntityManager): Promise<AuditCheckpoint | null> {
    const [row] = (await manager.query(
      `SELECT tree_size, head_hash, signed_at, key_id, signature FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    )) as { tree_size: string; head_hash: Buffer; signed_at: Date; key_id: string; signature: Buffer }[];
    if (!row) return null;
    return {
      treeSize: Number(row.tree_size),
      headHash: Buffer.from(row.head_hash),
      signedAt: new Date(row.signed_at).toISOString(),
      keyId: row.key_id,
      signature: Buffer.from(row.signature),
    };
  }
}
