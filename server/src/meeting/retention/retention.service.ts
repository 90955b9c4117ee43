import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PARTNERSHIP_RECORD_TYPES,
  RETENTION_COUNTED_FROM,
  RETENTION_RECORD_TYPE_LABELS,
  RETENTION_RECORD_TYPES,
  RETENTION_RUN_JOB,
  type RetentionRecordType,
  type RetentionRun,
  type RetentionStatusResponse,
} from '@roundtable/shared/retention';
import type { DataSource } from 'typeorm';
import { type AuditActor, AuditService } from '../../audit';
import { APP_CONFIG, type AppConfig, Clock, describeError, JobQueue } from '../../platform';
import {
  cutoff,
  governingRecordType,
  meetingRecordType,
  partnershipOf,
  type RetentionSchedules,
  ruleDescription,
  rulesFor,
  schedulesParameter,
} from './retention-rules';
import { type DueChild, type DueMeeting, RetentionRepository, type RetentionRunRow } from './retention.repository';

/** Meetings, children and audit entries one run destroys at most (the next run goes on). */
const MEETINGS_PER_RUN = 500;
const CHILDREN_PER_RUN = 500;
const AUDIT_ENTRIES_PER_RUN = 20_000;
/** How a meeting or a child is matched to a partnership's schedule (shown on the status page). */
const PARTNERSHIP_KEY =
  'A meeting falls under the schedule of the partnership that lists the organisation of the account that convened it; a child, of the account that opened their record. Any other: the deployment’s schedule.';
/** How far the status page counts what is due. */
const STATUS_COUNT_LIMIT = 10_000;

export type RunTrigger = 'schedule' | 'manual';

export interface RunOutcome {
  runId: string;
  destroyed: Partial<Record<RetentionRecordType, number>>;
}

/**
 * Retention (docs/RETENTION.md): a cron job on the job queue (RETENTION_CRON,
 * London time; one job per tick across every instance) destroys what is due
 * by the Clock's now. Each meeting and each child is destroyed in a
 * transaction of its own that opens the database's destruction gate (the
 * only way through the append-only guards), deletes its content from every
 * table and document store, tombstones its audit entries, writes a tombstone
 * and the `retention.destroyed` entry, and commits or rolls back as one.
 * A held record is skipped (re-checked under the subject's row lock); a
 * record already destroyed is skipped, so an overlapping or retried run
 * destroys nothing twice.
 */
