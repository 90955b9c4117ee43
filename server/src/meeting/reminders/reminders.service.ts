import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { REMINDERS_SCAN_JOB } from '@roundtable/shared/notifications';
import type { DataSource } from 'typeorm';
import { NotificationsService } from '../../identity';
import { APP_CONFIG, type AppConfig, Clock, JobQueue, MailService } from '../../platform';
import { ClocksService } from '../clocks/clocks.service';
import { ChildPathwayService } from '../plans/child-pathway.service';
import {
  clockReminders,
  overdueActionReminders,
  type Reminder,
  reminderEmailText,
  staleEscalationReminders,
  upcomingMeetingReminders,
} from './reminder-rules';
import { RemindersRepository } from './reminders.repository';

/** How far back the scan looks for concluded meetings whose clocks may still run. */
const CLOCK_LOOKBACK_DAYS = 120;
/** Emails one scan sends at most (the next scan sends the rest). */
const EMAILS_PER_SCAN = 500;

export interface ScanOutcome {
  raised: number;
  emailed: number;
}

/**
 * Reminders on a schedule (docs/NOTIFICATIONS.md): a cron job on the job
 * queue (REMINDERS_SCAN_CRON, London time; one job per tick across every
 * instance) reads what is overdue, due or soon by the Clock's now, and raises
 * each reminder once: its key inserted with ON CONFLICT DO NOTHING in the
 * same transaction as the in-app notification, so two instances, an
 * overlapping run or a retried job never raise one twice. Emails go after
 * the commit, each from its own locked row: a failure to record one fails
 * the job, which pg-boss retries with back-off (and the next scan sends what
 * is still pending), without raising anything again.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reminders: RemindersRepository,
    private readonly clocks: ClocksService,
    private readonly pathway: ChildPathwayService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    const settings = this.config.reminders;
    this.queue.define(
      REMINDERS_SCAN_JOB,
      async () => {
        const outcome = await this.scan();
        if (outcome.raised || outcome.emailed) {
          this.logger.log({ event: 'reminders-scanned', ...outcome }, 'reminders raised and emailed');
        }
      },
      { cron: settings.scanCron, retryLimit: 5, retryDelay: settings.retryDelaySeconds, retryBackoff: true },
    );
  }

  /** Queues a scan now (administrators' "run now"); false when one is already waiting. */
  async runNow(): Promise<boolean> {
    return (await this.queue.send(REMINDERS_SCAN_JOB, {}, { singletonKey: 'run-now' })) !== null;
  }

  /** Raises every reminder due now that was not raised before, then sends the emails still to go. */
  async scan(): Promise<ScanOutcome> {
    const now = this.clock.now();
    let raised = 0;
    for (const reminder of await this.due(now)) {
      if (await this.raise(reminder, now)) raised++;
    }
    return { raised, emailed: await this.sendPendingEmails() };
  }

  /** Every reminder the facts call for now, raised before or not. */
  async due(now: Date): Promise<Reminder[]> {
    const s = this.config.reminders;
    const [actions, clocked, escalations, upcoming] = await Promise.all([
      this.reminders.findOverdueActions(now),
      this.reminders.findClockedMeetings(now, CLOCK_LOOKBACK_DAYS),
      this.reminders.findStaleEscalations(new Date(now.getTime() - s.escalationStaleDays * 86_400_000)),
      this.reminders.findUpcomingMeetings(now, new Date(now.getTime() + s.meetingLeadHours * 3_600_000)),
    ]);
    const members = await this.reminders.findMembers(
      [...new Set([...actions, ...clocked, ...escalations, ...upcoming].map((r) => r.meetingId))],
      now,
    );
    const of = (meetingId: string) => members.get(meetingId) ?? [];
    const out: Reminder[] = [];
    for (const a of actions)
      out.push(...overdueActionReminders({ ...a, dueAt: new Date(a.dueAt), members: of(a.meetingId) }, now, s));
    for (const m of clocked) {
      const meetingClocks = await this.clocks.forMeeting(
        this.dataSource.manager,
        {
          id: m.meetingId,
          status: m.status,
          concludedAt: m.concludedAt ? new Date(m.concludedAt) : null,
          reviewDate: m.reviewDate,
        },
        now,
      );
      for (const clock of meetingClocks) {
        out.push(...clockReminders({ ...m, clock, members: of(m.meetingId) }, now, s, this.config.clockRules));
      }
    }
    // Each child's plan clocks (core groups, review conferences; the ICPC is the meeting's clock above).
    const children = (await this.reminders.findChildrenOnPlans()).filter((c) => c.recipients.length > 0);
    const summaries = await this.pathway.summaries(
      children.map((c) => c.childId),
      now,
    );
    for (const c of children) {
      for (const clock of summaries.get(c.childId)?.clocks ?? []) {
        if (clock.key === 'icpc') continue;
        out.push(
          ...clockReminders(
            { ...c, clock, members: [], child: { childId: c.childId, recipients: c.recipients } },
            now,
            s,
            this.config.clockRules,
          ),
        );
      }
    }
    for (const e of escalations) {
      out.push(
        ...staleEscalationReminders({ ...e, lastStepAt: new Date(e.lastStepAt), members: of(e.meetingId) }, now, s),
      );
    }
    for (const u of upcoming) {
      out.push(
        ...upcomingMeetingReminders({ ...u, scheduledAt: new Date(u.scheduledAt), members: of(u.meetingId) }, now, s),
      );
    }
    return out;
  }

  /** Raises one reminder: its key and its notification in one transaction; false when it was raised before. */
  private async raise(reminder: Reminder, now: Date): Promise<boolean> {
    if (await this.reminders.exists(reminder)) return false;
    return this.dataSource.transaction(async (tx) => {
      const notificationId = randomUUID();
      const emailWanted = await this.notifications.wantsEmail(tx, reminder.recipientUserId, reminder.kind);
      const text = reminderEmailText(reminder, this.config.publicUrl);
      // Another instance may hold the key: this waits for its commit, then does nothing.
      if (!(await this.reminders.claim(tx, reminder, notificationId, emailWanted, text, now))) return false;
      await this.notifications.add(tx, {
        id: notificationId,
        userId: reminder.recipientUserId,
        kind: reminder.kind,
        title: reminder.title,
        meetingId: reminder.meetingId,
        meetingReference: reminder.meetingReference,
        link: reminder.link,
        createdAt: now,
      });
      return true;
    });
  }

  /**
   * Sends each email still to go, each under its row's lock (another instance
   * skips it): recorded in the outbox and marked sent in one transaction, so
   * it is recorded exactly once, then handed to the mail server. Throws on the
   * first that cannot be recorded (the job is retried).
   */
  private async sendPendingEmails(): Promise<number> {
    let sent = 0;
    for (const id of await this.reminders.pendingEmailIds(EMAILS_PER_SCAN)) {
      const recorded = await this.dataSource.transaction(async (tx) => {
        const email = await this.reminders.lockPendingEmail(tx, id);
        if (!email) return null;
        const mail = await this.mail.record(tx, { to: email.to, subject: email.subject, text: email.text });
        await this.reminders.markEmailed(tx, id, this.clock.now());
        return mail;
      });
      if (recorded) {
        this.mail.dispatch([recorded]);
        sent++;
      }
    }
    return sent;
  }
}
