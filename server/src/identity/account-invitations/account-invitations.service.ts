import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ACCOUNT_INVITATION_DAYS,
  type AccountInvitation,
  type AcceptInvitationRequest,
  type InviteWithoutAccountRequestSchema,
} from '@roundtable/shared/invitations';
import { type EntityManager, QueryFailedError } from 'typeorm';
import type { z } from 'zod';
import { type AuditActor, auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, Clock, DomainError } from '../../platform';
import { hashPassword } from '../users/password-hasher';
import { type AccountInvitationRow, AccountInvitationsRepository } from './account-invitations.repository';

type InviteInput = z.output<typeof InviteWithoutAccountRequestSchema>;

const DAY_MS = 86_400_000;

/** Why an acceptance was refused (audited as `invitation.refused` with this reason). */
export type InvitationRefusalReason = 'unknown' | 'used' | 'revoked' | 'expired' | 'wrong-email' | 'account-exists';

/** An acceptance refused: the code and message the person sees, the reason the audit trail records. */
export class InvitationRefusal extends DomainError {
  constructor(
    readonly reason: InvitationRefusalReason,
    readonly invitation: AccountInvitationRow | null,
  ) {
    super(...REFUSALS[reason]);
  }
}

const REFUSALS: Record<InvitationRefusalReason, [DomainError['code'], string]> = {
  unknown: ['NotFound', 'This invitation link is not valid. Ask the meeting’s chair to invite you again.'],
  used: ['Conflict', 'This invitation has already been used. Sign in with the account it set up.'],
  revoked: ['Conflict', 'This invitation was withdrawn by the meeting’s chair. Ask them if you should still attend.'],
  expired: ['Conflict', 'This invitation has expired. Ask the meeting’s chair to invite you again.'],
  'wrong-email': [
    'Forbidden',
    'This invitation was sent to a different email address. Sign in with the account for the address it was sent to.',
  ],
  'account-exists': [
    'EmailTaken',
    'An account with this email address already exists. Sign in with it, then open the invitation link again.',
  ],
};

/** The SHA-256 of a link's token: all the database holds. */
export const invitationTokenHash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export function toAccountInvitationOf(row: AccountInvitationRow, now: Date): AccountInvitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    agency: row.agency,
    organisation: row.organisation,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    status: row.accepted_at ? 'accepted' : row.revoked_at ? 'revoked' : row.expires_at <= now ? 'expired' : 'pending',
  };
}

/**
 * Invitations for people without an account (docs/EMAIL.md): bound to one
 * email address, used once, expiring after ACCOUNT_INVITATION_DAYS days. The
 * link carries a random 32-byte token; only its SHA-256 is stored. Accepting
 * sets up an account with the invitation's agency and organisation (never an
 * administrator, auditor or chair: administrators grant those), or binds a
 * signed-in account (a password or single sign-on) whose email is the
 * invitation's. The chair may withdraw one not yet accepted. Identity knows
 * nothing of meetings: the meeting area checks the chair and makes the member,
 * in the same transaction. "Now" is the server's Clock, so expiry follows it.
 */
