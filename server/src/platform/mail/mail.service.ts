import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { FAMILY_LIMITS, type OutboxPage } from '@roundtable/shared/family';
import type { Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { describeError } from '../errors/log-safe-error';
import { JobQueue } from '../jobs/job-queue';
import { Clock } from '../time/clock';
import { type DueMail, MailRepository } from './mail.repository';

/** The job that hands due SMTP messages to the mail server again (every minute, on one instance per tick). */
export const MAIL_DELIVERY_JOB = 'mail.deliver-due';

/** Hand-overs of one message before the server gives up on it. */
export const MAIL_MAX_ATTEMPTS = 6;

/** Minutes to wait after the n-th failed hand-over (then the last figure): about 5½ hours from the first to the last. */
const RETRY_AFTER_MINUTES = [1, 5, 15, 60, 240];

/** Messages handed over per sweep. */
const SWEEP_LIMIT = 50;

/**
 * Whether the mail server refused the message for good. An SMTP 5xx reply is
 * permanent (RFC 5321 §4.2.1); a 4xx reply, a refused or dropped connection
 * or a timeout is for the moment, and worth another try.
 */
export function isPermanentMailFailure(error: unknown): boolean {
  const { responseCode } = (error ?? {}) as { responseCode?: unknown };
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}

/**
 * An email: plain text, and optionally a calendar invitation (an iCalendar
 * object with its iTIP METHOD, sent as a text/calendar part with `method=`).
 * It must carry no case content (no child's name, no record text), in the
 * calendar part neither.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  calendar?: MailCalendarPart;
}

/** A message in the outbox, not yet handed over: what `MailService.dispatch` takes. */
export interface RecordedMail {
  id: string;
  message: MailMessage;
}

/** A calendar invitation: REQUEST (new or updated event) or CANCEL; `ics` is the whole VCALENDAR. */
export interface MailCalendarPart {
  method: 'REQUEST' | 'CANCEL';
  ics: string;
}

/**
 * Sends email. Every message is recorded in `mail_outbox`; with SMTP_URL it is
 * also sent through nodemailer (in the background: a slow or failing mail
 * server never holds up or fails the request, and the outbox row records the
 * outcome). The row is the promise: a message the mail server could not take
 * for the moment, or whose server stopped before handing it over, is handed
 * over again by a sweep on the job queue, with back-off, until it is sent,
 * refused for good or MAIL_MAX_ATTEMPTS hand-overs have failed. Without
 * SMTP_URL (the embedded default) the outbox is all there is, and
 * administrators read it at GET /api/admin/outbox.
 */
@Injectable()
export class MailService implements OnModuleInit {
  private readonly logger = new Logger(MailService.name);
  /** Set at module init with SMTP_URL (nodemailer loads only then). */
  private transporter: Transporter | null = null;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'smtpUrl' | 'mailFrom'>,
    private readonly outbox: MailRepository,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.smtpUrl) return;
    const { createTransport } = await import('nodemailer');
    // Timeouts well inside the lease (MAIL_LEASE_MS), so a sweep never takes a message still being handed over.
    this.transporter = createTransport({
      url: this.config.smtpUrl,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
    this.queue.define(
      MAIL_DELIVERY_JOB,
      async () => {
        const handed = await this.deliverDue();
        if (handed > 0) this.logger.log({ event: 'mail-retried', handed }, 'due emails handed to the mail server');
      },
      { cron: '* * * * *', retryLimit: 0, expireInSeconds: 600 },
    );
  }

  /** Records the message and, with SMTP_URL, starts sending it. Resolves once it is in the outbox. */
  async send(message: MailMessage): Promise<void> {
    this.dispatch([await this.record(undefined, message)]);
  }

  /**
   * Records the message in the caller's transaction, so it exists exactly when
   * the change that caused it commits. Hand it over with `dispatch` after the
   * commit; if the process stops first, the sweep sends it when its lease runs
   * out (MAIL_LEASE_MS).
   */
  async record(tx: EntityManager | undefined, message: MailMessage): Promise<RecordedMail> {
    const transport = this.config.smtpUrl ? 'smtp' : 'outbox';
    return { id: await this.outbox.insert({ ...message, transport }, this.clock.now(), tx), message };
  }

  /** Starts handing recorded messages to the mail server, in the background (after their transaction committed). */
  dispatch(recorded: readonly RecordedMail[]): void {
    const transporter = this.transporter;
    if (!transporter) return;
    for (const { id, message } of recorded) void this.track(this.deliver(transporter, id, message, 1));
  }

  /**
   * Hands every SMTP message due now to the mail server once more (the
   * sweep); resolves with how many it took, once each hand-over has ended.
   */
  async deliverDue(): Promise<number> {
    const transporter = this.transporter;
    if (!transporter) return 0;
    const due = await this.outbox.claimDue(this.clock.now(), SWEEP_LIMIT);
    await Promise.all(
      due.map((mail) => this.track(this.deliver(transporter, mail.id, messageOf(mail), mail.attempts))),
    );
    return due.length;
  }

  /** Waits for messages still being handed to the mail server (tests, shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** The outbox, newest first. */
  async outboxPage(page: number): Promise<OutboxPage> {
    const pageSize = FAMILY_LIMITS.outboxPageSize;
    const { messages, total } = await this.outbox.page(page, pageSize);
    return { messages, page, pageSize, total };
  }

  private track(sending: Promise<void>): Promise<void> {
    const tracked = sending.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    return tracked;
  }

  /** One hand-over (the `attempt`-th); its outcome is written to the row and never thrown. */
  private async deliver(transporter: Transporter, id: string, message: MailMessage, attempt: number): Promise<void> {
    try {
      await transporter.sendMail({
        from: this.config.mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.calendar
          ? {
              icalEvent: {
                method: message.calendar.method,
                filename: message.calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
                content: message.calendar.ics,
              },
            }
          : {}),
      });
      await this.outbox.markSent(id, this.clock.now());
    } catch (err) {
      const error = describeError(err);
      const now = this.clock.now();
      const retry = !isPermanentMailFailure(err) && attempt < MAIL_MAX_ATTEMPTS;
      const retryAt = retry ? new Date(now.getTime() + retryAfterMinutes(attempt) * 60_000) : null;
      this.logger.error(
        { event: 'mail-failed', outboxId: id, attempt, retryAt: retryAt?.toISOString() ?? null, error },
        retry ? 'an email could not be sent for now: it will be tried again' : 'an email could not be sent: given up',
      );
      await this.outbox.markFailed(id, `${error.name}: ${error.message}`, retryAt, now).catch(() => undefined);
    }
  }
}

const retryAfterMinutes = (attempt: number): number =>
  RETRY_AFTER_MINUTES[Math.min(attempt, RETRY_AFTER_MINUTES.length) - 1]!;

const messageOf = (mail: DueMail): MailMessage => ({
  to: mail.to_address,
  subject: mail.subject,
  text: mail.body_text,
  ...(mail.calendar_method && mail.calendar_ics
    ? { calendar: { method: mail.calendar_method, ics: mail.calendar_ics } }
    : {}),
});
