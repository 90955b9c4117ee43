import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LegalHold, LiftLegalHoldRequest, PlaceLegalHoldRequest } from '@roundtable/shared/retention';
import type { DataSource } from 'typeorm';
import { type AuditActor, AuditService } from '../../audit';
import { Clock, DomainError } from '../../platform';
import { type LegalHoldRow, RetentionRepository } from './retention.repository';

export const HOLD_NOT_FOUND = 'No legal hold has that id';

/**
 * Legal holds (docs/RETENTION.md): an administrator, with step-up, places a
 * hold on a meeting or a child with a reason, and lifts it with a reason. A
 * held meeting, a meeting about a held child and a held child are never
 * destroyed. Placing locks the subject's row, so a destruction in progress
 * either finishes first (then the hold is refused: already destroyed) or
 * sees the hold. Every place and lift is in the audit trail (ids only; the
 * reason stays in the hold).
 */
@Injectable()
export class LegalHoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retention: RetentionRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<LegalHold[]> {
    return (await this.retention.listHolds()).map(toHold);
  }

  async place(input: PlaceLegalHoldRequest, actor: AuditActor): Promise<LegalHold> {
    const what = input.subjectType === 'meeting' ? 'meeting' : 'child';
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.retention.lockSubject(manager, input.subjectType, input.subjectId))) {
        throw new DomainError('NotFound', `No ${what} has that id`);
      }
      if (await this.retention.isDestroyed(manager, input.subjectType, input.subjectId)) {
        throw new DomainError(
          'Conflict',
          `That ${what}'s records have already been destroyed: there is nothing to hold`,
        );
      }
      if (await this.retention.activeHold(manager, input.subjectType, input.subjectId)) {
        throw new DomainError(
          'Conflict',
          `That ${what} is already under a legal hold; lift it first to change the reason`,
        );
      }
      const id = await this.retention.insertHold(manager, {
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        reason: input.reason,
        placedBy: actor.userId,
        placedAt: this.clock.now(),
      });
      await this.audit.record(manager, {
        type: 'legal-hold.placed',
        actor,
        meetingId: input.subjectType === 'meeting' ? input.subjectId : null,
        subject: { type: input.subjectType, id: input.subjectId },
        details: { holdId: id },
      });
      return toHold((await this.retention.holdById(manager, id))!);
    });
  }

  async lift(id: string, input: LiftLegalHoldRequest, actor: AuditActor): Promise<LegalHold> {
    return this.dataSource.transaction(async (manager) => {
      const hold = await this.retention.holdById(manager, id, true);
      if (!hold) throw new DomainError('NotFound', HOLD_NOT_FOUND);
      if (hold.liftedAt) throw new DomainError('Conflict', 'That legal hold has already been lifted');
      await this.retention.liftHold(manager, id, actor.userId, this.clock.now(), input.reason);
      await this.audit.record(manager, {
        type: 'legal-hold.lifted',
        actor,
        meetingId: hold.subjectType === 'meeting' ? hold.subjectId : null,
        subject: { type: hold.subjectType, id: hold.subjectId },
        details: { holdId: id },
      });
      return toHold((await this.retention.holdById(manager, id))!);
    });
  }
}

function toHold(row: LegalHoldRow): LegalHold {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    subjectReference: row.subjectReference,
    reason: row.reason,
    placedBy: row.placedBy,
    placedAt: new Date(row.placedAt).toISOString(),
    liftedBy: row.liftedBy,
    liftedAt: iso(row.liftedAt),
    liftReason: row.liftReason,
  };
}
