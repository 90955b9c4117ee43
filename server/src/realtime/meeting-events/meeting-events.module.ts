import { Module } from '@nestjs/common';
import {
  ActionsModule,
  AgendaModule,
  AttendanceModule,
  CompartmentsModule,
  DecisionsModule,
  EntryFlagsModule,
  MeetingsModule,
  SafetyPlanModule,
  SharingDecisionsModule,
} from '../../meeting';
import { AuthModule } from '../../identity';
import { RealtimeAccessModule } from '../access/realtime-access.module';
import { MeetingBroadcastsModule } from './meeting-broadcasts.module';
import { MeetingEventsGateway } from './meeting-events.gateway';
import { MeetingSocketsService } from './meeting-sockets.service';
import { MeetingStateService } from './meeting-state.service';

/**
 * The socket.io namespace `/meetings` on the app's HTTP port: the handshake
 * (authenticated as collab upgrades are), the meeting rooms, and the decision
 * and action events, and the broadcasts of scores and attendance (MeetingBroadcastsModule).
 * Needs the global PlatformModule (APP_CONFIG, LiveConnectionRegistry).
 */
@Module({
  imports: [
    AuthModule,
    RealtimeAccessModule,
    MeetingsModule,
    DecisionsModule,
    ActionsModule,
    AgendaModule,
    AttendanceModule,
    EntryFlagsModule,
    SafetyPlanModule,
    MeetingBroadcastsModule,
    CompartmentsModule,
    SharingDecisionsModule,
  ],
  providers: [MeetingEventsGateway, MeetingSocketsService, MeetingStateService],
  exports: [MeetingEventsGateway],
})
export class MeetingEventsModule {}
