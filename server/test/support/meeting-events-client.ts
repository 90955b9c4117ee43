import { randomUUID } from 'node:crypto';
import type {
  AccessChangedEvent,
  AckResponse,
  ActionChangedEvent,
  AttendanceChangedEvent,
  ClientToServerEvents,
  DecisionChangedEvent,
  FamilyActivityEvent,
  MeetingStatusChangedEvent,
  RecordSealedEvent,
  SafetyScoresChangedEvent,
  ServerToClientEvents,
} from '@roundtable/shared/meeting-events';
import { MEETINGS_NAMESPACE } from '@roundtable/shared/meeting-events';
import { io, type Socket } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The data type a client event is acknowledged with. */
export type AckData<E extends keyof ClientToServerEvents> =
  Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends AckResponse<infer T> ? T : never;

/** Everything a client received from the server, in order. */
export interface Received {
  decisions: DecisionChangedEvent[];
  actions: ActionChangedEvent[];
  access: AccessChangedEvent[];
  statuses: MeetingStatusChangedEvent[];
  scores: SafetyScoresChangedEvent[];
  attendance: AttendanceChangedEvent[];
  sealed: RecordSealedEvent[];
  family: FamilyActivityEvent[];
  disconnects: string[];
}

/** A real socket.io client on `/meetings`, as a browser page would connect, recording what it receives. */
export class EventsClient {
  readonly received: Received = {
    decisions: [],
    actions: [],
    access: [],
    statuses: [],
    scores: [],
    attendance: [],
    sealed: [],
    family: [],
    disconnects: [],
  };
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: ClientSocket) {
    socket.on('decision:changed', (event) => this.record(() => this.received.decisions.push(event)));
    socket.on('action:changed', (event) => this.record(() => this.received.actions.push(event)));
    socket.on('meeting:access-changed', (event) => this.record(() => this.received.access.push(event)));
    socket.on('meeting:status-changed', (event) => this.record(() => this.received.statuses.push(event)));
    socket.on('safety-plan:scores-changed', (event) => this.record(() => this.received.scores.push(event)));
    socket.on('attendance:changed', (event) => this.record(() => this.received.attendance.push(event)));
    socket.on('record:sealed', (event) => this.record(() => this.received.sealed.push(event)));
    socket.on('family:activity', (event) => this.record(() => this.received.family.push(event)));
    socket.on('disconnect', (reason) => this.record(() => this.received.disconnects.push(reason)));
  }

  /** Connects with a cookie and an Origin (the app's own by default); rejects with the `connect_error`. */
  static connect(
    baseUrl: string,
    options: {
      cookie?: string;
      origin?: string | null;
      reconnection?: boolean;
      transport?: 'websocket' | 'polling';
    } = {},
  ): Promise<EventsClient> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.origin !== null) headers.origin = options.origin ?? baseUrl;
    const socket: ClientSocket = io(baseUrl + MEETINGS_NAMESPACE, {
      transports: [options.transport ?? 'websocket'],
      extraHeaders: headers,
      reconnection: options.reconnection ?? false,
      forceNew: true,
    });
    const client = new EventsClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
  }

  /** Emits an event with a fresh requestId unless the payload has one, and waits for the acknowledgement. */
  emit<E extends keyof ClientToServerEvents>(event: E, payload: unknown): Promise<AckResponse<AckData<E>>> {
    const body = event === 'meeting:join' || event === 'meeting:leave' ? payload : withRequestId(payload);
    return (this.socket as unknown as Socket).timeout(15_000).emitWithAck(event, body) as Promise<
      AckResponse<AckData<E>>
    >;
  }

  /** Emits without an acknowledgement callback (as a careless or hostile client might). */
  send(event: string, payload: unknown): void {
    (this.socket as unknown as Socket).emit(event, payload);
  }

  /** Emits and expects success; returns the acknowledged data. */
  async ok<E extends keyof ClientToServerEvents>(event: E, payload: unknown): Promise<AckData<E>> {
    const response = await this.emit(event, payload);
    if (!response.ok) throw new Error(`${event} refused: ${response.error.code} ${response.error.message}`);
    return response.data;
  }

  /** Resolves once `check` returns a value (checked now and on every event received), or fails after a timeout. */
  waitFor<T>(check: (received: Received) => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check(this.received);
        if (value === undefined || value === false) return false;
        this.waiters.delete(attempt);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      if (!attempt()) this.waiters.add(attempt);
    });
  }

  /** Waits for a `decision:changed` broadcast of a decision at (at least) a revision. */
  waitForDecision(decisionId: string, revision: number): Promise<DecisionChangedEvent> {
    return this.waitFor(
      (r) => r.decisions.find((e) => e.decision.id === decisionId && e.decision.revision >= revision),
      `decision ${decisionId} at revision ${revision}`,
    );
  }

  waitForAction(actionId: string, revision: number): Promise<ActionChangedEvent> {
    return this.waitFor(
      (r) => r.actions.find((e) => e.action.id === actionId && e.action.revision >= revision),
      `action ${actionId} at revision ${revision}`,
    );
  }

  close(): void {
    this.socket.close();
  }

  private record(push: () => void): void {
    push();
    for (const waiter of [...this.waiters]) waiter();
  }
}

function withRequestId(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || 'requestId' in payload) {
    return payload;
  }
  return { requestId: randomUUID(), ...payload };
}
