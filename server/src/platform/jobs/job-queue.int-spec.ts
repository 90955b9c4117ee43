import { Global, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/app-config';
import { eventually } from '../../../test/support/eventually';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import type { DatabaseHandle } from '../database/embedded-postgres';
import { JOB_SCHEMA, JobQueue } from './job-queue';
import { JobsModule } from './jobs.module';
import { JobsRepository } from './jobs.repository';

/**
 * The job queue on real PostgreSQL with two "instances" (two queues, two
 * pools) on one database, as two servers would run: every job is handled
 * once, a failing handler is retried with back-off and then recorded as
 * failed for the admin page, and a cron job is scheduled once.
 */
describe('the job queue (pg-boss on the app’s PostgreSQL database)', () => {
  let database: DatabaseHandle;
  const sources: DataSource[] = [];
  const queues: JobQueue[] = [];

  async function instance(define: (queue: JobQueue) => void): Promise<JobQueue> {
    const dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
    sources.push(dataSource);
    const queue = new JobQueue(dataSource, { jobPollingSeconds: 0.5 }, true, new JobsRepository(dataSource));
    define(queue);
    await queue.onApplicationBootstrap();
    queues.push(queue);
    return queue;
  }

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
  });

  afterAll(async () => {
    for (const queue of queues) await queue.beforeApplicationShutdown();
    for (const source of sources) await source.destroy();
    await database?.stop();
  });

  it('hands each of 40 jobs to exactly one of two instances', async () => {
    const handledBy: Record<string, string[]> = {};
    const handler = (who: string) => async (data: { n: number }) => {
      (handledBy[data.n] ??= []).push(who);
    };
    const a = await instance((q) => q.define('test-once', handler('a'), { retryLimit: 0 }));
    await instance((q) => q.define('test-once', handler('b'), { retryLimit: 0 }));
    for (let n = 0; n < 40; n++) await a.send('test-once', { n });
    await eventually(() => expect(Object.keys(handledBy)).toHaveLength(40), 20_000);
    // A moment for any duplicate to show itself.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(Object.values(handledBy).every((who) => who.length === 1)).toBe(true);
    const overview = await a.overview();
    expect(overview.queues.find((q) => q.name === 'test-once')?.counts.completed).toBe(40);
  }, 40_000);

  it('retries a failing handler, then records the failure (message, never a stack) for administrators', async () => {
    const tries: number[] = [];
    const queue = await instance((q) => {
      q.define(
        'test-flaky',
        async (_data: object, job) => {
          tries.push(job.retryCount);
          if (job.retryCount < 1) throw new Error('receiver said 500');
        },
        { retryLimit: 2, retryDelay: 1, retryBackoff: false },
      );
      q.define(
        'test-broken',
        async () => {
          throw new Error('always broken');
        },
        { retryLimit: 1, retryDelay: 1, retryBackoff: false },
      );
    });
    await queue.send('test-flaky', {});
    await queue.send('test-broken', {});
    await eventually(() => expect(tries).toEqual([0, 1]), 20_000);
    const failed = await eventually(async () => {
      const overview = await queue.overview();
      expect(overview.queues.find((q) => q.name === 'test-broken')?.counts.failed).toBe(1);
      return overview.recentFailures;
    }, 20_000);
    expect(failed).toEqual([expect.objectContaining({ name: 'test-broken', retryCount: 1, error: 'always broken' })]);
    expect(JSON.stringify(failed)).not.toMatch(/at .*\.ts:\d+/);
  }, 40_000);

  it('refuses a job it does not know and a second definition, and schedules cron jobs once per name', async () => {
    const queue = await instance((q) => q.define('test-nightly', async () => undefined, { cron: '0 2 * * *' }));
    await expect(queue.send('test-unknown', {})).rejects.toThrow(/not defined/);
    expect(() => queue.define('test-late', async () => undefined)).toThrow(/after the queue started/);
    const schedules = (await sources[0]!.query(`SELECT name, cron, timezone FROM ${JOB_SCHEMA}.schedule`)) as {
      name: string;
      cron: string;
      timezone: string;
    }[];
    expect(schedules).toEqual([{ name: 'test-nightly', cron: '0 2 * * *', timezone: 'Europe/London' }]);
  }, 30_000);

  it('in a command-line tool, injects but never starts', async () => {
    const dataSource = sources[0]!;
    const queue = new JobQueue(dataSource, { jobPollingSeconds: 1 }, false, new JobsRepository(dataSource));
    queue.define('test-cli', async () => undefined);
    await queue.onApplicationBootstrap();
    expect(queue.running).toBe(false);
    await expect(queue.send('test-cli', {})).rejects.toThrow(/not running/);
  });
});

/**
 * Shutting down while a job runs: the stop is graceful, so the running
 * handler finishes (on the still-open pool) and its job completes rather
 * than being failed for a retry. (The queue stops in beforeApplicationShutdown,
 * before TypeORM ends the pool in onApplicationShutdown; in this small module
 * Nest happens to order them safely either way, in the whole app it did not.)
 */
describe('the job queue in a closing Nest application', () => {
  it('lets a running job finish on the pool before the pool is ended', async () => {
    const database = await startTestDatabase(oneDatabaseKind());
    let finished = false;
    @Injectable()
    class SlowJob implements OnModuleInit {
      constructor(
        private readonly queue: JobQueue,
        @InjectDataSource() private readonly dataSource: DataSource,
      ) {}
      onModuleInit(): void {
        this.queue.define('test-slow', async () => {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          await this.dataSource.query('SELECT 1');
          finished = true;
        });
      }
    }
    @Module({
      imports: [TypeOrmModule.forRoot({ type: 'postgres', url: database.url }), JobsModule.forRoot({ workers: true })],
      providers: [{ provide: APP_CONFIG, useValue: { jobPollingSeconds: 0.5, env: 'test' } }, SlowJob],
    })
    class ClosingModule {}
    // JobsModule reads APP_CONFIG from its importer's scope in the app (PlatformModule is global there).
    @Global()
    @Module({
      providers: [{ provide: APP_CONFIG, useValue: { jobPollingSeconds: 0.5, env: 'test' } }],
      exports: [APP_CONFIG],
    })
    class ConfigModule {}
    const app = await NestFactory.createApplicationContext(
      { module: ClosingModule, imports: [ConfigModule] },
      { logger: false },
    );
    await app.init();
    const queue = app.get(JobQueue);
    const id = await queue.send('test-slow', {});
    await eventually(async () => {
      const [row] = (await app.get(DataSource).query(`SELECT state FROM ${JOB_SCHEMA}.job WHERE id = $1`, [id])) as {
        state: string;
      }[];
      expect(row?.state).toBe('active');
    });
    await app.close();
    expect(finished).toBe(true);
    const check = new DataSource({ type: 'postgres', url: database.url });
    await check.initialize();
    const [row] = (await check.query(`SELECT state FROM ${JOB_SCHEMA}.job WHERE id = $1`, [id])) as { state: string }[];
    await check.destroy();
    await database.stop();
    expect(row?.state).toBe('completed');
  }, 30_000);
});
