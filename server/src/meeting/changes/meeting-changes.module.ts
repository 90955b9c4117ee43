import { Module } from '@nestjs/common';
import { MeetingChangesService } from './meeting-changes.service';

/** The transaction, membership check and idempotency ledger every meeting change runs through. */
@Module({
  providers: [MeetingChangesService],
  exports: [MeetingChangesService],
})
export class MeetingChangesModule {}
