import { Module } from '@nestjs/common';
import { AccountInvitationsModule } from '../../identity';
import { MailModule } from '../../platform';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { CalendarEventsRepository } from './calendar-events.repository';
import { InvitationAcceptanceController, MeetingAccountInvitationsController } from './invitations.controller';
import { MeetingInvitationsService } from './meeting-invitations.service';

/** Invitations by email with calendar attachments, and invitations for people without an account (docs/EMAIL.md). */
@Module({
  imports: [AccountInvitationsModule, MeetingsModule, MeetingLockModule, MailModule],
  controllers: [MeetingAccountInvitationsController, InvitationAcceptanceController],
  providers: [MeetingInvitationsService, CalendarEventsRepository],
})
export class InvitationsModule {}
