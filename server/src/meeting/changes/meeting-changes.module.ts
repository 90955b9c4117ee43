import { Module } from '@nestjs/common';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { MeetingChangeRequestRepository } from './meeting-change-request.repository';
import { MeetingChangesService } from './meeting-changes.service';

/** The transaction, membership check and idempotency ledger every meeting change runs through. */
@Module({
  imports: [MeetingLockModule],
  providers: [MeetingChangesService, MeetingChangeRequestRepository],
  exports: [MeetingChangesService],
})
export class MeetingChangesModule {}
