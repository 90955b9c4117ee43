import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { type AgendaState, SetAgendaRequestSchema } from '@roundtable/shared/agenda';
import { LIMITS } from '@roundtable/shared/constants';
import {
  type ActionResponse,
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
import {
  type AudienceMember,
  type CompartmentView,
  CreateCompartmentRequestSchema,
  type FamilyFacingItem,
  SetFamilyFacingRequestSchema,
  isInAudience,
  RecordSharingDecisionRequestSchema,
  ShareCompartmentRequestSchema,
  type SharingDecisionResponse,
  AddProtectedPersonRequestSchema,
  type ProtectedPersonResponse,
  ShareProtectedPersonRequestSchema,
} from '@roundtable/shared/need-to-know';
import { FlagActionRequestSchema, FlagViewRequestSchema } from '@roundtable/shared/templates';
import type { Namespace } from 'socket.io';
import type { z } from 'zod';
import {
  ActionsService,
  AgendaService,
  type ChangeOutcome,
  CompartmentsService,
  DecisionsService,
  EntryFlagsService,
  FamilyFacingService,
  type FlagOutcome,
  type ProtectedPersonChange,
  ProtectedPersonsService,
  SharingDecisionsService,
} from '../../meeting';
import { type AuthenticatedUser, DomainError, within } from '../../platform';
import { ackError, ackOk, describeUnexpected, parsePayload } from './event-acks';
import { MeetingBroadcaster } from './meeting-broadcaster';
import { EntryDeliveryService } from './entry-delivery.service';
import type { MeetingSocket, MeetingSocketData } from './meeting-socket-connection';
import { type ActorOptions, MeetingSocketsService } from './meeting-sockets.service';

/** What a client sending events faster than LIMITS.meetingEventsPerSecond (beyond the burst) is told. */
export const RATE_LIMITED_MESSAGE = 'Too many changes in a short time. Wait a moment, then try again';
/** How long shutdown waits for events being handled to finish. */
const SHUTDOWN_DRAIN_MS = 5_000;
/** Handshakes while the server shuts down, and handshakes whose check failed (logged). */
const RESTARTING = { code: 'Unauthenticated', message: 'Roundtable is restarting. Try again in a moment' };
const HANDSHAKE_FAILED = { code: 'InternalError', message: 'Something went wrong. Try again' };
/** Recording or correcting the local authority's decision needs a recent sign-in or step-up. */
const STEP_UP: ActorOptions = { stepUp: true };

type MeetingsNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, {}, MeetingSocketData>;
type ChangeRunner<S extends z.ZodType, T> = (actor: AuthenticatedUser, input: z.output<S>) => Promise<ChangeOutcome<T>>;

/**
 * The socket.io namespace `/meetings` (docs/REALTIME.md): decisions, agency
 * views, dissent and escalation, and the action log. The handshake is
 * authenticated (session cookie, allowed Origin) by the RealtimeAuthenticator,
 * as collab upgrades are; every event is validated against its shared schema,
 * re-checks the session and goes to a service that checks membership and role
 * in its transaction. Every event is acknowledged with an AckResponse;
 * committed changes are broadcast to the meeting's room.
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
    private readonly sockets: MeetingSocketsService,
    private readonly decisions: DecisionsService,
    private readonly actions: ActionsService,
    private readonly flags: EntryFlagsService,
    private readonly agenda: AgendaService,
    private readonly familyFacing: FamilyFacingService,
    private readonly broadcaster: MeetingBroadcaster,
    private readonly compartments: CompartmentsService,
    private readonly sharingDecisions: SharingDecisionsService,
    private readonly entries: EntryDeliveryService,
    private readonly protectedPersons: ProtectedPersonsService,
  ) {}

  /** Authenticates every handshake before the connection exists; a refusal is a `connect_error` with `data`. */
  afterInit(namespace: MeetingsNamespace): void {
    this.namespace = namespace;
    this.broadcaster.attach(namespace);
    namespace.use((socket, next) => {
      const refuse = ({ code, message }: { code: string; message: string }) =>
        next(Object.assign(new Error(message), { data: { code, message } }));
      if (!this.accepting) return refuse(RESTARTING);
      this.sockets.admit(socket).then(
        (refusal) => (refusal ? refuse(refusal) : next()),
        (error: unknown) => {
          this.logger.error({ err: describeUnexpected(error) }, 'meeting events handshake failed');
          refuse(HANDSHAKE_FAILED);
        },
      );
    });
  }

  /** Open /meetings sockets on this instance (for metrics). */
  get connectionCount(): number {
    return this.namespace?.sockets.size ?? 0;
  }

  handleDisconnect(socket: MeetingSocket): void {
    this.sockets.disconnected(socket);
  }

  /** Stops accepting, disconnects every socket and waits (briefly) for events being handled. Idempotent. */
  async beforeApplicationShutdown(): Promise<void> {
    this.accepting = false;
    this.namespace?.disconnectSockets(true);
    await within(Promise.allSettled([...this.inFlight]), SHUTDOWN_DRAIN_MS);
  }

  @SubscribeMessage('meeting:join')
  join(
    @ConnectedSocket() socket: MeetingSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResponse<MeetingEventsState>> {
    return this.respond(socket, async () =>
      this.sockets.join(socket, parsePayload(JoinMeetingRequestSchema, payload).meetingId),
    );
  }

  @SubscribeMessage('meeting:leave')
  leave(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown): Promise<AckResponse<null>> {
    return this.respond(socket, async () =>
      this.sockets.leave(socket, parsePayload(JoinMeetingRequestSchema, payload).meetingId),
    );
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

  @SubscribeMessage('la-decision:record')
  recordLaDecision(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(
      socket,
      RecordLaDecisionRequestSchema,
      payload,
      (a, i) => this.decisions.recordLaDecision(a, i),
      STEP_UP,
    );
  }

  @SubscribeMessage('la-decision:correct')
  correctLaDecision(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.decisionChange(
      socket,
      CorrectLaDecisionRequestSchema,
      payload,
      (a, i) => this.decisions.correctLaDecision(a, i),
      STEP_UP,
    );
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
    return this.decisionChange(socket, FlagViewRequestSchema, payload, (a, i) =>
      this.flagged(this.flags.flagView(a, i)),
    );
  }

  @SubscribeMessage('action:flag')
  flagAction(@ConnectedSocket() socket: MeetingSocket, @MessageBody() payload: unknown) {
    return this.actionChange(socket, FlagActionRequestSchema, payload, (a, i) =>
      this.flagged(this.flags.flagAction(a, i)),
    );
  }

  /** A flag change given with a reason recorded a sharing decision: told to those who may read it, after the commit. */
  private async flagged<T>(change: Promise<FlagOutcome<T>>): Promise<ChangeOutcome<T>> {
    const outcome = await change;
    if (outcome.sharingDecision && outcome.activity) {
      const activity = { ...outcome.activity, kind: 'sharing-decision-recorded' as const };
      void this.sharingDecisionRecorded(outcome.sharingDecision, undefined, activity);
    }
    return outcome;
  }

  /** The chair moves the discussion to a section of the record; everyone in the room is told. */
  @SubscribeMessage('agenda:set')
  setAgenda(
    @ConnectedSocket() socket: MeetingSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResponse<AgendaState>> {
    return this.change(
      socket,
      SetAgendaRequestSchema,
      payload,
      (a, i) => this.agenda.move(a, i),
      {},
      (_actor, meetingId, agenda, activity) => {
        if (activity) this.namespace?.to(meetingRoom(meetingId)).emit('agenda:changed', { agenda, activity });
        return agenda;
      },
    );
  }

  /** The chair marks an item family-facing (or takes the mark away); everyone in the room gets every mark. */
  @SubscribeMessage('family-facing:set')
  setFamilyFacing(
    @ConnectedSocket() socket: MeetingSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResponse<FamilyFacingItem[]>> {
    return this.change(
      socket,
      SetFamilyFacingRequestSchema,
      payload,
      (a, i) => this.familyFacing.set(a, i),
      {},
      (_actor, meetingId, items, activity) => {
        if (activity) {
          this.namespace?.to(meetingRoom(meetingId)).emit('family-facing:changed', { meetingId, items, activity });
        }
        return items;
      },
    );
  }

  /** Restricted information beside a section; its audience gets it open, everyone else the withheld notice. */
  @SubscribeMessage('compartment:create')
  createCompartment(
    @ConnectedSocket() socket: MeetingSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResponse<CompartmentView>> {
    return this.change(
      socket,
      CreateCompartmentRequestSchema,
      payload,
      (a, i) => this.compartments.create(a, i),
      {},
      (_actor, meetingId, compartment, activity) => {
        if (activity) void this.compartmentChanged(meetingId, compartment.id, activity);
        return compartment;
      },
    );
  }

  /** Widens or lifts a compartment: a recorded sharing decision, told to those who may read it. */
  @SubscribeMessage('compartment:share')
  shareCompartment(
    @ConnectedSocket() socket: MeetingSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResponse<CompartmentView>> {
    return this.respond(socket, async () => {
      const input = parsePayload(ShareCompartmentRequestSchema, payload);
      const outcome = await this.compartments.share(await this.sockets.actor(socket), input);
      if (outcome.activity) {
        const activity = outcome.activity;
        const audience = await this.compartmentChanged(input.meetingId, input.compartmentId, activity);
        if (outcome.decision && audience !== undefined) {
          await this.sharingDecisionRecorded(outcome.decision, audience, {
            ...activity,
            kind: 'sharing-decision-recorded',
          });
        }
      }
      return outcome.data;
    });
  }

  /** A decision to share or not to share; only the chair, the deciding agency's members (and audience) are told. */
  @SubscribeMessage('sharing-decision:record')
  recordSharingDecision(
    @ConnectedSocket() socket: MeetingSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResponse<SharingDecisionResponse>> {
    return this.change(
      socket,
      RecordSharingDecisionRequestSchema,
      payload,
      (a, i) => this.sharingDecisions.record(a, i),
      {},
      (_actor, _meetingId, decision, activity) => {
        if (activity) void this.sharingDecisionRecorded(decision, undefined, activity);
        return decision;
      },
    );
  }

  /**
   * Sends each member the compartment as they may see it, after the change
   * committed: open to its audience, withheld to everyone else (whose activity
   * names no author). Resolves to its audience (undefined if it is gone).
   */
  private async compartmentChanged(meetingId: string, compartmentId: string, activity: MeetingActivity) {
    try {
      const plan = await this.compartments.broadcastFor(meetingId, compartmentId);
      if (!plan) return undefined;
      const open = { compartment: plan.open, activity };
      const withheld = plan.withheld && {
        compartment: plan.withheld,
        activity: { kind: activity.kind, actor: 'A member of the meeting', agency: plan.open.ownerAgency },
      };
      this.broadcaster.emitPerMember(meetingId, 'compartment:changed', plan.members, (member: AudienceMember) =>
        isInAudience(member, plan.audience) ? open : withheld,
      );
      return plan.audience;
    } catch (error) {
      this.logger.error({ err: describeUnexpected(error), meetingId }, 'compartment broadcast failed');
      return undefined;
    }
  }

  private async sharingDecisionRecorded(
    decision: SharingDecisionResponse,
    compartmentAudience: Parameters<SharingDecisionsService['broadcastFor']>[1],
    activity: MeetingActivity,
  ): Promise<void> {
    try {
      const { readers } = await this.sharingDecisions.broadcastFor(decision, compartmentAudience);
      const event = { decision, activity };
      this.broadcaster.emitPerMember(decision.meetingId, 'sharing-decision:recorded', readers, () => event);
    } catch (error) {
      this.logger.error({ err: describeUnexpected(error), meetingId: decision.meetingId }, 'sharing broadcast failed');
    }
  }

  /** Names a person to protect; each member is sent their own copy (the name only inside its audience). */
  @SubscribeMessage('protected-person:add')
  addProtectedPerson(
    @ConnectedSocket() socket: MeetingSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResponse<ProtectedPersonResponse>> {
    return this.protectedPersonChange(socket, AddProtectedPersonRequestSchema, payload, (a, i) =>
      this.protectedPersons.add(a, i),
    );
  }

  /** Widens or lifts who may know a protected person's name (the owning agency, or the chair with a reason). */
  @SubscribeMessage('protected-person:share')
  shareProtectedPerson(
    @ConnectedSocket() socket: MeetingSocket,
    @MessageBody() payload: unknown,
  ): Promise<AckResponse<ProtectedPersonResponse>> {
    return this.protectedPersonChange(socket, ShareProtectedPersonRequestSchema, payload, (a, i) =>
      this.protectedPersons.share(a, i),
    );
  }

  /** As `change`, but delivered per member (MeetingBroadcaster.emitPerMember), never to the whole room. */
  private protectedPersonChange<S extends z.ZodType<{ meetingId: string }>>(
    socket: MeetingSocket,
    schema: S,
    payload: unknown,
    run: (actor: AuthenticatedUser, input: z.output<S>) => Promise<ProtectedPersonChange>,
  ): Promise<AckResponse<ProtectedPersonResponse>> {
    return this.respond(socket, async () => {
      const input = parsePayload(schema, payload);
      const actor = await this.sockets.actor(socket, {});
      const change = await run(actor, input);
      if (change.delivery) {
        const { members, eventFor } = change.delivery;
        this.broadcaster.emitPerMember(input.meetingId, 'protected-person:changed', members, eventFor);
        if (change.sharingDecision) {
          const activity = {
            kind: 'sharing-decision-recorded' as const,
            actor: actor.displayName,
            agency: actor.agency,
          };
          void this.sharingDecisionRecorded(change.sharingDecision, undefined, activity);
        }
      }
      return change.data;
    });
  }

  private decisionChange<S extends z.ZodType<{ meetingId: string }>>(
    socket: MeetingSocket,
    schema: S,
    payload: unknown,
    run: ChangeRunner<S, DecisionResponse>,
    authorisation: ActorOptions = {},
  ): Promise<AckResponse<DecisionResponse>> {
    // Each member gets their own copy (restricted views withheld), the sender's acknowledgement included.
    return this.change(socket, schema, payload, run, authorisation, (actor, meetingId, decision, activity) =>
      this.entries.decision(actor, meetingId, decision, activity),
    );
  }

  private actionChange<S extends z.ZodType<{ meetingId: string }>>(
    socket: MeetingSocket,
    schema: S,
    payload: unknown,
    run: ChangeRunner<S, ActionResponse>,
    authorisation: ActorOptions = {},
  ): Promise<AckResponse<ActionResponse>> {
    // Each member gets their own copy (a restricted action withheld), the sender's acknowledgement included.
    return this.change(socket, schema, payload, run, authorisation, (actor, meetingId, action, activity) =>
      this.entries.action(actor, meetingId, action, activity),
    );
  }

  /**
   * Validates, re-checks the session (and step-up), applies the change, and
   * delivers it: broadcast unless it was a repeat (`activity` null), and the
   * acknowledged data as the sender may read it.
   */
  private change<S extends z.ZodType<{ meetingId: string }>, T>(
    socket: MeetingSocket,
    schema: S,
    payload: unknown,
    run: ChangeRunner<S, T>,
    authorisation: ActorOptions,
    deliver: (actor: AuthenticatedUser, meetingId: string, data: T, activity: MeetingActivity | null) => T | Promise<T>,
  ): Promise<AckResponse<T>> {
    return this.respond(socket, async () => {
      const input = parsePayload(schema, payload);
      const actor = await this.sockets.actor(socket, authorisation);
      const outcome = await run(actor, input);
      // Sent to the whole room, the sender included; clients keep the highest revision.
      return deliver(actor, input.meetingId, outcome.data, outcome.activity);
    });
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
