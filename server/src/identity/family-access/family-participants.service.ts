import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FamilyMemberResponse, InviteFamilyMemberRequestSchema } from '@roundtable/shared/family';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { auditActor, AuditService } from '../../audit';
import { APP_CONFIG, type AppConfig, type AuthenticatedUser, DomainError, MailService } from '../../platform';
import { invitationEmail } from './family-mail';
import { FamilyParticipantsRepository } from './family-participants.repository';
import { FamilySessionsService } from './family-sessions.service';

type InviteInput = z.output<typeof InviteFamilyMemberRequestSchema>;

/**
 * Checks, inside the change's transaction, that the actor may change the
 * meeting's family members (the meeting area: its chair, the meeting not
 * concluded); throws to refuse. Identity knows nothing of meeting roles.
 */
export type FamilyChangeAuthoriser = (tx: EntityManager) => Promise<void>;

/** At most this many family members (revoked ones not counted) per meeting. */
export const FAMILY_MEMBERS_PER_MEETING_MAX = 30;

/**
 * A meeting's family members (docs/FAMILY.md): invited by its chair, each
 * bound to that one meeting by the address they were invited at. Revocation
 * ends their sessions and live connections at once; the meeting's conclusion
 * sets when everyone's access ends.
 */
@Injectable()
export class FamilyParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'publicUrl'>,
    private readonly participants: FamilyParticipantsRepository,
    private readonly sessions: FamilySessionsService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  /** Invites a family member and emails them how to sign in (no case content). */
  async invite(
    meetingId: string,
    actor: AuthenticatedUser,
    input: InviteInput,
    authorise: FamilyChangeAuthoriser,
  ): Promise<FamilyMemberResponse> {
    const invited = await this.dataSource.transaction(async (tx) => {
      await authorise(tx);
      if (await this.participants.hasLiveInvitation(tx, meetingId, input.email)) {
        throw new DomainError('Conflict', `${input.email} has already been invited to this meeting`, [
          { path: 'email', message: 'This email address has already been invited to this meeting' },
        ]);
      }
      if ((await this.participants.countLive(tx, meetingId)) >= FAMILY_MEMBERS_PER_MEETING_MAX) {
        throw new DomainError(
          'Conflict',
          `A meeting can have at most ${FAMILY_MEMBERS_PER_MEETING_MAX} family members`,
        );
      }
      const member = await this.participants.insert(tx, {
        meetingId,
        displayName: input.displayName,
        email: input.email,
        relationship: input.relationship,
        invitedBy: actor.id,
      });
      await this.audit.record(tx, {
        type: 'family.invited',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'family-participant', id: member.id },
        details: { participantId: member.id, relationship: member.relationship },
      });
      return member;
    });
    const meeting = await this.participants.findMeeting(meetingId);
    if (meeting) await this.mail.send(invitationEmail(invited.email, meeting, this.config.publicUrl));
    return invited;
  }

  /** The meeting's family members, revoked ones included. The caller has checked the reader is a member. */
  list(meetingId: string): Promise<FamilyMemberResponse[]> {
    return this.participants.listForMeeting(meetingId);
  }

  /** Revokes a family member: their sessions end and their live connections close at once. */
  async revoke(
    meetingId: string,
    participantId: string,
    actor: AuthenticatedUser,
    authorise: FamilyChangeAuthoriser,
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await authorise(tx);
      if (!(await this.participants.revoke(tx, meetingId, participantId, actor.id))) {
        if (await this.participants.exists(tx, meetingId, participantId)) {
          throw new DomainError('Conflict', 'This family member’s access has already been removed');
        }
        throw new DomainError('NotFound', 'That person is not a family member of this meeting');
      }
      const ended = await this.sessions.endAllOfParticipant(tx, participantId);
      await this.audit.record(tx, {
        type: 'family.revoked',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'family-participant', id: participantId },
        details: { participantId, sessionsEnded: ended.length },
      });
    });
    this.sessions.closeConnectionsOf(participantId);
  }

  /**
   * Sets when the meeting's family members' access ends, inside the caller's
   * transaction (the conclusion). Their sessions end when it passes (the sweep).
   */
  async endAccessForMeeting(tx: EntityManager, meetingId: string, at: Date): Promise<void> {
    await this.participants.setAccessEnds(tx, meetingId, at);
  }
}
