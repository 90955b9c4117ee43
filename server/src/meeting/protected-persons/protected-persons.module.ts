import { Module } from '@nestjs/common';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { SharingDecisionsModule } from '../sharing-decisions/sharing-decisions.module';
import { ProtectedPersonsRepository } from './protected-persons.repository';
import { ProtectedPersonsService } from './protected-persons.service';

/** Protected persons: whose identity reaches only an audience, added and widened through the `/meetings` events. */
@Module({
  imports: [MeetingChangesModule, MeetingLockModule, MeetingsModule, SharingDecisionsModule],
  providers: [ProtectedPersonsService, ProtectedPersonsRepository],
  exports: [ProtectedPersonsService],
})
export class ProtectedPersonsModule {}
