import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit';
import { ChildRetentionStatusesService } from './child-retention-statuses.service';
import { LegalHoldsService } from './legal-holds.service';
import { RetentionController } from './retention.controller';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Retention schedules, the scheduled destruction run, tombstones and legal holds (administrators). */
@Module({
  imports: [AuditModule],
  controllers: [RetentionController],
  providers: [RetentionRepository, RetentionService, LegalHoldsService, ChildRetentionStatusesService],
  exports: [RetentionService],
})
export class RetentionModule {}
