import { Module } from '@nestjs/common';
import { AuthModule, FamilySessionsModule } from '../../identity';
import { MeetingsModule } from '../../meeting';
import { CollabTicketService } from './collab-ticket.service';
import { FamilyRealtimeAuthenticator } from './family-realtime-authenticator.service';
import { RealtimeAuthenticator } from './realtime-authenticator.service';

/**
 * Who may open a realtime connection, for the collab endpoint and the
 * socket.io namespace alike: the session cookie from an allowed Origin or a
 * one-use ticket, a live session, and a connection slot per user; and a
 * family member's family cookie (FamilyRealtimeAuthenticator).
 * Needs the global PlatformModule (LiveConnectionRegistry) and AuditModule.
 */
@Module({
  imports: [AuthModule, MeetingsModule, FamilySessionsModule],
  providers: [RealtimeAuthenticator, CollabTicketService, FamilyRealtimeAuthenticator],
  exports: [RealtimeAuthenticator, CollabTicketService, FamilyRealtimeAuthenticator],
})
export class RealtimeAccessModule {}
