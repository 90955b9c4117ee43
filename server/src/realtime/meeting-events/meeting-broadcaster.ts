import { Injectable } from '@nestjs/common';
import {
  type AttendanceChangedEvent,
  type ClientToServerEvents,
  meetingRoom,
  type RecordSealedEvent,
  type SafetyScoresChangedEvent,
  type ServerToClientEvents,
} from '@roundtable/shared/meeting-events';
import type { Namespace } from 'socket.io';
import { MeetingBroadcasts } from '../../meeting';
import type { MeetingSocketData } from './meeting-socket-connection';

type MeetingsNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, {}, MeetingSocketData>;

/**
 * The meeting area's MeetingBroadcasts on the `/meetings` namespace: each
 * event goes to the meeting's room, on every instance (the Redis adapter).
 * The room is the audience: only members who passed the membership check are
 * in it, and a removal takes their sockets out at once (docs/REALTIME.md).
 * Before the gateway is up (or after it is gone) nothing is sent; a client
 * gets the current state when it joins.
 */
@Injectable()
export class MeetingBroadcaster extends MeetingBroadcasts {
  private namespace: MeetingsNamespace | null = null;

  /** Called by the gateway once socket.io has created the namespace. */
  attach(namespace: MeetingsNamespace): void {
    this.namespace = namespace;
  }

  safetyScoresChanged(event: SafetyScoresChangedEvent): void {
    this.namespace?.to(meetingRoom(event.meetingId)).emit('safety-plan:scores-changed', event);
  }

  attendanceChanged(event: AttendanceChangedEvent): void {
    this.namespace?.to(meetingRoom(event.meetingId)).emit('attendance:changed', event);
  }

  recordSealed(event: RecordSealedEvent): void {
    this.namespace?.to(meetingRoom(event.meetingId)).emit('record:sealed', event);
  }
}
