import { Module } from '@nestjs/common';
import {
  ActionsModule,
  AgendaModule,
  AttendanceModule,
  CompartmentsModule,
  DecisionsModule,
  EntryFlagsModule,
  FamilyFacingModule,
  MeetingsModule,
  ProtectedPersonsModule,
  SafetyPlanModule,
  SharingDecisionsModule,
} from '../../meeting';
import { AuthModule } from '../../identity';
import { RealtimeAccessModule } from '../access/realtime-access.module';
import { EntryDeliveryService } from './entry-delivery.service';
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
    FamilyFacingModule,
    SafetyPlanModule,
    MeetingBroadcastsModule,
    CompartmentsModule,
    SharingDecisionsModule,
    ProtectedPersonsModule,
  ],
  providers: [MeetingEventsGateway, MeetingSocketsService, MeetingStateService, EntryDeliveryService],
  exports: [MeetingEventsGateway],
})
export class MeetingEventsModule {}
