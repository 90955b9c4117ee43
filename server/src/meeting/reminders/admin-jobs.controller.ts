import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type JobQueueOverviewResponse,
  JobQueueOverviewSchema,
  type RunJobResponse,
  RunJobResponseSchema,
} from '@roundtable/shared/notifications';
import { AdminGuard } from '../../identity';
import { type AuthenticatedSession, CurrentSession, openApiSchema } from '../../platform';
import { AdminJobsService } from './admin-jobs.service';

/** The job queue for administrators (AdminGuard: everyone else 403, audited). */
@ApiTags('admin')
@ApiForbiddenResponse({ description: 'Not an administrator (the refusal is audited)' })
@UseGuards(AdminGuard)
@Controller('admin/jobs')
export class AdminJobsController {
  constructor(private readonly jobs: AdminJobsService) {}

  /** Every queue with its jobs by state, the latest failures (message only), and the jobs that can be run now. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(JobQueueOverviewSchema) })
  overview(): Promise<JobQueueOverviewResponse> {
    return this.jobs.overview();
  }

  /** Queues a scheduled scan now (reminders-scan). */
  @Post(':name/run')
  @HttpCode(202)
  @ApiOkResponse({ schema: openApiSchema(RunJobResponseSchema) })
  async run(@Param('name') name: string, @CurrentSession() session: AuthenticatedSession): Promise<RunJobResponse> {
    return { queued: await this.jobs.runNow(name, session.user) };
  }
}
