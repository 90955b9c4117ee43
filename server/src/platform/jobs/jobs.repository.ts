import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobQueueSummary {
  name: string;
  counts: Record<JobState, number>;
}

export interface FailedJob {
  id: string;
  name: string;
  retryCount: number;
  failedAt: string;
  /** The error's message as the handler threw it (never a stack). */
  error: string | null;
}

export interface JobQueueOverview {
  queues: JobQueueSummary[];
  recentFailures: FailedJob[];
}

const STATES: readonly JobState[] = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'];

/** Reads pg-boss's own tables for administrators. Writes go through pg-boss only. */
@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async overview(schema: string, names: readonly string[]): Promise<JobQueueOverview> {
    const installed = (await this.dataSource.query(`SELECT to_regclass($1) AS t`, [`${schema}.job`])) as {
      t: string | null;
    }[];
    const empty = (name: string): JobQueueSummary => ({
      name,
      counts: Object.fromEntries(STATES.map((s) => [s, 0])) as Record<JobState, number>,
    });
    if (!installed[0]?.t) return { queues: names.map(empty), recentFailures: [] };
    const counts = (await this.dataSource.query(
      `SELECT name, state::text AS state, count(*)::int AS n FROM ${schema}.job
        WHERE name = ANY($1) GROUP BY name, state`,
      [names],
    )) as { name: string; state: JobState; n: number }[];
    const queues = names.map((name) => {
      const summary = empty(name);
      for (const row of counts.filter((r) => r.name === name)) summary.counts[row.state] = row.n;
      return summary;
    });
    const failures = (await this.dataSource.query(
      `SELECT id, name, retry_count, completed_on, output->>'message' AS message FROM ${schema}.job
        WHERE name = ANY($1) AND state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT 20`,
      [names],
    )) as { id: string; name: string; retry_count: number; completed_on: Date | null; message: string | null }[];
    return {
      queues,
      recentFailures: failures.map((f) => ({
        id: f.id,
        name: f.name,
        retryCount: f.retry_count,
        failedAt: (f.completed_on ?? new Date(0)).toISOString(),
        error: f.message?.slice(0, 300) ?? null,
      })),
    };
  }
}
