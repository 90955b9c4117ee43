import { Module } from '@nestjs/common';
import { UsersModule } from '../../identity';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { ActionRepository } from './action.repository';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';

/**
 * The action log: GET /api/actions/mine, and changes through the `/meetings`
 * socket.io events (MeetingEventsModule).
 */
@Module({
  imports: [MeetingChangesModule, DecisionsModule, UsersModule],
  controllers: [ActionsController],
  providers: [ActionsService, ActionRepository],
  exports: [ActionsService, ActionRepository],
})
export class ActionsModule {}
