import { Module } from '@nestjs/common';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';

/**
 * The action log: GET /api/actions/mine, and changes through the `/meetings`
 * socket.io events (MeetingEventsModule).
 */
@Module({
  imports: [MeetingChangesModule],
  controllers: [ActionsController],
  providers: [ActionsService],
  exports: [ActionsService],
})
export class ActionsModule {}
