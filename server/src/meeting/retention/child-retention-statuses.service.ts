import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChildRetentionStatus, RecordChildRetentionStatusRequest } from '@roundtable/shared/retention';
import type { DataSource } from 'typeorm';
import { type AuditActor, AuditService } from '../../audit';
import { DomainError } from '../../platform';
import { type ChildRetentionStatusRow, RetentionRepository } from './retention.repository';

/**
 * Marks a child's records for the longer retention periods (docs/RETENTION.md,
 * DOMAIN.md §6): **looked after** (kept until the child's 75th birthday) and
 * **adopted** (kept 100 years from the adoption order). An administrator
 * records a mark, with step-up, the date and the reason (what the mark rests
 * on, e.g. the case system's legal status). A mark is never changed or
 * removed: it only ever keeps records longer, so a mistaken one errs on the
 * side of keeping. Audited `retention.child-status-recorded` (the child by id
 * and the kind; the date and reason stay in the mark).
 */
@Injectable()
export class ChildRetentionStatusesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retention: RetentionRepository,
    private readonly audit: AuditService,
  ) {}

  async record(input: RecordChildRetentionStatusRequest, actor: AuditActor): Promise<ChildRetentionStatus> {
    return this.dataSource.transaction(async (manager) => {
      // Shares the lock a destruction takes (FOR UPDATE): a child being destroyed is either gone or still whole.
      if (!(await this.retention.childExists(manager, input.childId)))
        throw new DomainError('NotFound', 'No child has that id (or their records have been destroyed)');
      const id = await this.retention.insertChildStatus(manager, {
        childId: input.childId,
        kind: input.kind,
        since: input.since,
        reason: input.reason,
        recordedBy: actor.userId,
      });
      if (id === null)
        throw new DomainError('Conflict', `That child is already marked ${input.kind}: a mark is never changed`);
      await this.audit.record(manager, {
        type: 'retention.child-status-recorded',
        actor,
        subject: { type: 'child', id: input.childId },
        details: { statusId: id, kind: input.kind },
      });
      return toStatus((await this.retention.childStatus(manager, id))!);
    });
  }
}

function toStatus(row: ChildRetentionStatusRow): ChildRetentionStatus {
  return {
    id: row.id,
    childId: row.childId,
    kind: row.kind,
    since: row.since,
    recordedBy: row.recordedBy,
    recordedAt: new Date(row.recordedAt).toISOString(),
  };
}
