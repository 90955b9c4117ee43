import { Module } from '@nestjs/common';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { SharingDecisionRepository } from './sharing-decision.repository';
import { SharingDecisionsService } from './sharing-decisions.service';

/** Information-sharing decisions, recorded through the `/meetings` events. */
@Module({
  imports: [MeetingChangesModule, MeetingsModule],
  providers: [SharingDecisionsService, SharingDecisionRepository],
  exports: [SharingDecisionsService, SharingDecisionRepository],
})
export class SharingDecisionsModule {}
