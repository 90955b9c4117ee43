import { createHash, randomBytes } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LIMITS } from '@roundtable/shared/constants';
import { documentName } from '@roundtable/shared/realtime';
import type { CollabTicketRequest, CollabTicketResponse } from '@roundtable/shared/schemas';
import { type AuthenticatedSession, DomainError } from '../../platform';
import { MEETING_NOT_FOUND, MeetingsService } from '../../meeting';

/** What a ticket lets its bearer do: open one document as one session's user. */
export interface TicketGrant {
  session: AuthenticatedSession;
  meetingId: string;
  documentName: string;
}

interface StoredTicket {
  grant: TicketGrant;
  expiresAt: number;
  timer: NodeJS.Timeout;
}

/** Outstanding tickets one session may hold; issuing more retires the oldest. */
export const MAX_TICKETS_PER_SESSION = 20;

const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

/**
 * One-use tickets for opening a collab WebSocket without the session cookie
 * (non-browser clients, where Origin checks cannot apply). Kept in memory
 * (single process) and only as hashes, so a heap dump holds no usable ticket.
 *
 * Using a ticket re-checks the session and the membership behind it
 * (CollabAccessService), so sign-out, expiry or removal from the meeting
 * before it is used makes it worthless.
 */
@Injectable()
export class CollabTicketService implements OnApplicationShutdown {
  private readonly tickets = new Map<string, StoredTicket>();

  constructor(private readonly meetings: MeetingsService) {}

  /**
   * Issues a ticket for a member's document.
   * @throws DomainError MeetingNotFound when the caller is not a member (same as no such meeting).
   */
  async issueForMember(session: AuthenticatedSession, request: CollabTicketRequest): Promise<CollabTicketResponse> {
    const role = await this.meetings.findRole(request.meetingId, session.user.id);
    if (!role) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    const document = documentName(request.meetingId, request.kind);
    const { ticket, expiresAt } = this.issue({ session, meetingId: request.meetingId, documentName: document });
    return { ticket, document, expiresAt: expiresAt.toISOString() };
  }

  /** Issues a ticket for an already authorised grant. The plain ticket is returned once and never stored. */
  issue(grant: TicketGrant): { ticket: string; expiresAt: Date } {
    this.retireOldest(grant.session.sessionId);
    const ticket = randomBytes(32).toString('base64url');
    const hash = hashTicket(ticket);
    const expiresAt = Date.now() + LIMITS.collabTicketTtlMs;
    const timer = setTimeout(() => this.withdraw(hash), LIMITS.collabTicketTtlMs);
    timer.unref();
    this.tickets.set(hash, { grant, expiresAt, timer });
    return { ticket, expiresAt: new Date(expiresAt) };
  }

  /**
   * Uses a ticket up: valid once, before it expires, for the document it was
   * issued for. A ticket presented for another document is used up too.
   */
  consume(ticket: string, documentName: string): TicketGrant | null {
    if (ticket.length === 0 || ticket.length > 100) return null;
    const hash = hashTicket(ticket);
    const stored = this.tickets.get(hash);
    if (!stored) return null;
    this.withdraw(hash);
    if (stored.expiresAt <= Date.now() || stored.grant.documentName !== documentName) return null;
    return stored.grant;
  }

  /** Tickets not yet used or expired. */
  get outstanding(): number {
    return this.tickets.size;
  }

  onApplicationShutdown(): void {
    for (const hash of [...this.tickets.keys()]) this.withdraw(hash);
  }

  private withdraw(hash: string): void {
    const stored = this.tickets.get(hash);
    if (!stored) return;
    this.tickets.delete(hash);
    clearTimeout(stored.timer);
  }

  private retireOldest(sessionId: string): void {
    const ofSession = [...this.tickets].filter(([, t]) => t.grant.session.sessionId === sessionId);
    // Map iteration is insertion order, so the first are the oldest.
    for (const [hash] of ofSession.slice(0, Math.max(0, ofSession.length - MAX_TICKETS_PER_SESSION + 1))) {
      this.withdraw(hash);
    }
  }
}
