import type { IncomingHttpHeaders } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { Agency } from '@roundtable/shared/constants';
import { COLLAB_PATH, COLLAB_TICKET_PARAM, parseDocumentName } from '@roundtable/shared/realtime';
import type { AuthenticatedSession } from '../../platform';
import { OriginPolicy, readSessionCookie, SessionsService } from '../../identity';
import { MeetingsService } from '../../meeting';
import type { CollabGrant } from './collab-connection';
import { CollabTicketService } from './collab-ticket.service';

/** Why an upgrade is refused, as the HTTP status written on the raw socket. */
export type UpgradeRefusal = 401 | 403 | 404;

/** A refusal worth an audit entry (a credential or membership failure, not a stray request). */
export interface AuditedRefusal {
  reason: 'bad-ticket' | 'ended-session' | 'foreign-origin' | 'not-a-member' | 'read-only-write';
  meetingId: string;
  /** The document asked for (the record or the safety plan). */
  documentName: string;
  actor: { userId: string; agency: Agency } | null;
}

export type UpgradeDecision =
  { ok: true; grant: CollabGrant } | { ok: false; status: UpgradeRefusal; reason: string; audit?: AuditedRefusal };

/** The parts of an upgrade request the decision depends on. */
export interface UpgradeRequest {
  url?: string;
  headers: IncomingHttpHeaders;
}

const refuse = (status: UpgradeRefusal, reason: string, audit?: AuditedRefusal): UpgradeDecision => ({
  ok: false,
  status,
  reason,
  ...(audit ? { audit } : {}),
});

/**
 * Decides, before the WebSocket handshake completes, whether an upgrade to
 * `/collab/<document>` may proceed. Nothing about the document is sent to
 * a connection that is refused here.
 */
@Injectable()
export class CollabAccessService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly meetings: MeetingsService,
    private readonly tickets: CollabTicketService,
    private readonly origins: OriginPolicy,
  ) {}

  /**
   * Authenticates (one-use ticket, or session cookie with a same-site Origin)
   * and authorises (meeting membership) an upgrade request. Unknown documents
   * and non-members get the same 404, so existence does not leak.
   */
  async authorizeUpgrade(request: UpgradeRequest): Promise<UpgradeDecision> {
    const url = new URL(request.url ?? '/', 'http://collab.invalid');
    const prefix = `${COLLAB_PATH}/`;
    if (!url.pathname.startsWith(prefix)) return refuse(404, 'not a collab path');
    const documentName = url.pathname.slice(prefix.length);
    const parsed = parseDocumentName(documentName);
    if (!parsed) return refuse(404, 'unknown document');
    const { meetingId } = parsed;

    const ticket = url.searchParams.get(COLLAB_TICKET_PARAM);
    let session: AuthenticatedSession | null;
    if (ticket !== null) {
      // Tickets are bearer credentials bound to one document; no Origin needed.
      const grant = this.tickets.consume(ticket, documentName);
      if (!grant) {
        return refuse(401, 'invalid, used or expired ticket', {
          reason: 'bad-ticket',
          meetingId,
          documentName,
          actor: null,
        });
      }
      // The ticket dies with its session (sign-out, expiry, an admin disabling the account).
      session = await this.sessions.findLive(grant.session.sessionId);
      if (!session) {
        const actor = { userId: grant.session.user.id, agency: grant.session.user.agency };
        return refuse(401, 'the session behind the ticket has ended', {
          reason: 'ended-session',
          meetingId,
          documentName,
          actor,
        });
      }
    } else {
      // The session token is only ever read from the cookie, never from the URL.
      const token = readSessionCookie(request.headers.cookie, this.sessions.cookieName);
      if (!token) return refuse(401, 'no session');
      // Browsers send cookies on cross-site WebSocket upgrades: check Origin (CSWSH).
      if (!this.origins.isAllowed(request.headers)) {
        return refuse(403, 'origin not allowed', { reason: 'foreign-origin', meetingId, documentName, actor: null });
      }
      session = await this.sessions.authenticate(token);
      if (!session) return refuse(401, 'invalid or expired session');
    }

    const membership = await this.meetings.findMembership(meetingId, session.user.id);
    if (!membership) {
      const actor = { userId: session.user.id, agency: session.user.agency };
      return refuse(404, 'not a member', { reason: 'not-a-member', meetingId, documentName, actor });
    }
    // A concluded meeting's record and safety plan are read-only for every role.
    const meetingConcluded = membership.status === 'concluded';
    return {
      ok: true,
      grant: { session, meetingId: meetingId, documentName, role: membership.role, meetingConcluded },
    };
  }
}
