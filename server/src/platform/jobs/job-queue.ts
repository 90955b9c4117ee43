import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { describeError } from '../errors/log-safe-error';
import { JobsRepository, type JobQueueOverview } from './jobs.repository';

/** Whether this process works jobs (the server) or only exists to be injected (a command-line tool). */
export const JOB_WORKERS = Symbol('JOB_WORKERS');

/** The PostgreSQL schema pg-boss keeps its tables in. */
export const JOB_SCHEMA = 'pgboss';

const JOBS_PER_FETCH = 10;
const JOB_POOL_SIZE = 4;

/** Statutory and reminder times are London times, whatever the server's zone. */
export const JOB_TIME_ZONE = 'Europe/London';

export interface JobOptions {
  /** Tries after the first (default 5). */
  retryLimit?: number;
  /** Seconds before the first retry (default 30). */
  retryDelay?: number;
  /** Doubles the delay on each retry, with jitter (default true). */
  retryBackoff?: boolean;
  /** A try that runs longer than this has failed (default 300). */
  expireInSeconds?: number;
  /** A cron expression in London time: pg-boss sends one job per tick across every instance. */
  cron?: string;
}

export interface JobContext {
  id: string;
  /** 0 on the first try. */
  retryCount: number;
}

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

export interface SendOptions {
  /** At most one queued job with this key at a time (pg-boss singletonKey). */
  singletonKey?: string;
  startAfter?: Date;
}

interface Definition {
  handler: JobHandler<never>;
  options: JobOptions;
}

/**
 * Work that must happen later, once, even with several instances: pg-boss on
 * the app's own PostgreSQL database, with a small pool of its own (no
 * scheduler of our own). Features `define`
 * their jobs in onModuleInit; the server starts the workers at bootstrap.
 * pg-boss hands each job to one worker (SKIP LOCKED), retries a thrown
 * handler with back-off and keeps failures for the admin page. A handler's
 * effects must still be idempotent (record them under a unique key): a try
 * that times out after acting is tried again.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly definitions = new Map<string, Definition>();
  private boss: PgBoss | null = null;
  /** This process's worker per queue, woken when this process sends it a job. */
  private readonly workers = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'jobPollingSeconds'>,
    @Inject(JOB_WORKERS) private readonly runWorkers: boolean,
    private readonly jobs: JobsRepository,
  ) {}

  /** Declares a job. Call before bootstrap (onModuleInit); each name once. */
  define<T>(name: string, handler: JobHandler<T>, options: JobOptions = {}): void {
    if (this.boss) throw new Error(`job ${name} defined after the queue started`);
    if (this.definitions.has(name)) throw new Error(`job ${name} is defined twice`);
    this.definitions.set(name, { handler: handler as JobHandler<never>, options });
  }

  /** Queues a job; resolves with its id, or null when a job with the same singletonKey is already queued. */
  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`job ${name} is not defined`);
    if (!this.boss) throw new Error('the job queue is not running in this process');
    const id = await this.boss.send(name, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
    const worker = this.workers.get(name);
    if (id && worker && !options.startAfter) this.boss.notifyWorker(worker);
    return id;
  }

  /** Every defined queue with its jobs by state, and the latest failures (the admin page). */
  async overview(): Promise<JobQueueOverview> {
    return this.jobs.overview(JOB_SCHEMA, [...this.definitions.keys()]);
  }

  get running(): boolean {
    return this.boss !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runWorkers) return;
    // Its own small pool, on the app's database: polling workers must never queue behind, or
    // hold up, the requests on the app's pool (10 connections, 5 s to get one).
    const boss = new PgBoss({
      connectionString: (this.dataSource.options as { url?: string }).url,
      max: JOB_POOL_SIZE,
      schema: JOB_SCHEMA,
      migrate: true,
      supervise: true,
      schedule: true,
    });
    boss.on('error', (error) =>
      this.logger.error({ event: 'job-queue-error', error: describeError(error) }, 'the job queue reported an error'),
    );
    await boss.start();
    for (const [name, { handler, options }] of this.definitions) {
      const queue = {
        name,
        policy: 'standard' as const,
        retryLimit: options.retryLimit ?? 5,
        retryDelay: options.retryDelay ?? 30,
        retryBackoff: options.retryBackoff ?? true,
        expireInSeconds: options.expireInSeconds ?? 300,
      };
      await boss.createQueue(name, queue);
      await boss.updateQueue(name, queue);
      // Up to ten jobs a fetch, run side by side; each that throws is failed on its own (and
      // retried with back-off), the rest complete. A worker fetches once per polling interval.
      const workerId = await boss.work<never>(
        name,
        { includeMetadata: true, batchSize: JOBS_PER_FETCH, pollingIntervalSeconds: this.config.jobPollingSeconds },
        async (jobs) => {
          const outcomes = await Promise.allSettled(
            jobs.map((job) => handler(job.data, { id: job.id, retryCount: job.retryCount })),
          );
          await Promise.all(
            outcomes.map(async (outcome, i) => {
              if (outcome.status === 'fulfilled') return;
              const job = jobs[i]!;
              const error = describeError(outcome.reason);
              this.logger.warn(
                { event: 'job-failed', job: name, jobId: job.id, retryCount: job.retryCount, error },
                'a job failed; pg-boss retries it with back-off',
              );
              await boss.fail(name, job.id, { name: error.name, message: error.message });
            }),
          );
        },
      );
      this.workers.set(name, workerId);
      if (options.cron) await boss.schedule(name, options.cron, {}, { tz: JOB_TIME_ZONE });
      else await boss.unschedule(name).catch(() => undefined);
    }
    this.boss = boss;
  }

  /**
   * Before any module's onApplicationShutdown: TypeORM ends the pool there, and
   * a handler still running must finish (or be failed for a retry) on it first.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    // graceful: lets a running handler finish (on TypeORM's pool, still open), then closes pg-boss's own pool.
    await boss?.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
  }
}
