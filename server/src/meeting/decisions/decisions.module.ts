import { Module } from '@nestjs/common';
import { UsersModule } from '../../identity';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { DecisionTemplatesController } from './decision-templates.controller';
import { DecisionTemplatesService } from './decision-templates.service';
import { DecisionRepository } from './decision.repository';
import { DecisionsService } from './decisions.service';

/**
 * Decisions: templates (GET /api/decision-templates), agency views, the local
 * authority's decision, dissent and escalation. Changed through the
 * `/meetings` socket.io events (MeetingEventsModule).
 */
@Module({
  imports: [MeetingChangesModule, UsersModule, ConferencesModule],
  controllers: [DecisionTemplatesController],
  providers: [DecisionsService, DecisionTemplatesService, DecisionRepository],
  exports: [DecisionsService, DecisionRepository],
})
export class DecisionsModule {}