@Injectable()
export class RetentionService implements OnModuleInit {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retention: RetentionRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.queue.define<{ trigger?: RunTrigger }>(
      RETENTION_RUN_JOB,
      async (data) => {
        const outcome = await this.run(data.trigger === 'manual' ? 'manual' : 'schedule');
        this.logger.log({ event: 'retention-run', ...outcome }, 'retention run finished');
      },
      { cron: this.config.retention.cron, retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3_600 },
    );
  }

  /** Queues a run now (audited by the caller's service); false when one is already waiting. */
  async queueRun(actor: AuditActor): Promise<boolean> {
    const queued =
      (await this.queue.send(RETENTION_RUN_JOB, { trigger: 'manual' }, { singletonKey: 'run-now' })) !== null;
    await this.audit.recordAlone({
      type: 'retention.run-requested',
      actor,
      subject: { type: 'job', id: RETENTION_RUN_JOB },
      details: { queued },
    });
    return queued;
  }

  /** Destroys everything due now that is not held. */
  async run(trigger: RunTrigger): Promise<RunOutcome> {
    const runId = randomUUID();
    const now = this.clock.now();
    const rules = this.config.retention.rules;
    const destroyed: Partial<Record<RetentionRecordType, number>> = {};
    const add = (type: RetentionRecordType, n: number) => {
      if (n > 0) destroyed[type] = (destroyed[type] ?? 0) + n;
    };
    await this.retention.startRun(runId, trigger, now);
    try {
      const schedules = schedulesParameter(this.schedules());
      const meetings = await this.retention.dueMeetings(now, schedules, MEETINGS_PER_RUN, false);
      for (const meeting of meetings) {
        const recordType = governingRecordType(meetingRecordType(meeting.meetingType), meeting);
        if (await this.destroyMeeting(meeting, recordType, runId, now)) add(recordType, 1);
      }
      const children = await this.retention.dueChildren(now, schedules, CHILDREN_PER_RUN, false);
      for (const child of children) {
        const recordType = governingRecordType('child-records', child);
        if (await this.destroyChild(child, recordType, runId, now)) add(recordType, 1);
      }
      for (const kind of ['login-attempts', 'audit-entries'] as const) {
        add(kind, await this.tombstoneOldAuditEntries(kind, runId, now));
      }
      const swept = await this.dataSource.transaction((manager) =>
        this.retention.sweepOperational(
          manager,
          {
            sessions: cutoff(now, rules.sessions),
            loginAttempts: cutoff(now, rules['login-attempts']),
            outbox: cutoff(now, rules['outbox-and-notifications']),
          },
          now,
        ),
      );
      for (const [type, rows] of Object.entries(swept)) {
        add(
          type as RetentionRecordType,
          Object.values(rows).reduce((a, b) => a + b, 0),
        );
      }
    } catch (error) {
      const described = describeError(error);
      await this.retention.finishRun(runId, this.clock.now(), destroyed, described.message);
      await this.audit.recordAlone({
        type: 'retention.run',
        outcome: 'refused',
        subject: { type: 'retention-run', id: runId },
        details: { trigger, destroyed, error: described.name },
      });
      throw error;
    }
    await this.retention.finishRun(runId, this.clock.now(), destroyed, null);
    await this.audit.recordAlone({
      type: 'retention.run',
      subject: { type: 'retention-run', id: runId },
      details: { trigger, destroyed },
    });
    return { runId, destroyed };
  }

  /** What is due under each rule, the last run, and how many records are tombstones. */
  async status(): Promise<RetentionStatusResponse> {
    const now = this.clock.now();
    const rules = this.config.retention.rules;
    const schedules = this.schedules();
    const meetings = (
      await this.retention.dueMeetings(now, schedulesParameter(schedules), STATUS_COUNT_LIMIT, true)
    ).map((m) => ({ held: m.held, recordType: governingRecordType(meetingRecordType(m.meetingType), m) }));
    const children = (
      await this.retention.dueChildren(now, schedulesParameter(schedules), STATUS_COUNT_LIMIT, true)
    ).map((c) => ({ held: c.held, recordType: governingRecordType('child-records', c) }));
    const due = [...meetings, ...children];
    const operational = await this.retention.operationalDue({
      sessions: cutoff(now, rules.sessions),
      loginAttempts: cutoff(now, rules['login-attempts']),
      outbox: cutoff(now, rules['outbox-and-notifications']),
      audit: cutoff(now, rules['audit-entries']),
    });
    const counts = (type: RetentionRecordType): { due: number; held: number } => {
      if (type in operational) return { due: operational[type as keyof typeof operational], held: 0 };
      const of = due.filter((d) => d.recordType === type);
      return { due: of.length, held: of.filter((d) => d.held).length };
    };
    const lastRun = await this.retention.lastRun();
    return {
      now: now.toISOString(),
      cron: this.config.retention.cron,
      rules: RETENTION_RECORD_TYPES.map((recordType) => ({
        recordType,
        label: RETENTION_RECORD_TYPE_LABELS[recordType],
        period: { years: rules[recordType].years, days: rules[recordType].days },
        countedFrom: RETENTION_COUNTED_FROM[recordType],
        ...counts(recordType),
      })),
      partnershipKey: PARTNERSHIP_KEY,
      partnerships: schedules.partnerships.map((p) => ({
        partnership: p.name,
        organisations: [...p.organisations],
        periods: PARTNERSHIP_RECORD_TYPES.map((recordType) => ({
          recordType,
          period: { years: p.rules[recordType].years, days: p.rules[recordType].days },
          own: p.ownRecordTypes.includes(recordType),
        })),
      })),
      lastRun: lastRun ? toRun(lastRun) : null,
      tombstones: await this.retention.tombstoneCount(),
    };
  }

  private schedules(): RetentionSchedules {
    return { rules: this.config.retention.rules, partnerships: this.config.retention.partnerships };
  }

  /** The rule a record is destroyed under: its type's period in its partnership's schedule (or the deployment's). */
  private ruleFor(recordType: RetentionRecordType, organisation: string | null) {
    const schedules = this.schedules();
    return ruleDescription(
      recordType,
      rulesFor(organisation, schedules),
      partnershipOf(organisation, schedules)?.name ?? null,
    );
  }

  private async destroyMeeting(
    meeting: DueMeeting,
    recordType: RetentionRecordType,
    runId: string,
    now: Date,
  ): Promise<boolean> {
    const rule = this.ruleFor(recordType, meeting.organisation);
    return this.dataSource.transaction(async (manager) => {
      await this.retention.openGate(manager, runId);
      if (!(await this.retention.lockMeetingForDestruction(manager, meeting.id))) return false;
      const tombstone = auditTombstone(rule, now, runId);
      const rowsRemoved = await this.retention.destroyMeetingContent(
        manager,
        meeting.id,
        `Destroyed on ${now.toISOString().slice(0, 10)} under the retention rule for ${recordType}.`,
      );
      const seqs = await this.retention.auditEntriesAbout(manager, { type: 'meeting', id: meeting.id });
      const tombstoned = await this.retention.tombstoneAuditEntries(manager, seqs, tombstone);
      await this.retention.insertTombstone(manager, {
        subjectType: 'meeting',
        subjectId: meeting.id,
        recordType,
        rule,
        closedAt: meeting.closedAt,
        dueAt: meeting.dueAt,
        destroyedAt: now,
        runId,
        rowsRemoved,
        childIds: meeting.childIds,
      });
      await this.retention.closeGate(manager);
      await this.audit.record(manager, {
        type: 'retention.destroyed',
        subject: { type: 'meeting', id: meeting.id },
        details: {
          recordType,
          years: rule.years,
          days: rule.days,
          ...(rule.partnership ? { partnership: rule.partnership } : {}),
          closedAt: new Date(meeting.closedAt).toISOString(),
          dueAt: new Date(meeting.dueAt).toISOString(),
          runId,
          rowsRemoved,
          auditEntriesTombstoned: tombstoned,
        },
      });
      return true;
    });
  }

  private async destroyChild(
    child: DueChild,
    recordType: RetentionRecordType,
    runId: string,
    now: Date,
  ): Promise<boolean> {
    const rule = this.ruleFor(recordType, child.organisation);
    return this.dataSource.transaction(async (manager) => {
      await this.retention.openGate(manager, runId);
      if (!(await this.retention.lockChildForDestruction(manager, child.id))) return false;
      const rowsRemoved = await this.retention.destroyChildContent(manager, child.id);
      const seqs = await this.retention.auditEntriesAbout(manager, { type: 'child', id: child.id });
      const tombstoned = await this.retention.tombstoneAuditEntries(manager, seqs, auditTombstone(rule, now, runId));
      await this.retention.insertTombstone(manager, {
        subjectType: 'child',
        subjectId: child.id,
        recordType,
        rule,
        closedAt: child.closedAt,
        dueAt: child.dueAt,
        destroyedAt: now,
        runId,
        rowsRemoved,
        childIds: [],
      });
      await this.retention.closeGate(manager);
      await this.audit.record(manager, {
        type: 'retention.destroyed',
        subject: { type: 'child', id: child.id },
        details: {
          recordType,
          years: rule.years,
          days: rule.days,
          ...(rule.partnership ? { partnership: rule.partnership } : {}),
          closedAt: new Date(child.closedAt).toISOString(),
          dueAt: new Date(child.dueAt).toISOString(),
          runId,
          rowsRemoved,
          auditEntriesTombstoned: tombstoned,
        },
      });
      return true;
    });
  }

  private async tombstoneOldAuditEntries(
    kind: 'login-attempts' | 'audit-entries',
    runId: string,
    now: Date,
  ): Promise<number> {
    const rule = ruleDescription(kind, this.config.retention.rules);
    return this.dataSource.transaction(async (manager) => {
      const seqs = await this.retention.oldAuditEntries(
        manager,
        cutoff(now, this.config.retention.rules[kind]),
        kind,
        AUDIT_ENTRIES_PER_RUN,
      );
      if (seqs.length === 0) return 0;
      await this.retention.openGate(manager, runId);
      const n = await this.retention.tombstoneAuditEntries(manager, seqs, auditTombstone(rule, now, runId));
      await this.retention.closeGate(manager);
      await this.audit.record(manager, {
        type: 'retention.destroyed',
        subject: { type: 'audit-trail', id: kind },
        details: {
          recordType: kind,
          years: rule.years,
          days: rule.days,
          runId,
          auditEntriesTombstoned: n,
          fromSeq: Number(seqs[0]),
          toSeq: Number(seqs[seqs.length - 1]),
        },
      });
      return n;
    });
  }
}

/** What a tombstoned audit entry says instead of its content: the rule (record type and period), when, which run. */
function auditTombstone(rule: ReturnType<typeof ruleDescription>, now: Date, runId: string) {
  return { rule: rule.recordType, years: rule.years, days: rule.days, destroyedAt: now.toISOString(), runId };
}

function toRun(row: RetentionRunRow): RetentionRun {
  return {
    id: row.id,
    trigger: row.trigger,
    startedAt: new Date(row.startedAt).toISOString(),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
    destroyed: row.destroyed,
    error: row.error,
  };
}
