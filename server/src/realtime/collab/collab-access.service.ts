import type { IncomingHttpHeaders } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import { COLLAB_PATH, COLLAB_TICKET_PARAM, parseCollabDocumentName } from '@roundtable/shared/realtime';
import { auditActor } from '../../audit';
import { parseFamilyPlanDocumentName } from '@roundtable/shared/fgdm';
import { CompartmentsService, FgdmService, MeetingsService } from '../../meeting';
import { FamilyRealtimeAuthenticator } from '../access/family-realtime-authenticator.service';
import {
  type AuthenticationRefusal,
  RealtimeAuthenticator,
  type RealtimeTarget,
} from '../access/realtime-authenticator.service';
import { type CollabGrant, grantWriterId } from './collab-connection';

/** Why an upgrade is refused, as the HTTP status written on the raw socket. */
export type UpgradeRefusal = 401 | 403 | 404;

export type UpgradeDecision = { ok: true; grant: CollabGrant } | { ok: false; status: UpgradeRefusal; reason: string };

/** The parts of an upgrade request the decision depends on. */
export interface UpgradeRequest {
  url?: string;
  headers: IncomingHttpHeaders;
}

const refuse = (status: UpgradeRefusal, reason: string): UpgradeDecision => ({ ok: false, status, reason });

/** How each authentication refusal is answered on the raw socket (docs/REALTIME.md). */
const AUTHENTICATION_REFUSALS: Record<AuthenticationRefusal, { status: UpgradeRefusal; reason: string }> = {
  'no-session': { status: 401, reason: 'no session' },
  'invalid-session': { status: 401, reason: 'invalid or expired session' },
  'foreign-origin': { status: 403, reason: 'origin not allowed' },
  'bad-ticket': { status: 401, reason: 'invalid, used or expired ticket' },
  'ended-session': { status: 401, reason: 'the session behind the ticket has ended' },
};

/**
 * Decides, before the WebSocket handshake completes, whether an upgrade to
 * `/collab/<document>` may proceed. Nothing about the document is sent to
 * a connection that is refused here.
 */
@Injectable()
export class CollabAccessService {
  private readonly logger = new Logger(CollabAccessService.name);

  constructor(
    private readonly authenticator: RealtimeAuthenticator,
    private readonly meetings: MeetingsService,
    private readonly compartments: CompartmentsService,
    private readonly familyAuthenticator: FamilyRealtimeAuthenticator,
    private readonly fgdm: FgdmService,
  ) {}

  /**
   * Authenticates (one-use ticket, or session cookie with a same-site Origin)
   * and authorises (meeting membership; for a restricted compartment, its
   * audience) an upgrade request. Unknown documents, non-members and members
   * outside a compartment's audience get the same 404, so existence does not leak. Refusals
   * are logged, and those worth it audited, before this resolves.
   */
  async authorizeUpgrade(request: UpgradeRequest): Promise<UpgradeDecision> {
    const decision = await this.decide(request);
    if (!decision.ok) this.logger.log({ status: decision.status, reason: decision.reason }, 'collab upgrade refused');
    return decision;
  }

  /** One of the grant's user's connection slots (see RealtimeAuthenticator), or null: the upgrade gets 429. */
  claimConnectionSlot(grant: CollabGrant): Promise<(() => void) | null> {
    return this.authenticator.claimConnectionSlot(grantWriterId(grant), targetOf(grant));
  }

  private async decide(request: UpgradeRequest): Promise<UpgradeDecision> {
    const url = new URL(request.url ?? '/', 'http://collab.invalid');
    const prefix = `${COLLAB_PATH}/`;
    if (!url.pathname.startsWith(prefix)) return refuse(404, 'not a collab path');
    const documentName = url.pathname.slice(prefix.length);
    const familyPlan = parseFamilyPlanDocumentName(documentName);
    if (familyPlan) return this.decideFamilyPlan(request, url, familyPlan.meetingId, documentName);
    const parsed = parseCollabDocumentName(documentName);
    if (!parsed) return refuse(404, 'unknown document');
    const { meetingId } = parsed;
    const target: RealtimeTarget = { channel: 'collab', meetingId, documentName };

    // With a ticket the cookie is ignored; the session token is never read from the URL.
    const ticket = url.searchParams.get(COLLAB_TICKET_PARAM);
    const authentication = await this.authenticator.authenticate(
      ticket !== null ? { ticket, documentName } : { headers: request.headers },
      target,
    );
    if (!authentication.ok) {
      const { status, reason } = AUTHENTICATION_REFUSALS[authentication.refusal];
      return refuse(status, reason);
    }
    const { session } = authentication;

    const membership = await this.meetings.findMembership(meetingId, session.user.id);
    if (!membership) {
      await this.authenticator.auditRefusal(target, 'not-a-member', auditActor(session.user));
      return refuse(404, 'not a member');
    }
    // A concluded meeting's record and safety plan are read-only for every role.
    const meetingConcluded = membership.status === 'concluded';
    const grant: CollabGrant = { session, meetingId, documentName, role: membership.role, meetingConcluded };
    if (parsed.kind !== 'compartment') return { ok: true, grant };
    // A restricted compartment opens only for its audience, read afresh now. An unknown compartment
    // and a member outside the audience get the non-member's 404: nothing says it exists.
    const member = { userId: session.user.id, role: membership.role, agency: session.user.agency };
    if (!(await this.compartments.mayOpen(meetingId, parsed.compartmentId, member))) {
      await this.authenticator.auditRefusal(target, 'not-in-audience', auditActor(session.user));
      return refuse(404, 'not in the audience of the compartment, or no such compartment');
    }
    return { ok: true, grant: { ...grant, compartmentId: parsed.compartmentId } };
  }

  /**
   * The family's draft plan of an FGDM (docs/FAMILY.md) opens only for a
   * family member of that meeting, signed in with the family cookie from an
   * allowed Origin, while the family may write it. Everyone else, every
   * professional (the coordinator included) and any ticket, gets the 404 of an
   * unknown document: nothing says the draft exists.
   */
  private async decideFamilyPlan(
    request: UpgradeRequest,
    url: URL,
    meetingId: string,
    documentName: string,
  ): Promise<UpgradeDecision> {
    const unknown = refuse(404, 'unknown document');
    if (url.searchParams.has(COLLAB_TICKET_PARAM)) return unknown;
    const authentication = await this.familyAuthenticator.authenticate(request.headers);
    const target: RealtimeTarget = { channel: 'collab', meetingId, documentName };
    if (!authentication.ok) {
      if (authentication.refusal !== 'foreign-origin') return unknown;
      await this.authenticator.auditRefusal(target, 'foreign-origin', null);
      return refuse(403, 'origin not allowed');
    }
    const { family } = authentication;
    if (!(await this.fgdm.familyMayOpenPlan(family, meetingId))) return unknown;
    return {
      ok: true,
      grant: { family, meetingId, documentName, role: 'participant', meetingConcluded: false },
    };
  }
}

/** The document a grant opens, as the authenticator's audit entries and log lines name it. */
export function targetOf(grant: Pick<CollabGrant, 'meetingId' | 'documentName'>): RealtimeTarget {
  return { channel: 'collab', meetingId: grant.meetingId, documentName: grant.documentName };
}
