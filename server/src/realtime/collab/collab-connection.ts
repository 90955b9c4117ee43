import type { Logger } from '@nestjs/common';
import { LIMITS, type MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import { canEditDocument } from '@roundtable/shared/permissions';
import { CLOSE_CODES, type PresenceUser } from '@roundtable/shared/realtime';
import { WebSocket, type RawData } from 'ws';
import { type AuditActor, auditActor } from '../../audit';
import {
  type AuthenticatedSession,
  describeError,
  type FamilyPrincipal,
  type LiveConnection,
  TokenBucket,
} from '../../platform';
import type { CollabDocument, DocumentPeer, SubmitResult, WriteRefusal } from './collab-document';
import {
  decodeClientMessage,
  encodePermissionDenied,
  isTriviallyEmptyUpdate,
  MalformedMessageError,
} from './collab-protocol';
import { toFamilyPresence, toPresenceUser } from './presence';
import type { UpdateExamination, UpdateValidator } from './update-validator';

interface CollabGrantBase {
  meetingId: string;
  documentName: string;
  role: MeetingRole;
  /** The meeting had concluded at the upgrade: the record is read-only for everyone. */
  meetingConcluded?: boolean;
  /** Set for a restricted compartment's document (opened only by its audience); absent for the record and safety plan. */
  compartmentId?: string;
}

/** A professional's grant: a signed-in user who is a member of the meeting. */
export interface ProfessionalCollabGrant extends CollabGrantBase {
  session: AuthenticatedSession;
  family?: undefined;
}

/**
 * A family member's grant (docs/FAMILY.md): signed in to this one meeting
 * with the family cookie, for its family plan document only. Not a user: the
 * updates they write are attributed to their participant id, their audit
 * entries have no actor, and their role is always `participant`.
 */
export interface FamilyCollabGrant extends CollabGrantBase {
  family: FamilyPrincipal;
  session?: undefined;
}

/** Who may open which document, as established at the upgrade. */
export type CollabGrant = ProfessionalCollabGrant | FamilyCollabGrant;

/** The session behind a grant: the professional's, or the family member's family session. */
export function grantSessionId(grant: CollabGrant): string {
  return grant.family ? grant.family.sessionId : grant.session.sessionId;
}

/** Whose writes a grant's updates are attributed to: a user's id, or a family participant's. */
export function grantWriterId(grant: CollabGrant): string {
  return grant.family ? grant.family.participantId : grant.session.user.id;
}

/** The audit actor for what the grant's holder does: the user, or none for a family member (never a user). */
export function grantAuditActor(grant: CollabGrant): AuditActor | null {
  return grant.family ? null : auditActor(grant.session.user);
}

/** Why an update adding a "police restricted" mark to the shared record or safety plan is refused (close reason, ≤ 123 bytes). */
export const RESTRICTED_MARK_REFUSED =
  'Restricted text goes into restricted information beside the section, not the shared record';

/** Sent (y-protocols permission denied) when the meeting concludes, and for any write after that. */
export const CONCLUDED_MESSAGE =
  'This strategy discussion has concluded: the record is read-only and changes are not saved. Add an addendum instead.';

/**
 * One authenticated y-websocket connection. Every message is authorised
 * against the connection's *current* role, which access changes update in
 * place (demotion to observer refuses the very next update).
 */
export class CollabConnection implements LiveConnection, DocumentPeer {
  readonly clientIds = new Set<number>();
  private role: MeetingRole;
  private presenceOfRole: { role: MeetingRole; presence: Readonly<PresenceUser> } | null = null;
  private document: CollabDocument | null = null;
  private ended = false;
  private permissionDeniedSent = false;
  // Once the meeting concludes the document is read-only for every role, for good. Frames are
  // numbered as they arrive; those that arrived before the conclusion (up to `concludedAfterFrame`)
  // are still stored, later ones are refused. null: not concluded.
  private concludedAfterFrame: number | null;
  private framesReceived = 0;
  /** Resolves once what arrived before the conclusion is stored: refusals are told only then (see meetingStatusChanged). */
  private concludedNotice: Promise<void> = Promise.resolve();
  // Frames that arrived before the document finished loading, or while an update is being
  // validated (the socket is paused meanwhile): handled in arrival order afterwards.
  private early: { data: RawData; isBinary: boolean; seq: number }[] = [];
  /** The number of the frame being validated, or null. */
  private validating: number | null = null;
  private honouredWaiters: (() => void)[] = [];
  /** The client closed while frames it sent were still being handled: they are, then the connection ends. */
  private closing = false;
  private readonly endListeners: (() => void)[] = [];
  private readonly roleListeners: ((role: MeetingRole) => void)[] = [];
  // Every frame costs a token, counted as it arrives (early frames too), before any decoding.
  private readonly messages = new TokenBucket(LIMITS.collabMessagesPerSecond, LIMITS.collabMessageBurst);
  /** The client answered the last ping (or sent something) since it was sent. */
  private answered = true;

  constructor(
    private readonly ws: WebSocket,
    private readonly grant: CollabGrant,
    private readonly logger: Logger,
    /**
     * For the audit trail: the first write refused for the role (an observer's
     * edit), and an update refused for what it does (the connection closes),
     * on arrival or by the document just before it is written.
     */
    private readonly onWriteRefused: (reason: 'read-only-write' | 'restricted-mark' | WriteRefusal) => void = () =>
      undefined,
    /** Decodes untrusted updates off the event loop, under a time and memory budget. */
    private readonly validator: Pick<UpdateValidator, 'examine'>,
  ) {
    this.role = grant.role;
    this.concludedAfterFrame = grant.meetingConcluded ? 0 : null;
    ws.pause();
    ws.on('pong', () => (this.answered = true));
    ws.on('message', (data, isBinary) => {
      this.answered = true;
      const seq = ++this.framesReceived;
      if (this.messages.take()) return this.receive(data, isBinary, seq);
      if (this.ended) return;
      this.logger.warn({ ...this.logContext }, 'collab connection over its message rate');
      this.close(CLOSE_CODES.rateLimited, 'Too many messages; reconnect after a pause');
    });
    ws.on('close', () => this.peerClosed());
    ws.on('error', (error) =>
      this.logger.debug({ ...this.logContext, err: describeError(error) }, 'collab socket error'),
    );
  }

  get sessionId(): string {
    return grantSessionId(this.grant);
  }

  /** The writer: a user's id, or a family member's participant id (see familyParticipantId). */
  get userId(): string {
    return grantWriterId(this.grant);
  }

  /** Set when a family member holds this connection (their participant id); undefined for a professional. */
  get familyParticipantId(): string | undefined {
    return this.grant.family?.participantId;
  }

  get meetingId(): string {
    return this.grant.meetingId;
  }

  get documentName(): string {
    return this.grant.documentName;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * The presence every client sees for this connection, from the server's records and the current role.
   * Built once per role: it is read for every awareness update and edit this connection sends (a
   * SHA-256 and an object each time, some 4% of the server's CPU under load before it was kept).
   */
  get presence(): Readonly<PresenceUser> {
    if (this.presenceOfRole?.role !== this.role) {
      const presence = this.grant.family
        ? toFamilyPresence(this.grant.family)
        : toPresenceUser(this.grant.session.user, this.role);
      this.presenceOfRole = { role: this.role, presence: Object.freeze(presence) };
    }
    return this.presenceOfRole.presence;
  }

  /** Runs once when the connection ends, whoever ends it. */
  onEnd(listener: () => void): void {
    if (this.ended) listener();
    else this.endListeners.push(listener);
  }

  /** Runs on every change of the user's role while the connection is open (a compartment re-checks its audience). */
  onRoleChanged(listener: (role: MeetingRole) => void): void {
    this.roleListeners.push(listener);
  }

  /** Starts the protocol on a loaded document: sync step 1, presence, then any frames that arrived early. */
  attach(document: CollabDocument): void {
    if (this.ended) return;
    this.document = document;
    document.attach(this);
    if (this.concludedAfterFrame !== null && !this.honouredHandled()) document.hold(this.whenHonouredHandled());
    this.drain();
  }

  /** Sends a frame if the socket is still open. */
  send(message: Uint8Array): void {
    if (this.ended || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(message, (error) => {
      if (error) this.logger.debug({ ...this.logContext, err: describeError(error) }, 'collab send failed');
    });
  }

  /**
   * Ends the connection with a close code the client can explain. The
   * connection stops receiving document changes at once, before the closing
   * handshake completes.
   */
  close(code: number, reason: string): void {
    if (this.ended) return;
    this.logger.log({ ...this.logContext, code }, 'closing collab connection');
    this.end();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason);
      // A socket paused for loading or validation must still read the client's close frame,
      // or the closing handshake waits for ws's 30 s timeout. Nothing is handled after end().
      // (readyState changed under close(): read it afresh, TypeScript narrowed it above.)
      if ((this.ws.readyState as number) === WebSocket.CLOSING) this.ws.resume();
    }
  }

  /** The document refused an update of this connection it had accepted, when it came to be written. */
  writeRefused(reason: WriteRefusal): void {
    this.logger.warn({ ...this.logContext, reason }, 'collab update refused before it was written');
    this.onWriteRefused(reason);
  }

  /**
   * Sends a ping; false when the client has not answered the previous one
   * (nor sent anything since): it is gone, and the caller drops it.
   */
  ping(): boolean {
    if (this.ended) return true;
    if (!this.answered) return false;
    this.answered = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
    return true;
  }

  /** Drops the TCP connection without a closing handshake (shutdown of an unresponsive peer). */
  terminate(): void {
    this.end();
    this.ws.terminate();
  }

  /** Resolves when the socket has closed (immediately if it already has). */
  whenSocketClosed(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.ws.once('close', () => resolve()));
  }

  /** The user's role in the meeting changed: applies to the next message, and to their presence now. */
  changeRole(role: MeetingRole): void {
    if (this.ended || role === this.role) return;
    this.role = role;
    this.permissionDeniedSent = false;
    this.logger.log({ ...this.logContext, role }, 'collab connection role changed');
    this.document?.refreshPresence(this);
    for (const listener of this.roleListeners) listener(role);
  }

  /**
   * On conclusion the connection refuses every later update, and tells the
   * client at once (y-protocols permission denied), so its editor turns
   * read-only without waiting for the next keystroke.
   */
  meetingStatusChanged(status: MeetingStatus): void {
    if (this.ended || status !== 'concluded' || this.concludedAfterFrame !== null) return;
    // Frames that had already arrived (waiting for validation or for the document) were sent
    // before the conclusion committed: they are still stored, and the conclusion's listeners
    // (the sealed record) wait for them through the document (`hold`, `idle`).
    this.concludedAfterFrame = this.framesReceived;
    this.logger.log({ ...this.logContext }, 'collab connection read-only: meeting concluded');
    const document = this.document;
    if (document && !this.honouredHandled()) document.hold(this.whenHonouredHandled());
    // Told once those are stored, applied and relayed: everything the client receives before this
    // message is all the server will ever hold of its edits, so what it still lacks was not saved.
    this.concludedNotice = this.whenHonouredHandled().then(() => this.document?.idle());
    this.afterConcludedNotice(() => this.send(encodePermissionDenied(CONCLUDED_MESSAGE)));
    // The first refused write after this is still audited and answered.
    this.permissionDeniedSent = false;
  }

  /** Runs `send` after the conclusion notice may go out (at once when the meeting is not concluding). */
  private afterConcludedNotice(send: () => void): void {
    void this.concludedNotice.then(send, send);
  }

  /** Whether no frame that arrived before the conclusion is still waiting to be handled. */
  private honouredHandled(): boolean {
    const cutoff = this.concludedAfterFrame;
    if (this.ended || cutoff === null) return true;
    if (this.validating !== null && this.validating <= cutoff) return false;
    return !this.early.some((frame) => frame.seq <= cutoff);
  }

  /** Resolves once every frame that arrived before the conclusion has been handled (an update: queued for storage). */
  private whenHonouredHandled(): Promise<void> {
    if (this.honouredHandled()) return Promise.resolve();
    return new Promise((resolve) => this.honouredWaiters.push(resolve));
  }

  private notifyHonoured(): void {
    if (this.honouredWaiters.length === 0 || !this.honouredHandled()) return;
    for (const resolve of this.honouredWaiters.splice(0)) resolve();
  }

  private receive(data: RawData, isBinary: boolean, seq: number): void {
    if (this.ended) return;
    if (!this.document || this.validating !== null) {
      this.early.push({ data, isBinary, seq });
      return;
    }
    if (!isBinary) return this.close(CLOSE_CODES.malformedMessage, 'Text frames are not part of the protocol');
    try {
      const validation = this.handle(this.document, toUint8Array(data), seq);
      if (validation) this.awaitValidation(validation, seq);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Holds later frames (and reading from the socket) until an update is validated, so order is kept. */
  private awaitValidation(validation: Promise<void>, seq: number): void {
    this.validating = seq;
    this.ws.pause();
    validation
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.validating = null;
        this.drain();
      });
  }

  /** Handles the frames held back, in order, until one needs validating; then reads from the socket again. */
  private drain(): void {
    while (!this.ended && this.validating === null && this.early.length > 0) {
      const frame = this.early.shift()!;
      this.receive(frame.data, frame.isBinary, frame.seq);
    }
    this.notifyHonoured();
    if (this.ended || this.validating !== null) return;
    if (this.closing) return this.end();
    this.ws.resume();
  }

  /**
   * The client closed the socket. Frames it sent before closing and that are
   * still waiting (for validation, or for the document to load) are handled
   * first: the last keystroke before a tab closes is stored. A close by the
   * server (access ended, limits, shutdown) drops them instead.
   */
  private peerClosed(): void {
    if (this.ended) return;
    if (this.validating !== null || this.early.length > 0) {
      this.closing = true;
      return;
    }
    this.end();
  }

  private fail(error: unknown): void {
    if (error instanceof MalformedMessageError) {
      this.logger.warn({ ...this.logContext, problem: error.message }, 'malformed collab message');
      return this.close(CLOSE_CODES.malformedMessage, 'Malformed message');
    }
    this.logger.error({ ...this.logContext, err: describeError(error) }, 'collab message handling failed');
    this.close(CLOSE_CODES.internalError, 'Internal error');
  }

  /** Handles one frame; returns a promise while an update is being validated. */
  private handle(document: CollabDocument, frame: Uint8Array, seq: number): Promise<void> | void {
    const message = decodeClientMessage(frame);
    switch (message.kind) {
      case 'sync-step-1':
        return this.send(document.syncStep2(message.stateVector));
      case 'sync-step-2':
      case 'update':
        return this.receiveUpdate(document, message.update, message.kind === 'sync-step-2', seq);
      case 'awareness':
        return document.receiveAwareness(this, message.update);
      case 'query-awareness': {
        const states = document.awarenessMessage([...document.awareness.getStates().keys()]);
        if (states) this.send(states);
        return;
      }
    }
  }

  private receiveUpdate(
    document: CollabDocument,
    update: Uint8Array,
    isSyncStep2: boolean,
    seq: number,
  ): Promise<void> | void {
    if (isTriviallyEmptyUpdate(update)) return;
    // Checked on every update against the current role: observers' providers send a
    // sync step 2 at connect, so refusing must not close the connection.
    if (!this.mayWrite(seq)) return this.denyOnce();
    return this.validator
      .examine(update)
      .then((examination) => this.acceptUpdate(document, update, isSyncStep2, seq, examination));
  }

  private acceptUpdate(
    document: CollabDocument,
    update: Uint8Array,
    isSyncStep2: boolean,
    seq: number,
    { verdict, shape, policeRestrictedMark }: UpdateExamination,
  ): void {
    if (this.ended) return;
    // The role may have changed while the update was decoded. A conclusion meanwhile does not
    // refuse it: it arrived before the conclusion committed, and the conclusion waits for it.
    if (!this.mayWrite(seq)) return this.denyOnce();
    if (verdict === 'over-budget') {
      throw new MalformedMessageError('update exceeded the decoding time or memory budget');
    }
    if (verdict === 'too-complex') throw new MalformedMessageError('update has too many structs and deletions');
    if (verdict === 'malformed') throw new MalformedMessageError('update does not decode');
    if (verdict === 'empty' || !shape) return;
    // Every byte of the record and the safety plan reaches every member: a mark cannot keep text from anyone.
    if (policeRestrictedMark && this.grant.compartmentId === undefined) return this.refuseRestrictedMark();
    this.submitted(document.submitUpdate(this, update, shape, isSyncStep2));
  }

  private submitted(result: SubmitResult): void {
    if (this.ended || result === 'queued' || result === 'known') return;
    if (result === 'too-large')
      return this.close(CLOSE_CODES.documentTooLarge, 'The record has reached its size limit');
    // Nothing of it was stored or relayed; the client is told why, in words, and reconnects.
    this.logger.warn({ ...this.logContext, ...result }, 'collab update refused');
    this.onWriteRefused(result.refused);
    if (result.refused === 'client-id-taken') {
      return this.close(CLOSE_CODES.clientIdTaken, 'This editing identity belongs to another person; reload the page');
    }
    this.close(CLOSE_CODES.updateNotApplicable, 'The change depends on changes the server does not hold; reconnecting');
  }

  /** Nothing of the update was stored or relayed; the client is told why and does not resend it (final code). */
  private refuseRestrictedMark(): void {
    this.logger.warn({ ...this.logContext }, 'collab update refused: police restricted mark in a shared document');
    this.onWriteRefused('restricted-mark');
    this.close(CLOSE_CODES.restrictedMarkRefused, RESTRICTED_MARK_REFUSED);
  }

  /**
   * Whether an update in frame `seq` is accepted: the connection's current role, and whether the
   * frame arrived after the meeting concluded.
   */
  private mayWrite(seq: number): boolean {
    const concluded = this.concludedAfterFrame !== null && seq > this.concludedAfterFrame;
    // Scheduled and live meetings are written alike; the connection only tracks the conclusion, which is for good.
    return canEditDocument(this.role, concluded ? 'concluded' : 'live');
  }

  private denyOnce(): void {
    if (this.permissionDeniedSent) return;
    this.permissionDeniedSent = true;
    this.onWriteRefused('read-only-write');
    if (this.concludedAfterFrame === null) {
      this.send(encodePermissionDenied('Your role in this meeting is read-only; changes are not saved.'));
      return;
    }
    // After what arrived before the conclusion has been relayed, so the client can tell what was not saved.
    this.afterConcludedNotice(() => this.send(encodePermissionDenied(CONCLUDED_MESSAGE)));
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.early = [];
    for (const resolve of this.honouredWaiters.splice(0)) resolve();
    this.document?.detach(this);
    for (const listener of this.endListeners.splice(0)) listener();
  }

  private get logContext(): { document: string; userId: string } {
    return { document: this.grant.documentName, userId: grantWriterId(this.grant) };
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
