import { Inject, Injectable, Logger } from '@nestjs/common';
import { LIMITS, type MeetingRole } from '@roundtable/shared/constants';
import type { MeetingEventsState } from '@roundtable/shared/meeting-events';
import { auditActor, AuditService } from '../../audit';
import { SessionsService } from '../../identity';
import { AttendanceService, MEETING_NOT_FOUND, MeetingsService } from '../../meeting';
import {
  APP_CONFIG,
  type AppConfig,
  assertStepUpFresh,
  type AuthenticatedUser,
  DomainError,
  LiveConnectionRegistry,
  TokenBucket,
} from '../../platform';
import {
  type AuthenticationRefusal,
  RealtimeAuthenticator,
  type RealtimeTarget,
} from '../access/realtime-authenticator.service';
import { describeUnexpected } from './event-acks';
import { type MeetingSocket, MeetingSocketConnection } from './meeting-socket-connection';
import { MeetingStateService } from './meeting-state.service';

/** Why a handshake was refused: sent to the client as the `connect_error`'s `data`. */
export interface HandshakeRefusal {
  code: 'Unauthenticated' | 'Forbidden' | 'TooManyConnections';
  message: string;
}

/** What an event needs of its sender beyond a live session. */
export interface ActorOptions {
  /** A sign-in or step-up within STEP_UP_MAX_AGE_MINUTES (else StepUpRequired). */
  stepUp?: boolean;
}

const SOCKET_IO: RealtimeTarget = { channel: 'socket.io' };

/** How each authentication refusal is answered (docs/REALTIME.md); a handshake carries no ticket. */
const AUTHENTICATION_REFUSALS: Record<AuthenticationRefusal, HandshakeRefusal> = {
  'no-session': { code: 'Unauthenticated', message: 'Sign in to continue' },
  'invalid-session': { code: 'Unauthenticated', message: 'Your session has ended. Sign in again' },
  'foreign-origin': { code: 'Forbidden', message: 'This page is not allowed to connect to Roundtable' },
  'bad-ticket': { code: 'Unauthenticated', message: 'Your session has ended. Sign in again' },
  'ended-session': { code: 'Unauthenticated', message: 'Your session has ended. Sign in again' },
};

/**
 * The server's side of each `/meetings` socket: the handshake (through the
 * RealtimeAuthenticator, as collab upgrades), the session re-checked on every
 * event, and the meeting rooms it joins, each registered for access changes,
 * audited and counted in the attendance register.
 */
@Injectable()
export class MeetingSocketsService {
  private readonly logger = new Logger(MeetingSocketsService.name);

  constructor(
    private readonly authenticator: RealtimeAuthenticator,
    private readonly sessions: SessionsService,
    private readonly meetings: MeetingsService,
    private readonly state: MeetingStateService,
    private readonly attendance: AttendanceService,
    private readonly liveConnections: LiveConnectionRegistry,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'stepUpMaxAgeMs'>,
  ) {}

  /**
   * Authenticates a handshake (session cookie, allowed Origin, live session)
   * and takes one of the user's connection slots, given back when the
   * connection closes. On success the socket's data is set and null returned.
   */
  async admit(socket: MeetingSocket): Promise<HandshakeRefusal | null> {
    const authentication = await this.authenticator.authenticate({ headers: socket.handshake.headers }, SOCKET_IO);
    if (!authentication.ok) {
      const refusal = AUTHENTICATION_REFUSALS[authentication.refusal];
      this.logger.log({ code: refusal.code }, 'meeting events handshake refused');
      return refusal;
    }
    // The client may have gone while we checked: its close event has fired already.
    if (socket.conn.readyState !== 'open') return { code: 'Unauthenticated', message: 'The connection closed' };
    const { session } = authentication;
    const releaseSlot = await this.authenticator.claimConnectionSlot(session.user.id, SOCKET_IO);
    if (releaseSlot && socket.conn.readyState !== 'open') {
      releaseSlot();
      return { code: 'Unauthenticated', message: 'The connection closed' };
    }
    if (!releaseSlot) {
      return {
        code: 'TooManyConnections',
        message: 'You have too many Roundtable windows or tabs open. Close some of them, then try again',
      };
    }
    socket.conn.once('close', releaseSlot);
    socket.data.session = session;
    socket.data.meetings = new Map();
    socket.data.events = new TokenBucket(LIMITS.meetingEventsPerSecond, LIMITS.meetingEventBurst);
    socket.data.rateLimited = false;
    socket.data.releaseSlot = releaseSlot;
    return null;
  }

