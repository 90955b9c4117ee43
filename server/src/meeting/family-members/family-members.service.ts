import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FamilyMemberResponse, InviteFamilyMemberRequestSchema } from '@roundtable/shared/family';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { FamilyParticipantsService } from '../../identity';
import { APP_CONFIG, type AppConfig, type AuthenticatedUser, DomainError } from '../../platform';
import { MeetingLifecycleEvents } from '../lifecycle/meeting-lifecycle.events';
import { requireChair, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';

type InviteInput = z.output<typeof InviteFamilyMemberRequestSchema>;

const DAY_MS = 86_400_000;

/**
 * The meeting's side of family members (docs/FAMILY.md, "Signing in"): only
 * the chair (in a family group decision-making meeting, the coordinator, who
 * holds the chair role) invites and revokes; any member sees the list; no
 * invitations once the meeting has concluded. On conclusion every family
 * member's access is set to end FAMILY_ACCESS_DAYS_AFTER_CONCLUSION days later.
 */
@Injectable()
export class FamilyMembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'familyAccessDaysAfterConclusion'>,
    private readonly family: FamilyParticipantsService,
    private readonly locks: MeetingLockRepository,
    events: MeetingLifecycleEvents,
  ) {
    events.onConcluding((tx, meetingId) =>
      this.family.endAccessForMeeting(
        tx,
        meetingId,
        new Date(Date.now() + this.config.familyAccessDaysAfterConclusion * DAY_MS),
      ),
    );
  }

  /** Invites a family member (chair; not after the conclusion). */
  invite(meetingId: string, actor: AuthenticatedUser, input: InviteInput): Promise<FamilyMemberResponse> {
    return this.family.invite(meetingId, actor, input, async (tx) => {
      const meeting = await this.lockAsChair(tx, meetingId, actor, 'invite family members');
      if (meeting.status === 'concluded') {
        throw new DomainError(
          'MeetingConcluded',
          'This meeting has concluded: family members can no longer be invited',
        );
      }
    });
  }

  /** The meeting's family members (any member). */
  async list(meetingId: string, actor: AuthenticatedUser): Promise<FamilyMemberResponse[]> {
    await this.dataSource.transaction(async (tx) => {
      requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
    });
    return this.family.list(meetingId);
  }

  /** Removes a family member's access (chair): their sessions and live connections end at once. */
  async revoke(meetingId: string, participantId: string, actor: AuthenticatedUser): Promise<void> {
    await this.family.revoke(meetingId, participantId, actor, async (tx) => {
      await this.lockAsChair(tx, meetingId, actor, 'remove family members');
    });
  }

  private async lockAsChair(tx: EntityManager, meetingId: string, actor: AuthenticatedUser, action: string) {
    const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
    requireChair(meeting, action);
    return meeting;
  }
}