@Injectable()
export class AccountInvitationsService {
  constructor(
    private readonly invitations: AccountInvitationsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** Creates an invitation in the caller's transaction; returns it and the token for the link (shown nowhere else). */
  async create(
    tx: EntityManager,
    meetingId: string,
    actor: AuthenticatedUser,
    input: InviteInput,
  ): Promise<{ invitation: AccountInvitationRow; token: string }> {
    const now = this.clock.now();
    await this.invitations.lockAddress(tx, meetingId, input.email);
    if (await this.invitations.accountExists(tx, input.email)) {
      const message = 'This person already has an account: add them as a member instead';
      throw new DomainError('Conflict', message, [{ path: 'email', message }]);
    }
    if (await this.invitations.hasOpen(tx, meetingId, input.email, now)) {
      const message = 'This email address has already been invited to this meeting';
      throw new DomainError('Conflict', message, [{ path: 'email', message }]);
    }
    const token = randomBytes(32).toString('base64url');
    const invitation = await this.invitations.insert(tx, {
      meetingId,
      email: input.email,
      role: input.role,
      agency: input.agency,
      organisation: input.organisation,
      tokenHash: invitationTokenHash(token),
      invitedBy: actor.id,
      expiresAt: new Date(now.getTime() + ACCOUNT_INVITATION_DAYS * DAY_MS),
    });
    await this.audit.record(tx, {
      type: 'invitation.created',
      actor: auditActor(actor),
      meetingId,
      subject: { type: 'account-invitation', id: invitation.id },
      details: { invitationId: invitation.id, role: input.role, agency: input.agency },
    });
    return { invitation, token };
  }

  /** A meeting's invitations, newest first (the meeting area checks who may see them). */
  async list(meetingId: string): Promise<AccountInvitation[]> {
    const now = this.clock.now();
    return (await this.invitations.listForMeeting(meetingId)).map((row) => toAccountInvitationOf(row, now));
  }

  /**
   * Withdraws a meeting's invitation not yet accepted, in the caller's
   * transaction (the meeting area checks the chair): its link stops working.
   * Audited as `invitation.revoked`. 404 if the meeting has no such
   * invitation; 409 if it was accepted or already withdrawn.
   */
  async revoke(tx: EntityManager, meetingId: string, id: string, actor: AuthenticatedUser): Promise<AccountInvitation> {
    const invitation = await this.invitations.lockInMeeting(tx, meetingId, id);
    if (!invitation) throw new DomainError('NotFound', 'This meeting has no such invitation');
    if (invitation.accepted_at)
      throw new DomainError('Conflict', 'This invitation has been accepted: remove the member instead');
    if (invitation.revoked_at) throw new DomainError('Conflict', 'This invitation has already been withdrawn');
    const now = this.clock.now();
    const revoked = await this.invitations.markRevoked(tx, id, actor.id, now);
    await this.audit.record(tx, {
      type: 'invitation.revoked',
      actor: auditActor(actor),
      meetingId,
      subject: { type: 'account-invitation', id },
      details: { invitationId: id, wasExpired: invitation.expires_at <= now },
    });
    return toAccountInvitationOf(revoked, now);
  }

  /** The open invitation behind a token, for the accept page; refused as an acceptance would be. */
  async findOpen(token: string): Promise<AccountInvitationRow> {
    return this.requireOpen(await this.invitations.findByTokenHash(invitationTokenHash(token)));
  }

  /** Locks the open invitation behind a token in the caller's transaction, or throws InvitationRefusal. */
  async claim(tx: EntityManager, token: string): Promise<AccountInvitationRow> {
    return this.requireOpen(await this.invitations.lockByTokenHash(tx, invitationTokenHash(token)));
  }

  /** A signed-in account may take the invitation only when its email is the invited one. */
  requireSameEmail(invitation: AccountInvitationRow, user: { email: string }): void {
    if (user.email.toLowerCase() !== invitation.email) throw new InvitationRefusal('wrong-email', invitation);
  }

  /**
   * Sets up the invited person's account in the caller's transaction, with the
   * invitation's email, agency and organisation, and the account rules of
   * user administration (the password rules; no rights beyond membership).
   * Audited as `user.created` (via: invitation).
   */
  async createAccount(
    tx: EntityManager,
    invitation: AccountInvitationRow,
    account: Pick<AcceptInvitationRequest, 'displayName' | 'jobTitle' | 'password'>,
  ): Promise<AuthenticatedUser> {
    if (await this.invitations.accountExists(tx, invitation.email)) {
      throw new InvitationRefusal('account-exists', invitation);
    }
    let id: string;
    try {
      id = await this.invitations.insertAccount(tx, {
        email: invitation.email,
        passwordHash: await hashPassword(account.password),
        displayName: account.displayName,
        jobTitle: account.jobTitle,
        agency: invitation.agency,
        organisation: invitation.organisation,
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new InvitationRefusal('account-exists', invitation);
      }
      throw error;
    }
    await this.audit.record(tx, {
      type: 'user.created',
      actor: { userId: id, agency: invitation.agency },
      subject: { type: 'user', id },
      details: {
        via: 'invitation',
        invitationId: invitation.id,
        agency: invitation.agency,
        isAdmin: false,
        isAuditor: false,
        canChair: false,
        teamManager: false,
      },
    });
    return {
      id,
      email: invitation.email,
      displayName: account.displayName,
      jobTitle: account.jobTitle,
      agency: invitation.agency,
      organisation: invitation.organisation,
      isAdmin: false,
      isAuditor: false,
      canChair: false,
    };
  }

  /** Marks the invitation used by `user`, audited, in the caller's transaction. */
  async markAccepted(
    tx: EntityManager,
    invitation: AccountInvitationRow,
    user: AuthenticatedUser,
    how: 'new-account' | 'signed-in',
  ): Promise<void> {
    await this.invitations.markAccepted(tx, invitation.id, user.id, this.clock.now());
    await this.audit.record(tx, {
      type: 'invitation.accepted',
      actor: auditActor(user),
      meetingId: invitation.meeting_id,
      subject: { type: 'account-invitation', id: invitation.id },
      details: { invitationId: invitation.id, role: invitation.role, how },
    });
  }

  /** Audits a refused acceptance on its own (the refused transaction rolled back: it changed nothing). */
  async auditRefusal(refusal: InvitationRefusal, actor: AuditActor | null): Promise<void> {
    await this.audit.recordAlone({
      type: 'invitation.refused',
      outcome: 'refused',
      actor,
      meetingId: refusal.invitation?.meeting_id ?? null,
      subject: refusal.invitation ? { type: 'account-invitation', id: refusal.invitation.id } : null,
      details: { reason: refusal.reason },
    });
  }

  private requireOpen(invitation: AccountInvitationRow | null): AccountInvitationRow {
    if (!invitation) throw new InvitationRefusal('unknown', null);
    if (invitation.accepted_at) throw new InvitationRefusal('used', invitation);
    if (invitation.revoked_at) throw new InvitationRefusal('revoked', invitation);
    if (invitation.expires_at <= this.clock.now()) throw new InvitationRefusal('expired', invitation);
    return invitation;
  }
}
