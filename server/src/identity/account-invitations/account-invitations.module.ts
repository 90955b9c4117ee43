import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit';
import { AccountInvitationsRepository } from './account-invitations.repository';
import { AccountInvitationsService } from './account-invitations.service';

/** Invitations for people without an account (the meeting area invites and makes the member). */
@Module({
  imports: [AuditModule],
  providers: [AccountInvitationsService, AccountInvitationsRepository],
  exports: [AccountInvitationsService],
})
export class AccountInvitationsModule {}
