import { Module } from '@nestjs/common';
import { MailRepository } from './mail.repository';
import { MailService } from './mail.service';

/** Email: the outbox, and SMTP when SMTP_URL is set. */
@Module({
  providers: [MailService, MailRepository],
  exports: [MailService],
})
export class MailModule {}
