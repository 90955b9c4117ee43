import { Module } from '@nestjs/common';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { EntryFlagsService } from './entry-flags.service';

/** Restriction flags on agency views and actions, changed through the `/meetings` socket.io events. */
@Module({
  imports: [MeetingChangesModule],
  providers: [EntryFlagsService],
  exports: [EntryFlagsService],
})
export class EntryFlagsModule {}
