import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { AuthModule } from '../auth/auth.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { EntryFlagsModule } from '../entry-flags/entry-flags.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { HandshakeAuthenticator } from './handshake-authenticator';
import { MeetingEventsGateway } from './meeting-events.gateway';
import { MeetingStateService } from './meeting-state.service';

/**
 * The socket.io namespace `/meetings` on the app's HTTP port: authenticated
 * handshake, the meeting rooms, and the decision and action events.
 * Needs the global CommonModule (APP_CONFIG, LiveConnectionRegistry).
 */
@Module({
  imports: [AuthModule, MeetingsModule, DecisionsModule, ActionsModule, AttendanceModule, EntryFlagsModule],
  providers: [MeetingEventsGateway, HandshakeAuthenticator, MeetingStateService],
  exports: [MeetingEventsGateway],
})
export class MeetingEventsModule {}
