import { performance } from 'node:perf_hooks';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** Upper bounds (seconds) of the persistence lag buckets: from under a millisecond to a stalled database. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * This process's Prometheus metrics (docs/DEPLOYMENT.md lists them). One
 * registry per app, not prom-client's global one, so several apps in one
 * process (the tests) do not collide. Counts that exist anyway (connections,
 * documents in memory) are read at scrape time; nothing polls.
 *
 * Depends on nothing but the config, so the collab write path and the
 * socket.io interceptor can record into it without a dependency cycle.
 */
@Injectable()
export class Metrics implements OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly updatesStored = new Counter({
    name: 'roundtable_document_updates_stored_total',
    help: 'Yjs updates committed to PostgreSQL (each is then applied and relayed).',
    registers: [this.registry],
  });
  private readonly batchesStored = new Counter({
    name: 'roundtable_document_batches_stored_total',
    help: 'Multi-row writes of Yjs updates committed to PostgreSQL (updates arriving in the same tick share one).',
    registers: [this.registry],
  });
  private readonly persistenceLag = new Histogram({
    name: 'roundtable_document_persistence_lag_seconds',
    help: 'Time from accepting a Yjs update (decoded and checked) to its commit in PostgreSQL; nobody else sees it before then.',
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });
  private readonly meetingEvents = new Counter({
    name: 'roundtable_meeting_events_total',
    help: 'socket.io /meetings events handled, by event and outcome (ok, or the refusal code).',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly recordExportsRefused = new Counter({
    name: 'roundtable_record_exports_refused_total',
    help: 'Member versions of sealed records whose JSON export failed its published schema at sealing: sealed with their PDF and HTML but no export (the record.sealed audit entry says why).',
    registers: [this.registry],
  });

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Process metrics (memory, CPU, event loop lag, GC) only when someone can read them.
    if (config.metricsToken) collectDefaultMetrics({ register: this.registry });
  }

  /** A committed batch of document updates; `receivedAt` holds each update's arrival (performance.now()). */
  documentUpdatesStored(receivedAt: readonly number[]): void {
    const now = performance.now();
    this.batchesStored.inc();
    this.updatesStored.inc(receivedAt.length);
    for (const at of receivedAt) this.persistenceLag.observe((now - at) / 1000);
  }

  /** A /meetings event was handled (acknowledged). */
  meetingEventHandled(event: string, outcome: string): void {
    this.meetingEvents.inc({ event, outcome });
  }

  /** A sealed version's JSON export was refused (it did not match its schema); the version was sealed without it. */
  recordExportRefused(): void {
    this.recordExportsRefused.inc();
  }

  /** A gauge whose value is read when Prometheus scrapes. */
  addGauge<L extends string>(config: {
    name: string;
    help: string;
    labelNames?: readonly L[];
    collect: (gauge: Gauge<L>) => void;
  }): void {
    const { collect } = config;
    new Gauge<L>({
      name: config.name,
      help: config.help,
      labelNames: config.labelNames ?? [],
      registers: [this.registry],
      collect() {
        collect(this);
      },
    });
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  onApplicationShutdown(): void {
    this.registry.clear();
  }
}
