import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ChildPagesModule } from '../children/child-pages.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { LifecycleController } from './lifecycle.controller';
import { LifecycleRepository } from './lifecycle.repository';
import { LifecycleService } from './lifecycle.service';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { ReviewRepository } from './review.repository';
import { ReviewsService } from './reviews.service';

/**
 * The meeting lifecycle (start, conclude, review date), review strategy
 * discussions and the dashboard (which lists children with overdue timescales
 * from the caseload's service). MeetingLifecycleEvents lives in its own
 * global module so that listeners can register without importing this one.
 */
@Module({
  imports: [MeetingsModule, ActionsModule, MeetingLockModule, ConferencesModule, ChildPagesModule],
  controllers: [LifecycleController, DashboardController],
  providers: [LifecycleService, ReviewsService, DashboardService, LifecycleRepository, ReviewRepository],
  // The demo tells its story through the same lifecycle people use.
  exports: [LifecycleService],
})
export class LifecycleModule {}