  /**
   * The user behind the socket, if its session is still live; otherwise
   * Unauthenticated, and the socket is disconnected. With `stepUp`, the
   * session must also have signed in or stepped up recently (StepUpRequired).
   */
  async actor(socket: MeetingSocket, options: ActorOptions = {}): Promise<AuthenticatedUser> {
    const session = await this.sessions.findLive(socket.data.session.sessionId);
    if (!session) {
      // After the acknowledgement is written (same connection, in order).
      setImmediate(() => socket.disconnect(true));
      throw new DomainError('Unauthenticated', 'Your session has ended. Sign in again');
    }
    socket.data.session = session;
    if (options.stepUp) assertStepUpFresh(session, this.config.stepUpMaxAgeMs);
    return session.user;
  }

  /**
   * Joins a meeting's room. The connection is registered before the
   * membership check, so a removal racing the join still reaches it; the
   * socket enters the room before the state is read, so no change committed
   * after that read can be missed (a client keeps the highest revision).
   */
  async join(socket: MeetingSocket, meetingId: string): Promise<MeetingEventsState> {
    const actor = await this.actor(socket);
    let connection = socket.data.meetings.get(meetingId);
    if (!connection) {
      connection = new MeetingSocketConnection(socket, meetingId);
      connection.registered(this.liveConnections.register(connection));
      socket.data.meetings.set(meetingId, connection);
    }
    try {
      const role = await this.meetings.findRole(meetingId, actor.id);
      if (!role) {
        await this.audit.recordAlone({
          type: 'access.refused',
          outcome: 'refused',
          actor: auditActor(actor),
          meetingId,
          details: { channel: 'socket.io', event: 'meeting:join', code: 'MeetingNotFound' },
        });
        throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
      }
      // Presence for the attendance register: one period per socket and meeting, closed however it ends.
      const presenceKey = `${socket.id}:${meetingId}`;
      const onLeft = () => {
        void this.auditRoom('room.left', actor, meetingId, role);
        void this.attendance.left(presenceKey);
      };
      if (connection.joined(onLeft)) {
        await this.auditRoom('room.joined', actor, meetingId, role);
        await this.attendance.joined(presenceKey, meetingId, actor.id);
        // Left while the period was being written: close it now.
        if (socket.disconnected || socket.data.meetings.get(meetingId) !== connection) {
          await this.attendance.left(presenceKey);
        }
      }
      connection.enterRoom();
      const state = await this.state.stateFor(actor, meetingId);
      if (connection.isRevoked) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
      return state;
    } catch (error) {
      connection.end();
      throw error;
    }
  }

  /** Takes the socket out of a meeting's room (nothing changes if it was not in it). */
  async leave(socket: MeetingSocket, meetingId: string): Promise<null> {
    await this.actor(socket);
    socket.data.meetings.get(meetingId)?.end();
    return null;
  }

  /** The socket has gone: gives back its connection slot and leaves every room. */
  disconnected(socket: MeetingSocket): void {
    socket.data.releaseSlot?.();
    for (const connection of [...(socket.data.meetings?.values() ?? [])]) connection.end();
  }

  /** Who was in a meeting's room, and when (the attendance an auditor reconstructs). */
  private async auditRoom(
    type: 'room.joined' | 'room.left',
    actor: AuthenticatedUser,
    meetingId: string,
    role: MeetingRole,
  ): Promise<void> {
    try {
      await this.audit.recordAlone({ type, actor: auditActor(actor), meetingId, details: { role } });
    } catch (error) {
      if (type === 'room.joined') throw error; // nobody joins unrecorded
      this.logger.error({ meetingId, err: describeUnexpected(error) }, 'could not audit leaving a room');
    }
  }
}
