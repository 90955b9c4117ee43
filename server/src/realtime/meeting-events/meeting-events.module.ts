import { Module } from '@nestjs/common';
import { ActionsModule } from '../../meeting/actions/actions.module';
import { AttendanceModule } from '../../meeting/attendance/attendance.module';
import { AuthModule } from '../../identity/auth/auth.module';
import { DecisionsModule } from '../../meeting/decisions/decisions.module';
import { EntryFlagsModule } from '../../meeting/entry-flags/entry-flags.module';
import { MeetingsModule } from '../../meeting/meetings/meetings.module';
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
