import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../time/clock';
import { JOB_WORKERS, JobQueue } from './job-queue';
import { JobsRepository } from './jobs.repository';

/** The job queue and the clock scheduled work reads. Global: any feature defines jobs. */
@Global()
@Module({})
export class JobsModule {
  /** `workers`: the server works jobs; a command-line tool only injects the queue. */
  static forRoot({ workers }: { workers: boolean }): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOB_WORKERS, useValue: workers }, JobQueue, JobsRepository, Clock],
      exports: [JobQueue, Clock],
    };
  }
}
