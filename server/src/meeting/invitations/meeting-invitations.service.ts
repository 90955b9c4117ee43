import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AcceptInvitationRequest,
  AcceptInvitationResponse,
  AccountInvitation,
  InvitationPreview,
  InviteWithoutAccountRequestSchema,
} from '@roundtable/shared/invitations';
import { MEETING_TYPE_LABELS } from '@roundtable/shared/pathway';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { auditActor } from '../../audit';
import { AccountInvitationsService, InvitationRefusal, toAccountInvitationOf } from '../../identity';
import {
  APP_CONFIG,
  type AppConfig,
  type AuthenticatedUser,
  describeError,
  DomainError,
  MailService,
} from '../../platform';
import { requireChair, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { MeetingsService } from '../meetings/meetings.service';
import { type MembershipChange, MeetingMembershipEvents } from '../meetings/membership-events';
import { CalendarEventsRepository } from './calendar-events.repository';
import {
  accountInvitationEmail,
  buildMeetingIcs,
  type InvitationMeeting,
  memberInvitationEmail,
  removedEmail,
  rescheduledEmail,
} from './meeting-calendar';

type InviteInput = z.output<typeof InviteWithoutAccountRequestSchema>;

/** Where the link in an invitation opens: the token in the fragment, which browsers never send to a server. */
export const acceptLink = (publicUrl: string, token: string) => `${publicUrl}/invitations/accept#token=${token}`;

/**
 * Invitations by email (docs/EMAIL.md). A professional added to a meeting, a
 * new time and a removal each send the recipient an email with a calendar
 * invitation (REQUEST, or CANCEL on removal), one event per meeting and
 * address (stable UID, SEQUENCE bumped on each change). The chair invites
 * someone without an account by email and role; accepting the emailed link
 * sets up their account (or binds their signed-in one with the same email)
 * and makes them a member, all in one transaction. Emails go through
 * MailService after the change commits: a mail server that is down never
 * blocks or fails the change (the outbox row records the error).
 */
@Injectable()
export class MeetingInvitationsService {
  private readonly logger = new Logger(MeetingInvitationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'publicUrl' | 'mailFrom'>,
    private readonly mail: MailService,
    private readonly calendarEvents: CalendarEventsRepository,
    private readonly accountInvitations: AccountInvitationsService,
    private readonly meetings: MeetingsService,
    private readonly locks: MeetingLockRepository,
    membershipEvents: MeetingMembershipEvents,
  ) {
    membershipEvents.onChange((change) => this.onMembershipChange(change));
  }

  /** Emails the calendar invitation a change calls for. Runs after the change committed; never fails it. */
  async onMembershipChange(change: MembershipChange): Promise<void> {
    const meeting = await this.calendarEvents.findMeeting(change.meetingId);
    // A concluded meeting is in the past: no calendar event to add, move or cancel.
    if (!meeting || meeting.status === 'concluded') return;
    if (change.kind === 'rescheduled') {
      for (const email of await this.calendarEvents.rescheduleRecipients(meeting.id)) {
        const ics = await this.nextIcs(meeting, email, 'REQUEST');
        await this.mail.send(rescheduledEmail(email, meeting, ics, this.config.publicUrl));
      }
      return;
    }
    const email = await this.calendarEvents.emailOf(change.userId);
    if (!email) return;
    if (change.kind === 'member-added') {
      const ics = await this.nextIcs(meeting, email, 'REQUEST');
      await this.mail.send(memberInvitationEmail(email, meeting, ics, this.config.publicUrl));
    } else {
      const ics = await this.nextIcs(meeting, email, 'CANCEL');
      await this.mail.send(removedEmail(email, meeting, ics));
    }
  }

  /** Invites someone without an account (chair; not after the conclusion) and emails them the link. */
  async inviteWithoutAccount(
    meetingId: string,
    actor: AuthenticatedUser,
    input: InviteInput,
  ): Promise<AccountInvitation> {
    const { invitation, token } = await this.dataSource.transaction(async (tx) => {
      const meeting = await this.lockAsChair(tx, meetingId, actor, 'invite people');
      if (meeting.status === 'concluded') {
        throw new DomainError('MeetingConcluded', 'This meeting has concluded: no one new can be invited');
      }
      return this.accountInvitations.create(tx, meetingId, actor, input);
    });
    this.logger.log(
      { event: 'account-invitation-created', meetingId, invitationId: invitation.id, by: actor.id },
      'invitation without an account created',
    );
    // After the commit: the invitation stands whatever happens to its email (the outbox shows that).
    try {
      const meeting = await this.calendarEvents.findMeeting(meetingId);
      if (meeting) {
        const ics = await this.nextIcs(meeting, invitation.email, 'REQUEST');
        const link = acceptLink(this.config.publicUrl, token);
        await this.mail.send(accountInvitationEmail(invitation.email, meeting, link, invitation.expires_at, ics));
      }
    } catch (error) {
      this.logger.error(
        {
          event: 'account-invitation-mail-failed',
          meetingId,
          invitationId: invitation.id,
          error: describeError(error),
        },
        'the invitation email could not be recorded',
      );
    }
    return toAccountInvitationOf(invitation, this.accountInvitations.now());
  }

  /** The meeting's invitations without an account (chair). */
  async list(meetingId: string, actor: AuthenticatedUser): Promise<AccountInvitation[]> {
    await this.dataSource.transaction((tx) => this.lockAsChair(tx, meetingId, actor, 'see invitations'));
    return this.accountInvitations.list(meetingId);
  }

  /** Withdraws an invitation not yet accepted (chair, at any stage of the meeting): its link stops working. */
  async revoke(meetingId: string, actor: AuthenticatedUser, invitationId: string): Promise<AccountInvitation> {
    const revoked = await this.dataSource.transaction(async (tx) => {
      await this.lockAsChair(tx, meetingId, actor, 'withdraw invitations');
      return this.accountInvitations.revoke(tx, meetingId, invitationId, actor);
    });
    this.logger.log(
      { event: 'account-invitation-revoked', meetingId, invitationId, by: actor.id },
      'invitation without an account withdrawn',
    );
    return revoked;
  }

  /** What the accept page shows of an open invitation: the meeting's type, reference and time, never more. */
  async preview(token: string): Promise<InvitationPreview> {
    const invitation = await this.accountInvitations.findOpen(token);
    const meeting = await this.calendarEvents.findMeeting(invitation.meeting_id);
    if (!meeting) throw new InvitationRefusal('unknown', null);
    return {
      email: invitation.email,
      role: invitation.role,
      agency: invitation.agency,
      organisation: invitation.organisation,
      meetingReference: meeting.reference,
      meetingTypeLabel: MEETING_TYPE_LABELS[meeting.type],
      scheduledAt: meeting.scheduledAt.toISOString(),
      expiresAt: invitation.expires_at.toISOString(),
    };
  }

  /** Sets up the invited person's account and makes them a member, once. Refusals change nothing and are audited. */
  async acceptWithNewAccount(input: AcceptInvitationRequest): Promise<AcceptInvitationResponse> {
    return this.accept(null, async (tx) => {
      const invitation = await this.accountInvitations.claim(tx, input.token);
      const user = await this.accountInvitations.createAccount(tx, invitation, input);
      return { invitation, user, how: 'new-account' as const };
    });
  }

  /**
   * Binds the invitation to the signed-in account (signed in with a password
   * or the organisation's single sign-on) when its email is the invited one.
   */
  async acceptSignedIn(token: string, user: AuthenticatedUser): Promise<AcceptInvitationResponse> {
    return this.accept(user, async (tx) => {
      const invitation = await this.accountInvitations.claim(tx, token);
      this.accountInvitations.requireSameEmail(invitation, user);
      if (user.isAuditor) {
        throw new DomainError(
          'Forbidden',
          'Auditors review the audit trail and final record; they cannot be meeting members',
        );
      }
      return { invitation, user, how: 'signed-in' as const };
    });
  }

  private async accept(
    signedIn: AuthenticatedUser | null,
    claim: (tx: EntityManager) => Promise<{
      invitation: Parameters<AccountInvitationsService['markAccepted']>[1];
      user: AuthenticatedUser;
      how: 'new-account' | 'signed-in';
    }>,
  ): Promise<AcceptInvitationResponse> {
    let accepted: { meetingId: string; user: AuthenticatedUser };
    try {
      accepted = await this.dataSource.transaction(async (tx) => {
        const { invitation, user, how } = await claim(tx);
        await this.meetings.addInvitedMember(tx, invitation.meeting_id, user, invitation.role, invitation.invited_by);
        await this.accountInvitations.markAccepted(tx, invitation, user, how);
        return { meetingId: invitation.meeting_id, user };
      });
    } catch (error) {
      if (error instanceof InvitationRefusal) {
        await this.accountInvitations.auditRefusal(error, signedIn ? auditActor(signedIn) : null);
      }
      throw error;
    }
    this.logger.log(
      { event: 'account-invitation-accepted', meetingId: accepted.meetingId, userId: accepted.user.id },
      'invitation accepted',
    );
    await this.meetings.announceMembership({
      kind: 'member-added',
      meetingId: accepted.meetingId,
      userId: accepted.user.id,
    });
    return { meetingId: accepted.meetingId, email: accepted.user.email };
  }

  private async nextIcs(meeting: InvitationMeeting, email: string, method: 'REQUEST' | 'CANCEL'): Promise<string> {
    const version = await this.calendarEvents.nextVersion(meeting.id, email, method === 'CANCEL');
    return buildMeetingIcs(meeting, version, method, email, {
      publicUrl: this.config.publicUrl,
      mailFrom: this.config.mailFrom,
    });
  }

  private async lockAsChair(tx: EntityManager, meetingId: string, actor: AuthenticatedUser, action: string) {
    const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
    requireChair(meeting, action);
    return meeting;
  }
}
