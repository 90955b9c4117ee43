import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit';
import { NotificationsModule } from '../../identity';
import { MailModule } from '../../platform';
import { ClocksModule } from '../clocks/clocks.module';
import { PlansModule } from '../plans/plans.module';
import { AdminJobsController } from './admin-jobs.controller';
import { AdminJobsService } from './admin-jobs.service';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';

/** Reminders and escalations on a schedule, and the administrators' view of the job queue. */
@Module({
  imports: [AuditModule, NotificationsModule, MailModule, ClocksModule, PlansModule],
  controllers: [AdminJobsController],
  providers: [RemindersService, RemindersRepository, AdminJobsService],
  exports: [RemindersService],
})
export class RemindersModule {}
