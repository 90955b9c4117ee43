import { Injectable } from '@nestjs/common';
import { type JobQueueOverviewResponse, REMINDERS_SCAN_JOB } from '@roundtable/shared/notifications';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError, JobQueue } from '../../platform';
import { RemindersService } from './reminders.service';

/** Jobs an administrator may run now, and how. */
const RUNNABLE = [REMINDERS_SCAN_JOB] as const;

/** The administrators' view of the job queue: queues, counts by state, recent failures; run a scan now. */
@Injectable()
export class AdminJobsService {
  constructor(
    private readonly queue: JobQueue,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
  ) {}

  async overview(): Promise<JobQueueOverviewResponse> {
    return { ...(await this.queue.overview()), runnable: [...RUNNABLE] };
  }

  /** Queues the job now (audited); false when one is already waiting to run. */
  async runNow(name: string, admin: AuthenticatedUser): Promise<boolean> {
    if (!(RUNNABLE as readonly string[]).includes(name)) {
      throw new DomainError('NotFound', `No job named ${name} can be run now; these can: ${RUNNABLE.join(', ')}`);
    }
    const queued = await this.reminders.runNow();
    await this.audit.recordAlone({
      type: 'jobs.run-requested',
      actor: auditActor(admin),
      subject: { type: 'job', id: name },
      details: { queued },
    });
    return queued;
  }
}
