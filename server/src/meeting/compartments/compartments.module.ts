import { Module } from '@nestjs/common';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { SharingDecisionsModule } from '../sharing-decisions/sharing-decisions.module';
import { TemplatesModule } from '../templates/templates.module';
import { CompartmentRepository } from './compartment.repository';
import { CompartmentsService } from './compartments.service';

/** Restricted compartments: who may open each one's Yjs document, created and shared through `/meetings` events. */
@Module({
  imports: [MeetingChangesModule, MeetingLockModule, MeetingsModule, TemplatesModule, SharingDecisionsModule],
  providers: [CompartmentsService, CompartmentRepository],
  exports: [CompartmentsService, CompartmentRepository],
})
export class CompartmentsModule {}
