import { Module } from '@nestjs/common';
import { ActionsModule, AttendanceModule, DecisionsModule, EntryFlagsModule, MeetingsModule } from '../../meeting';
import { AuthModule } from '../../identity';
import { HandshakeAuthenticator } from './handshake-authenticator';
import { MeetingEventsGateway } from './meeting-events.gateway';
import { MeetingStateService } from './meeting-state.service';

/**
 * The socket.io namespace `/meetings` on the app's HTTP port: authenticated
 * handshake, the meeting rooms, and the decision and action events.
 * Needs the global PlatformModule (APP_CONFIG, LiveConnectionRegistry).
 */
@Module({
  imports: [AuthModule, MeetingsModule, DecisionsModule, ActionsModule, AttendanceModule, EntryFlagsModule],
  providers: [MeetingEventsGateway, HandshakeAuthenticator, MeetingStateService],
  exports: [MeetingEventsGateway],
})
export class MeetingEventsModule {}
