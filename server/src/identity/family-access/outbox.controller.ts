import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { type OutboxPage, OutboxQuerySchema } from '@roundtable/shared/family';
import type { z } from 'zod';
import { MailService, ZodValidationPipe } from '../../platform';
import { AdminGuard } from '../admin/admin.guard';

/**
 * The mail outbox: every email the server sent or, without SMTP_URL, would
 * have sent (so `npm start` shows family members' sign-in codes). Administrators only.
 */
@ApiTags('admin')
@ApiForbiddenResponse({ description: 'Not an administrator (the refusal is audited)' })
@UseGuards(AdminGuard)
@Controller('admin/outbox')
export class OutboxController {
  constructor(private readonly mail: MailService) {}

  /** One page of the outbox, newest first. */
  @Get()
  page(
    @Query(new ZodValidationPipe(OutboxQuerySchema)) query: z.output<typeof OutboxQuerySchema>,
  ): Promise<OutboxPage> {
    return this.mail.outboxPage(query.page);
  }
}
