import { type BeforeApplicationShutdown, Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { ActionResponse } from '@roundtable/shared/actions';
import { LIMITS, type MeetingRole } from '@roundtable/shared/constants';
import {
  CreateActionRequestSchema,
  SetActionStatusRequestSchema,
  UpdateActionRequestSchema,
} from '@roundtable/shared/actions';
import {
  AddEscalationStepRequestSchema,
  CloseDecisionRequestSchema,
  CorrectLaDecisionRequestSchema,
  type DecisionResponse,
  OpenDecisionRequestSchema,
  RecordDissentRequestSchema,
  RecordLaDecisionRequestSchema,
  RecordViewRequestSchema,
  ResolveEscalationRequestSchema,
} from '@roundtable/shared/decisions';
import {
  type AckResponse,
  type ClientToServerEvents,
  JoinMeetingRequestSchema,
  MEETINGS_NAMESPACE,
  type MeetingActivity,
  type MeetingEventsState,
  meetingRoom,
  type ServerToClientEvents,
} from '@roundtable/shared/meeting-events';
import { FlagActionRequestSchema, FlagViewRequestSchema } from '@roundtable/shared/templates';
import type { Namespace } from 'socket.io';
import type { z } from 'zod';
import {
  ActionsService,
  AttendanceService,
  type ChangeOutcome,
  DecisionsService,
  EntryFlagsService,
  MEETING_NOT_FOUND,
  MeetingsService,
} from '../../meeting';
import { auditActor, AuditService } from '../../audit';
import {
  APP_CONFIG,
  type AppConfig,
  assertStepUpFresh,
  type AuthenticatedUser,
  DomainError,
  LiveConnectionRegistry,
  TokenBucket,
} from '../../platform';
import { SessionsService } from '../../identity';
import { ackError, ackOk, describeUnexpected, parsePayload } from './event-acks';
import { HandshakeAuthenticator } from './handshake-authenticator';
import { type MeetingSocket, MeetingSocketConnection, type MeetingSocketData } from './meeting-socket-connection';
import { MeetingStateService } from './meeting-state.service';

/** What a client sending events faster than LIMITS.meetingEventsPerSecond (beyond the burst) is told. */
export const RATE_LIMITED_MESSAGE = 'Too many changes in a short time. Wait a moment, then try again';
/** How long shutdown waits for events being handled to finish. */
const SHUTDOWN_DRAIN_MS = 5_000;

type MeetingsNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, {}, MeetingSocketData>;
type ChangeRunner<S extends z.ZodType, T> = (actor: AuthenticatedUser, input: z.output<S>) => Promise<ChangeOutcome<T>>;

/**
 * The socket.io namespace `/meetings` (docs/REALTIME.md): decisions, agency
 * views, dissent and escalation, and the action log. The handshake is
 * authenticated (session cookie, allowed Origin); every event is validated
 * against its shared schema, re-checks the session and goes to a service that
 * checks membership and role in its transaction. Every event is acknowledged
 * with an AckResponse; committed changes are broadcast to the meeting's room.
 */
// WebSocket only: the handshake is one upgrade request carrying the cookie and
// Origin; long-polling would be a second, cookie-authenticated HTTP surface.
@WebSocketGateway({
  namespace: MEETINGS_NAMESPACE,
  transports: ['websocket'],
  serveClient: false,
  // engine.io closes the connection over it. The largest valid payload, a correction with
  // every text at its limit, is about 20 KB; anything far beyond is not a client of ours.
  maxHttpBufferSize: LIMITS.meetingEventMaxBytes,
  // The cookie is checked when the client joins the namespace, right after the WebSocket opens;
  // a connection that never joins one is closed after 10 s (socket.io's default is 45 s).
  connectTimeout: 10_000,
})
export class MeetingEventsGateway implements OnGatewayInit, OnGatewayDisconnect, BeforeApplicationShutdown {
  private readonly logger = new Logger(MeetingEventsGateway.name);
  private namespace: MeetingsNamespace | null = null;
  private accepting = true;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly authenticator: HandshakeAuthenticator,
    private readonly sessions: SessionsService,
    private readonly meetings: MeetingsService,
    private readonly state: MeetingStateService,
    private readonly decisions: DecisionsService,
    private readonly actions: ActionsService,
    private readonly liveConnections: LiveConnectionRegistry,
    private readonly audit: AuditService,
    private readonly attendance: AttendanceService,
    private readonly flags: EntryFlagsService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'stepUpMaxAgeMs'>,
  ) {}

  /** Authenticates every handshake before the connection exists; a refusal is a `connect_error` with `data`. */
  afterInit(namespace: MeetingsNamespace): void {
    this.namespace = namespace;
    namespace.use((socket, next) => {
      const refuse = (code: string, message: string) =>
        next(Object.assign(new Error(message), { data: { code, message } }));
      if (!this.accepting) return refuse('Unauthenticated', 'Roundtable is restarting. Try again in a moment');
      this.authenticator.authenticate(socket.handshake.headers).then(
        (result) => {
          if (!result.ok) {
            this.logger.log({ code: result.refusal.code }, 'meeting events handshake refused');
            const { refusal } = result;
            if (!refusal.audited) return refuse(refusal.code, refusal.message);
            // Recorded before the answer, as collab upgrades are. No actor: the cookie was not trusted.
            return void this.audit
              .recordAlone({
                type: 'access.refused',
                outcome: 'refused',
                actor: null,
                details: { channel: 'socket.io', reason: refusal.audited },
              })
              .catch((error: unknown) =>
                this.logger.error({ err: describeUnexpected(error) }, 'could not audit a refused handshake'),
              )
              .finally(() => refuse(refusal.code, refusal.message));
          }
          // The client may have gone while we checked: its close event has fired already.
          if (socket.conn.readyState !== 'open') return refuse('Unauthenticated', 'The connection closed');
          const userId = result.session.user.id;
          const releaseSlot = this.liveConnections.claimConnectionSlot(userId, LIMITS.connectionsPerUserMax);
          if (!releaseSlot) {
            // Logged, not audited: not an access decision, and a reconnect loop would flood the trail.
            this.logger.warn(
              { code: 'TooManyConnections', userId, max: LIMITS.connectionsPerUserMax },
              'meeting events handshake refused: too many connections for this user',
            );
            return refuse(
              'TooManyConnections',
              'You have too many Roundtable windows or tabs open. Close some of them, then try again',
            );
          }
          socket.conn.once('close', releaseSlot);
          socket.data.session = result.session;
          socket.data.meetings = new Map();
          socket.data.events = new TokenBucket(LIMITS.meetingEventsPerSecond, LIMITS.meetingEventBurst);
          socket.data.rateLimited = false;
          socket.data.releaseSlot = releaseSlot;
          next();
        },
        (error: unknown) => {
          this.logger.error({ err: describeUnexpected(error) }, 'meeting events handshake failed');
          refuse('InternalError', 'Something went wrong. Try again');
        },
      );
    });
  }

  /** Open /meetings sockets on this instance (for metrics). */
  get connectionCount(): number {
    return this.namespace?.sockets.size ?? 0;
  }

  handleDisconnect(socket: MeetingSocket): void {
    socket.data.releaseSlot?.();
    for (const connection of [...(socket.data.meetings?.values() ?? [])]) connection.end();
  }

  /** Stops accepting, disconnects every socket and waits (briefly) for events being handled. Idempotent. */
  async beforeApplicationShutdown(): Promise<void> {
    this.accepting = false;
    this.namespace?.disconnectSockets(true);
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_MS).unref()),
    ]);
  }

  @SubscribeMessage('meeting:join')
  join(
    @ConnectedSocket() socket: MeetingSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResponse<MeetingEventsState>> {
    return this.respond(socket, () => this.joinMeeting(socket, payload));
  }

  @SubscribeMessage('meeting:leave')
  leave(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown): Promise<AckResponse<null>> {
    return this.respond(socket, () => this.leaveMeeting(socket, payload));
  }

  @SubscribeMessage('decision:open')
  openDecision(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(socket, OpenDecisionRequestSchema, payload, (a, i) => this.decisions.open(a, i));
  }

  @SubscribeMessage('decision:close')
  closeDecision(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(socket, CloseDecisionRequestSchema, payload, (a, i) => this.decisions.close(a, i));
  }

  @SubscribeMessage('view:record')
  recordView(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(socket, RecordViewRequestSchema, payload, (a, i) => this.decisions.recordView(a, i));
  }

  // Recording (or correcting) the local authority's decision needs a recent sign-in or step-up.
  @SubscribeMessage('la-decision:record')
  recordLaDecision(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(socket, RecordLaDecisionRequestSchema, payload, (a, i) => {
      assertStepUpFresh(socket.data.session, this.config.stepUpMaxAgeMs);
      return this.decisions.recordLaDecision(a, i);
    });
  }

  @SubscribeMessage('la-decision:correct')
  correctLaDecision(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(socket, CorrectLaDecisionRequestSchema, payload, (a, i) => {
      assertStepUpFresh(socket.data.session, this.config.stepUpMaxAgeMs);
      return this.decisions.correctLaDecision(a, i);
    });
  }

  @SubscribeMessage('dissent:record')
  recordDissent(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(socket, RecordDissentRequestSchema, payload, (a, i) =>
      this.decisions.recordDissent(a, i),
    );
  }

  @SubscribeMessage('escalation:add-step')
  addEscalationStep(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(socket, AddEscalationStepRequestSchema, payload, (a, i) =>
      this.decisions.addEscalationStep(a, i),
    );
  }

  @SubscribeMessage('escalation:resolve')
  resolveEscalation(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(socket, ResolveEscalationRequestSchema, payload, (a, i) =>
      this.decisions.resolveEscalation(a, i),
    );
  }

  @SubscribeMessage('action:create')
  createAction(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.actionChange(socket, CreateActionRequestSchema, payload, (a, i) => this.actions.create(a, i));
  }

  @SubscribeMessage('action:update')
  updateAction(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.actionChange(socket, UpdateActionRequestSchema, payload, (a, i) => this.actions.update(a, i));
  }

  @SubscribeMessage('action:set-status')
  setActionStatus(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.actionChange(socket, SetActionStatusRequestSchema, payload, (a, i) => this.actions.setStatus(a, i));
  }

  @SubscribeMessage('view:flag')
  flagView(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(socket, FlagViewRequestSchema, payload, (a, i) => this.flags.flagView(a, i));
  }

  @SubscribeMessage('action:flag')
  flagAction(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.actionChange(socket, FlagActionRequestSchema, payload, (a, i) => this.flags.flagAction(a, i));
  }

  /**
   * Joins a meeting's room. The connection is registered before the
   * membership check, so a removal racing the join still reaches it; the
   * socket enters the room before the state is read, so no change committed
   * after that read can be missed (a client keeps the highest revision).
   */
  private async joinMeeting(socket: MeetingSocket, payload: unknown): Promise<MeetingEventsState> {
    const { meetingId } = parsePayload(JoinMeetingRequestSchema, payload);
    const actor = await this.liveActor(socket);
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

  private async leaveMeeting(socket: MeetingSocket, payload: unknown): Promise<null> {
    const { meetingId } = parsePayload(JoinMeetingRequestSchema, payload);
    await this.liveActor(socket);
    socket.data.meetings.get(meetingId)?.end();
    return null;
  }

  private decisionChange<S extends z.ZodType<{ meetingId: string }>>(
    socket: MeetingSocket,
    schema: S,
    payload: unknown,
    run: ChangeRunner<S, DecisionResponse>,
  ): Promise<AckResponse<DecisionResponse>> {
    return this.change(socket, schema, payload, run, (meetingId, decision, activity) =>
      this.namespace?.to(meetingRoom(meetingId)).emit('decision:changed', { decision, activity }),
    );
  }

  private actionChange<S extends z.ZodType<{ meetingId: string }>>(
    socket: MeetingSocket,
    schema: S,
    payload: unknown,
    run: ChangeRunner<S, ActionResponse>,
  ): Promise<AckResponse<ActionResponse>> {
    return this.change(socket, schema, payload, run, (meetingId, action, activity) =>
      this.namespace?.to(meetingRoom(meetingId)).emit('action:changed', { action, activity }),
    );
  }

  /** Validates, re-checks the session, applies the change, and broadcasts it unless it was a repeat. */
  private change<S extends z.ZodType<{ meetingId: string }>, T>(
    socket: MeetingSocket,
    schema: S,
    payload: unknown,
    run: ChangeRunner<S, T>,
    broadcast: (meetingId: string, data: T, activity: MeetingActivity) => void,
  ): Promise<AckResponse<T>> {
    return this.respond(socket, async () => {
      const input = parsePayload(schema, payload);
      const outcome = await run(await this.liveActor(socket), input);
      // Sent to the whole room, the sender included; clients keep the highest revision.
      if (outcome.activity) broadcast(input.meetingId, outcome.data, outcome.activity);
      return outcome.data;
    });
  }

  /** The user behind the socket, if its session is still live; otherwise Unauthenticated and the socket is closed. */
  private async liveActor(socket: MeetingSocket): Promise<AuthenticatedUser> {
    const session = await this.sessions.findLive(socket.data.session.sessionId);
    if (!session) {
      // After the acknowledgement is written (same connection, in order).
      setImmediate(() => socket.disconnect(true));
      throw new DomainError('Unauthenticated', 'Your session has ended. Sign in again');
    }
    socket.data.session = session;
    return session.user;
  }

  /** Takes one of the socket's event tokens; a flood is logged when it starts, not per refused event. */
  private withinRate(socket: MeetingSocket): boolean {
    const { data } = socket;
    if (!data.events) return true; // the handshake middleware always sets it
    const allowed = data.events.take();
    if (!allowed && !data.rateLimited) {
      this.logger.warn(
        { userId: data.session.user.id, perSecond: LIMITS.meetingEventsPerSecond, burst: LIMITS.meetingEventBurst },
        'meeting events over the rate limit; refusing them',
      );
    }
    data.rateLimited = !allowed;
    return allowed;
  }

  /** Runs a handler and turns its result or error into the acknowledgement; nothing escapes to Nest. */
  private respond<T>(socket: MeetingSocket, handle: () => Promise<T>): Promise<AckResponse<T>> {
    if (!this.withinRate(socket)) {
      return Promise.resolve(ackError(new DomainError('RateLimited', RATE_LIMITED_MESSAGE), () => undefined));
    }
    const response = handle().then(ackOk, (error: unknown) =>
      ackError(error, (unexpected) =>
        this.logger.error(
          { err: describeUnexpected(unexpected), userId: socket.data.session?.user.id },
          'meeting event failed',
        ),
      ),
    );
    this.inFlight.add(response);
    void response.finally(() => this.inFlight.delete(response));
    return response;
  }
}
