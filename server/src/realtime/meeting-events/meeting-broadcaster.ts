import { Injectable } from '@nestjs/common';
import {
  type AttendanceChangedEvent,
  type ClientToServerEvents,
  type FamilyActivityEvent,
  meetingMemberRoom,
  meetingRoom,
  type RecordSealedEvent,
  type SafetyScoresChangedEvent,
  type ServerToClientEvents,
} from '@roundtable/shared/meeting-events';
import type { AudienceMember } from '@roundtable/shared/need-to-know';
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

  familyActivity(event: FamilyActivityEvent): void {
    this.namespace?.to(meetingRoom(event.meetingId)).emit('family:activity', event);
  }

  /**
   * Need-to-know: sends each member the payload meant for them, to their own
   * room in the meeting, on every instance. `payloadFor` returns null to send a
   * member nothing; members given the same object share one emit. Members who
   * have not joined receive nothing (they get the filtered state when they join).
   */
  emitPerMember<E extends keyof ServerToClientEvents>(
    meetingId: string,
    event: E,
    members: readonly AudienceMember[],
    payloadFor: (member: AudienceMember) => Parameters<ServerToClientEvents[E]>[0] | null,
  ): void {
    const namespace = this.namespace;
    if (!namespace) return;
    const roomsByPayload = new Map<Parameters<ServerToClientEvents[E]>[0], string[]>();
    for (const member of members) {
      const payload = payloadFor(member);
      if (payload === null) continue;
      const rooms = roomsByPayload.get(payload) ?? [];
      rooms.push(meetingMemberRoom(meetingId, member.userId));
      roomsByPayload.set(payload, rooms);
    }
    for (const [payload, rooms] of roomsByPayload) {
      // socket.io's typed emit cannot follow a generic event name; the payload is typed by `payloadFor`.
      (namespace.to(rooms).emit as (event: E, payload: unknown) => boolean)(event, payload);
    }
  }
}
