import { Inject, Injectable, Logger } from '@nestjs/common';
import { FAMILY_LIMITS, type OutboxPage } from '@roundtable/shared/family';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { describeError } from '../errors/log-safe-error';
import { MailRepository } from './mail.repository';

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

/** A calendar invitation: REQUEST (new or updated event) or CANCEL; `ics` is the whole VCALENDAR. */
export interface MailCalendarPart {
  method: 'REQUEST' | 'CANCEL';
  ics: string;
}

/**
 * Sends email. Every message is recorded in `mail_outbox`; with SMTP_URL it is
 * also sent through nodemailer (in the background: a slow or failing mail
 * server never holds up or fails the request, and the outbox row records the
 * outcome). Without SMTP_URL (the embedded default) the outbox is all there
 * is, and administrators read it at GET /api/admin/outbox.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private readonly transporter: Transporter | null;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'smtpUrl' | 'mailFrom'>,
    private readonly outbox: MailRepository,
  ) {
    this.transporter = config.smtpUrl ? createTransport(config.smtpUrl) : null;
  }

  /** Records the message and, with SMTP_URL, starts sending it. Resolves once it is in the outbox. */
  async send(message: MailMessage): Promise<void> {
    const id = await this.outbox.insert({ ...message, transport: this.transporter ? 'smtp' : 'outbox' });
    if (!this.transporter) return;
    const sending = this.deliver(this.transporter, id, message).finally(() => this.pending.delete(sending));
    this.pending.add(sending);
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

  private async deliver(transporter: Transporter, id: string, message: MailMessage): Promise<void> {
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
      await this.outbox.markSent(id);
    } catch (err) {
      const error = describeError(err);
      this.logger.error({ event: 'mail-failed', outboxId: id, error }, 'an email could not be sent');
      await this.outbox.markFailed(id, `${error.name}: ${error.message}`).catch(() => undefined);
    }
  }
}
