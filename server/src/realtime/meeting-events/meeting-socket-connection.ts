import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import {
  type ClientToServerEvents,
  meetingMemberRoom,
  meetingRoom,
  type ServerToClientEvents,
} from '@roundtable/shared/meeting-events';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import type { Socket } from 'socket.io';
import type { AuthenticatedSession, LiveConnection, TokenBucket } from '../../platform';

/** What the server keeps on each `/meetings` socket. */
export interface MeetingSocketData {
  /** Set by the handshake middleware; re-checked on every event. */
  session: AuthenticatedSession;
  /** The meetings this socket has joined, by meeting id. */
  meetings: Map<string, MeetingSocketConnection>;
  /** Every event takes a token (LIMITS.meetingEventsPerSecond); an event without one is refused RateLimited. */
  events: TokenBucket;
  /** True while events are being refused, so a flood is logged once, not per event. */
  rateLimited: boolean;
  /** Gives back the user's connection slot (LIMITS.connectionsPerUserMax); idempotent. */
  releaseSlot: () => void;
}

export type MeetingSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, MeetingSocketData>;

/**
 * One socket's membership of one meeting room, registered with the
 * LiveConnectionRegistry so access changes reach it at once: sign-out or
 * expiry disconnects the socket; removal from the meeting takes it out of the
 * room (no further broadcasts) and tells the client; a role change tells the
 * client (roles are re-read from the database on every event anyway).
 */
export class MeetingSocketConnection implements LiveConnection {
  private revoked = false;
  private ended = false;
  private unregister: () => void = () => undefined;
  private onLeft: (() => void) | null = null;

  constructor(
    private readonly socket: MeetingSocket,
    readonly meetingId: string,
  ) {}

  get sessionId(): string {
    return this.socket.data.session.sessionId;
  }

  get userId(): string {
    return this.socket.data.session.user.id;
  }

  /** True once the user's access to the meeting was removed; the connection is finished. */
  get isRevoked(): boolean {
    return this.revoked;
  }

  /** Keeps the registry's unregister function, called when the connection ends. */
  registered(unregister: () => void): void {
    this.unregister = unregister;
  }

  /** Marks the room as joined (once); `onLeft` runs when this connection ends, however it ends. */
  joined(onLeft: () => void): boolean {
    if (this.onLeft || this.ended) return false;
    this.onLeft = onLeft;
    return true;
  }

  /**
   * Enters the meeting's room and the member's own room in it: broadcasts for
   * the meeting, and need-to-know events addressed to this member, reach this
   * socket from now on.
   */
  enterRoom(): void {
    if (!this.revoked) void this.socket.join(this.rooms());
  }

  close(code: number): void {
    if (code !== CLOSE_CODES.accessRevoked) {
      this.end(); // out of the room at once
      // Disconnected after any acknowledgement being written: an event that found its session
      // expired (which revokes it, and so lands here) still gets its Unauthenticated answer.
      setImmediate(() => this.socket.disconnect(true));
      return;
    }
    this.revoked = true;
    this.end();
    this.socket.emit('meeting:access-changed', { meetingId: this.meetingId, role: null });
  }

  changeRole(role: MeetingRole): void {
    this.socket.emit('meeting:access-changed', { meetingId: this.meetingId, role });
  }

  /** The meeting started or concluded: tell the client (decision changes are refused after conclusion). */
  meetingStatusChanged(status: MeetingStatus): void {
    if (!this.ended) this.socket.emit('meeting:status-changed', { meetingId: this.meetingId, status });
  }

  /** Leaves the room and the registry. Idempotent. */
  end(): void {
    if (!this.ended) {
      this.ended = true;
      this.onLeft?.();
    }
    this.unregister();
    for (const room of this.rooms()) void this.socket.leave(room);
    if (this.socket.data.meetings?.get(this.meetingId) === this) this.socket.data.meetings.delete(this.meetingId);
  }

  private rooms(): string[] {
    return [meetingRoom(this.meetingId), meetingMemberRoom(this.meetingId, this.userId)];
  }
}
