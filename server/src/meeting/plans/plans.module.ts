import { Module } from '@nestjs/common';
import { UsersModule } from '../../identity';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { ChildPathwayService } from './child-pathway.service';
import { ConferenceOutcomesController } from './conference-outcomes.controller';
import { ConferenceOutcomesRepository } from './conference-outcomes.repository';
import { ConferenceOutcomesService } from './conference-outcomes.service';
import { PathwayFactsRepository } from './pathway-facts.repository';
import { PlanReviewsService } from './plan-reviews.service';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';

/**
 * The child protection plan and the pathway per child: conference outcomes
 * (POST /api/meetings/:id/children/:childId/outcome), the plan and its
 * versions (/api/children/:childId/plan), each plan meeting's review of the
 * plan at its conclusion, and ChildPathwayService (stage, plan, clocks) for
 * the child's page and the caseload. Needs the global AuditModule and
 * MeetingLifecycleEventsModule.
 */
@Module({
  imports: [UsersModule, MeetingLockModule],
  controllers: [PlansController, ConferenceOutcomesController],
  providers: [
    ChildPathwayService,
    ConferenceOutcomesService,
    ConferenceOutcomesRepository,
    PathwayFactsRepository,
    PlanReviewsService,
    PlansRepository,
    PlansService,
  ],
  exports: [ChildPathwayService, ConferenceOutcomesService, ConferenceOutcomesRepository, PlansRepository, PlansService],
})
export class PlansModule {}
