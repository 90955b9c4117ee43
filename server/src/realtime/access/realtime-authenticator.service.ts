import type { IncomingHttpHeaders } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import { LIMITS } from '@roundtable/shared/constants';
import { type AuditActor, auditActor, AuditService } from '../../audit';
import { type AuthenticatedSession, describeError, UserConnectionSlots } from '../../platform';
import { OriginPolicy, readSessionCookie, SessionsService } from '../../identity';
import { CollabTicketService } from './collab-ticket.service';

/** What a realtime connection request presents to prove who it is. */
export type RealtimeCredentials =
  /** A one-use collab ticket (`?ticket=`), for the document it is presented for. */
  | { ticket: string; documentName: string }
  /** The request's headers: the session cookie, and the Origin of the page that sent it. */
  | { headers: IncomingHttpHeaders };

/** Where a connection is going: its audit entries and log lines name it. */
export type RealtimeTarget = { channel: 'collab'; meetingId: string; documentName: string } | { channel: 'socket.io' };

/** Why a connection request was not authenticated. */
export type AuthenticationRefusal =
  /** No session cookie (and no ticket). */
  | 'no-session'
  /** The cookie's session is unknown, revoked or expired, waits for its second factor or MFA enrolment, or its account is disabled. */
  | 'invalid-session'
  /** A cookie sent from a page of another site (cross-site WebSocket hijacking). */
  | 'foreign-origin'
  /** An unknown, used or expired ticket, or one issued for another document. */
  | 'bad-ticket'
  /** A valid ticket whose session has ended since it was issued. */
  | 'ended-session';

/** Refused access worth an audit entry: a credential or membership failure, or a write the role may not make. */
export type AuditedRefusal =
  | 'bad-ticket'
  | 'ended-session'
  | 'foreign-origin'
  | 'not-a-member'
  | 'read-only-write'
  | 'update-not-applicable'
  | 'client-id-taken'
  /** An update marking text "police restricted" in the shared record or safety plan. */
  | 'restricted-mark'
  /** A member outside a restricted compartment's audience asked to open it (answered 404, like an unknown document). */
  | 'not-in-audience';

export type RealtimeAuthentication =
  { ok: true; session: AuthenticatedSession } | { ok: false; refusal: AuthenticationRefusal };

const refused = (refusal: AuthenticationRefusal): RealtimeAuthentication => ({ ok: false, refusal });

/**
 * The one way into the realtime endpoints, for the collab upgrade and the
 * socket.io handshake alike: authenticates the request (a one-use ticket, or
 * the session cookie from a page of an allowed Origin; the session must be
 * live and fully signed in), takes one of the user's connection slots, and
 * records refused access in the audit trail before the refusal is answered.
 */
@Injectable()
export class RealtimeAuthenticator {
  private readonly logger = new Logger(RealtimeAuthenticator.name);

  constructor(
    private readonly sessions: SessionsService,
    private readonly origins: OriginPolicy,
    private readonly tickets: CollabTicketService,
    private readonly slots: UserConnectionSlots,
    private readonly audit: AuditService,
  ) {}

  /**
   * Who is asking, or why they are refused. A ticket, when there is one,
   * decides alone (no cookie, no Origin); otherwise the cookie, never a token
   * in the URL or a payload. Refusals of a credential (a foreign Origin, a bad
   * ticket, a ticket whose session ended) are audited before this resolves.
   */
  async authenticate(credentials: RealtimeCredentials, target: RealtimeTarget): Promise<RealtimeAuthentication> {
    if ('ticket' in credentials) return this.redeemTicket(credentials.ticket, credentials.documentName, target);
    const token = readSessionCookie(credentials.headers.cookie, this.sessions.cookieName);
    if (!token) return refused('no-session');
    // Browsers send cookies on cross-site WebSocket upgrades and handshakes: check Origin (CSWSH).
    if (!this.origins.isAllowed(credentials.headers)) {
      await this.auditRefusal(target, 'foreign-origin', null);
      return refused('foreign-origin');
    }
    const session = await this.sessions.authenticate(token);
    return session ? { ok: true, session } : refused('invalid-session');
  }

  /**
   * Takes one of the user's connection slots (collab connections and
   * `/meetings` sockets together, LIMITS.connectionsPerUserMax), counted
   * across every instance when REDIS_URL is set; null when none is left. Call
   * the returned function once the connection's socket has closed (it is
   * idempotent).
   */
  async claimConnectionSlot(userId: string, target: RealtimeTarget): Promise<(() => void) | null> {
    const release = await this.slots.claim(userId, LIMITS.connectionsPerUserMax);
    if (!release) {
      // Logged, not audited: not an access decision, and a client retrying in a loop would flood the trail.
      this.logger.warn(
        { ...logContext(target), userId, max: LIMITS.connectionsPerUserMax },
        'realtime connection refused: too many connections for this user',
      );
    }
    return release;
  }

  /**
   * Records refused access (`access.refused`, with the channel and the reason).
   * Never rejects: a refusal stands even if it could not be recorded (that is logged).
   */
  async auditRefusal(target: RealtimeTarget, reason: AuditedRefusal, actor: AuditActor | null): Promise<void> {
    try {
      await this.audit.recordAlone({
        type: 'access.refused',
        outcome: 'refused',
        actor,
        // A handshake names no meeting.
        ...(target.channel === 'collab'
          ? { meetingId: target.meetingId, subject: { type: 'document', id: target.documentName } }
          : {}),
        details: { channel: target.channel, reason },
      });
    } catch (error) {
      this.logger.error({ ...logContext(target), err: describeError(error) }, 'could not audit a refused connection');
    }
  }

  private async redeemTicket(
    ticket: string,
    documentName: string,
    target: RealtimeTarget,
  ): Promise<RealtimeAuthentication> {
    // Tickets are bearer credentials bound to one document; no Origin needed.
    const grant = this.tickets.consume(ticket, documentName);
    if (!grant) {
      await this.auditRefusal(target, 'bad-ticket', null);
      return refused('bad-ticket');
    }
    // The ticket dies with its session (sign-out, expiry, an admin disabling the account).
    const session = await this.sessions.findLive(grant.session.sessionId);
    if (!session) {
      await this.auditRefusal(target, 'ended-session', auditActor(grant.session.user));
      return refused('ended-session');
    }
    return { ok: true, session };
  }
}

/** The target as log fields: the channel, and the document (a meeting id, no personal data). */
function logContext(target: RealtimeTarget): { channel: string; document?: string } {
  return target.channel === 'collab' ? { channel: 'collab', document: target.documentName } : { channel: 'socket.io' };
}
