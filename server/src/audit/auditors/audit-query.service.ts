import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditMeetingsResponse, AuditPageResponse } from '@roundtable/shared/audit';
import { LIMITS } from '@roundtable/shared/constants';
import type { DataSource, EntityManager } from 'typeorm';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { checkpointToJson } from '../trail/audit-chain';
import { AuditCheckpointService } from '../trail/audit-checkpoint.service';
import { AuditRepository } from '../trail/audit.repository';
import { toAuditEventResponse, toAuditExportEntry } from './audit-event.mapper';
import { AuditEventsRepository } from './audit-events.repository';
import { type AuditAttachment, type AuditExportFormat, type AuditJsonExport, toAttachment } from './audit-export';
import { type AuditFilters, filtersForRecord } from './audit-filters';
import { AuditService, auditActor } from '../trail/audit.service';
import { AUDIT_SIGNING_KEY } from '../trail/audit.tokens';
import type { AuditSigningKey } from '../trail/audit-signing-key';
import { assertAuditor } from './auditor.guard';

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
    private readonly events: AuditEventsRepository,
    private readonly trail: AuditRepository,
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointService,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  /** One page of matching entries, newest first; pass `nextBefore` as `before` for the next. */
  async page(user: AuthenticatedUser, filters: AuditFilters): Promise<AuditPageResponse> {
    assertAuditor(user);
    // One more than the page, to tell whether there is a next one.
    const rows = await this.events.findPage(filters, filters.limit + 1);
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
    const exported = await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await this.trail.setReadOnly(tx);
      const entries = await this.readForExport(tx, filters);
      const latest = await this.trail.latestCheckpoint(tx);
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
    const rows = await this.events.listMeetings();
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

  /** Every matching entry, oldest first; ValidationFailed when more than one export can hold. */
  private async readForExport(tx: EntityManager, filters: AuditFilters) {
    const count = await this.events.countMatching(tx, filters);
    const max = LIMITS.auditExportMaxRows;
    if (count > max) {
      throw new DomainError(
        'ValidationFailed',
        `${count} entries match, more than the ${max} one export can hold: narrow the filters (a meeting, a person, a type or a shorter time range)`,
      );
    }
    const rows = await this.events.findMatching(tx, filters);
    return rows.map(toAuditExportEntry);
  }
}
