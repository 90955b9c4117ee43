import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { SharingDecisionsModule } from '../sharing-decisions/sharing-decisions.module';
import { EntryFlagsService } from './entry-flags.service';

/** Restriction flags on agency views and actions, changed through the `/meetings` socket.io events. */
@Module({
  imports: [MeetingChangesModule, DecisionsModule, ActionsModule, MeetingLockModule, SharingDecisionsModule],
  providers: [EntryFlagsService],
  exports: [EntryFlagsService],
})
export class EntryFlagsModule {}
