import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Agency, LIMITS, type MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { AudienceMember } from '@roundtable/shared/need-to-know';
import { MEETING_TYPE_REFERENCE_PREFIXES, type MeetingType } from '@roundtable/shared/pathway';
import { canConveneMeeting, cannotBeChair, canManageMeeting } from '@roundtable/shared/permissions';
import type {
  AddMemberRequest,
  CreateMeetingRequest,
  MeetingDetail,
  MeetingSummary,
  UpdateMeetingRequest,
} from '@roundtable/shared/schemas';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { type AuditActor, auditActor, AuditService } from '../../audit';
import { ChildRecordsService } from '../children/child-records.service';
import { ClocksService } from '../clocks/clocks.service';
import { ConveningRules } from '../conferences/convening-rules';
import { IndependentChairRule } from '../conferences/independent-chair';
import { MeetingTypesService } from '../conferences/meeting-types.service';
import {
  APP_CONFIG,
  type AppConfig,
  type AuthenticatedUser,
  DomainError,
  LiveConnectionRegistry,
} from '../../platform';
import { refuseWhenConcluded, requireChairPermission, requireMeetingMember } from './meeting-lock';
import { MeetingLockRepository } from './meeting-lock.repository';
import { DocumentTemplatesService } from '../templates/document-templates.service';
import { UsersService } from '../../identity';
import type { MeetingMemberEntity } from './meeting-member.entity';
import {
  type MeetingDetailExtras,
  toMeetingDetail,
  toMeetingLink,
  toMeetingSummary,
  toPathwayMeeting,
} from './meeting.mapper';
import type { MeetingEntity } from './meeting.entity';
import { MEETING_NOT_FOUND } from './meeting.errors';
import { MeetingRepository } from './meeting.repository';
import { type MembershipChange, MeetingMembershipEvents } from './membership-events';

const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

/** How many generated references to try before giving up (4 hex digits per day can collide). */
const GENERATED_REFERENCE_ATTEMPTS = 10;

/** A reference when the convenor gives none, e.g. SD-20260302-4F1A or ICPC-20260316-09B2. */
function generateReference(type: MeetingType, scheduledAt: Date): string {
  const day = scheduledAt.toISOString().slice(0, 10).replaceAll('-', '');
  return `${MEETING_TYPE_REFERENCE_PREFIXES[type]}-${day}-${randomBytes(2).toString('hex').toUpperCase()}`;
}

/**
 * Strategy discussions and their membership. Every read and write checks the
 * caller's membership first: a non-member gets MeetingNotFound, exactly as
 * for a meeting that does not exist.
 */
@Injectable()
export class MeetingsService {
  private readonly logger = new Logger(MeetingsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: MeetingRepository,
    private readonly users: UsersService,
    private readonly liveConnections: LiveConnectionRegistry,
    private readonly childRecords: ChildRecordsService,
    private readonly audit: AuditService,
    private readonly templates: DocumentTemplatesService,
    private readonly clocks: ClocksService,
    private readonly locks: MeetingLockRepository,
    private readonly meetingTypes: MeetingTypesService,
    private readonly conveningRules: ConveningRules,
    private readonly independentChair: IndependentChairRule,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'inviteeAccessHoursAfterConclusion'>,
    private readonly membershipEvents: MeetingMembershipEvents,
  ) {}

  /** The caller's role in a meeting, or null when they are not a member (or it does not exist). */
  async findRole(meetingId: string, userId: string): Promise<MeetingRole | null> {
    return this.repository.findRole(meetingId, userId);
  }

  /** The user's role in the meeting and the meeting's status in one lookup (a collab upgrade), or null for a non-member. */
  async findMembership(
    meetingId: string,
    userId: string,
  ): Promise<{ role: MeetingRole; status: MeetingStatus } | null> {
    return this.repository.findMembership(meetingId, userId);
  }

  /**
   * The user's role, with the meeting's row share-locked until `tx` ends (a
   * read of several tables as of one moment of the meeting). MeetingNotFound
   * for a non-member, exactly as for a meeting that does not exist.
   */
  async lockRole(tx: EntityManager, meetingId: string, userId: string): Promise<MeetingRole> {
    return requireMeetingMember(await this.locks.shareLockRole(tx, meetingId, userId));
  }

  /**
   * Every member as need-to-know sees them (user, role, agency), read in `tx`
   * or on its own: who may receive what is restricted to an audience.
   */
  audienceMembers(meetingId: string, tx: EntityManager = this.dataSource.manager): Promise<AudienceMember[]> {
    return this.repository.findAudienceMembers(tx, meetingId);
  }

  /** A meeting's lifecycle status (scheduled, live, concluded), or null when it does not exist. Callers check membership. */
  async findStatus(meetingId: string): Promise<MeetingStatus | null> {
    return this.repository.findStatus(meetingId);
  }

  /** Meetings the user belongs to, soonest first. */
  async listForUser(userId: string): Promise<MeetingSummary[]> {
    const mine = await this.repository.findMembershipsOf(userId);
    if (mine.length === 0) return [];
    const countOf = await this.repository.countMembersOf(mine.map((m) => m.meetingId));
    return mine.map((m) => toMeetingSummary(m.meeting as MeetingEntity, m.role, countOf.get(m.meetingId) ?? 0));
  }

  /** One meeting with children and members, for a member. */
  async getForMember(meetingId: string, userId: string): Promise<MeetingDetail> {
    const role = await this.requireMember(meetingId, userId);
    const templates = await this.templates.forMeeting(this.dataSource.manager, meetingId);
    const meeting = await this.load(meetingId);
    return { ...toMeetingDetail(meeting, role, await this.detailExtras(meeting, userId)), templates };
  }

  /** The discussions linked to this one that the member belongs to (the one it reviews, its reviews), and its clocks. */
  private async detailExtras(meeting: MeetingEntity, userId: string): Promise<MeetingDetailExtras> {
    const linked = await this.repository.findLinkedForMember(meeting, userId);
    const reviewOf = linked.find((m) => m.id === meeting.reviewOfMeetingId);
    const precededBy = meeting.precededByMeetingId
      ? await this.repository.findForMember(meeting.precededByMeetingId, userId)
      : null;
    return {
      precededBy: precededBy ? toPathwayMeeting(precededBy) : null,
      reviewOf: reviewOf ? toMeetingLink(reviewOf) : null,
      reviews: linked.filter((m) => m.reviewOfMeetingId === meeting.id).map(toMeetingLink),
      clocks: await this.clocks.forMeeting(this.dataSource.manager, meeting),
    };
  }

  /**
   * Convenes a strategy discussion; the creator chairs. Only accounts an
   * administrator has allowed to convene and chair (canConveneMeeting).
   */
  async create(actor: AuthenticatedUser, input: CreateMeetingRequest): Promise<MeetingDetail> {
    requireChairPermission(actor);
    const scheduledAt = new Date(input.scheduledAt);
    // A generated reference can collide with another of the same day: draw a new one, a few times.
    for (let attempt = 1; ; attempt++) {
      const reference = input.reference ?? generateReference(input.type ?? 'strategy-discussion', scheduledAt);
      try {
        return await this.insertMeeting(actor, input, scheduledAt, reference);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (input.reference === undefined && attempt < GENERATED_REFERENCE_ATTEMPTS) continue;
        throw new DomainError('Conflict', `The reference ${reference} is already in use`);
      }
    }
  }

  /**
   * One attempt at convening: the meeting, its children, the chair, its
   * templates and the audit entry. What its type is convened from and the
   * independence of a conference's chair are checked first; a refusal rolls
   * everything back (a new child's record too).
   */
  private async insertMeeting(
    actor: AuthenticatedUser,
    input: CreateMeetingRequest,
    scheduledAt: Date,
    reference: string,
  ): Promise<MeetingDetail> {
    const type = input.type ?? 'strategy-discussion';
    const meetingId = await this.dataSource.transaction(async (tx) => {
      const children = await this.childRecords.resolve(tx, actor, input.children);
      await this.conveningRules.check(tx, actor, input, children);
      await this.independentChair.checkConvener(
        tx,
        type,
        actor.id,
        children.map((c) => c.id),
      );
      const meeting = await this.repository.insertMeeting(tx, {
        reference,
        reason: input.reason,
        scheduledAt,
        format: input.format ?? 'online',
        createdBy: actor.id,
        type,
        precededByMeetingId: input.precededByMeetingId ?? null,
      });
      await this.repository.insertChildren(
        tx,
        meeting.id,
        children.map((child, position) => ({
          childId: child.id,
          name: child.name,
          dateOfBirth: child.dateOfBirth,
          position,
        })),
      );
      await this.repository.insertMember(tx, {
        meetingId: meeting.id,
        userId: actor.id,
        role: 'chair',
        addedBy: actor.id,
      });
      // The meeting keeps the templates it was created with (the record its type's); later configuration never alters its record.
      await this.templates.copyForMeeting(tx, meeting.id, this.meetingTypes.recordTemplate(type));
      await this.audit.record(tx, {
        type: 'meeting.created',
        actor: auditActor(actor),
        meetingId: meeting.id,
        subject: { type: 'meeting', id: meeting.id },
        details: {
          reference: meeting.reference,
          children: input.children.length,
          format: meeting.format,
          type,
          precededBy: meeting.precededByMeetingId,
        },
      });
      return meeting.id;
    });
    this.logger.log({ event: 'meeting-created', meetingId, userId: actor.id }, 'meeting created');
    return this.getForMember(meetingId, actor.id);
  }

  /** Changes the reason, time or format. Chair only. */
  async update(meetingId: string, actor: AuthenticatedUser, input: UpdateMeetingRequest): Promise<MeetingDetail> {
    await this.requireChair(meetingId, actor.id, 'change the meeting details');
    await this.withMeetingLocked(meetingId, async (tx) => {
      refuseWhenConcluded(
        await this.locks.findStatus(tx, meetingId),
        'This strategy discussion has concluded: its details are part of the record. Add an addendum instead',
      );
      await this.repository.updateDetails(tx, meetingId, {
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
        ...(input.scheduledAt !== undefined ? { scheduledAt: new Date(input.scheduledAt) } : {}),
        ...(input.format !== undefined ? { format: input.format } : {}),
      });
      // Which fields changed, not their text: the reason can name the child.
      await this.audit.record(tx, {
        type: 'meeting.changed',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'meeting', id: meetingId },
        details: { fields: Object.keys(input).sort() },
      });
    });
    if (input.scheduledAt !== undefined) await this.membershipEvents.emit({ kind: 'rescheduled', meetingId });
    return this.getForMember(meetingId, actor.id);
  }

  /**
   * Starts the clock of the meeting's invitees, in the conclusion's
   * transaction: each keeps access INVITEE_ACCESS_HOURS_AFTER_CONCLUSION hours
   * after it (member-access.ts), then every check treats them as a non-member.
   */
  async startInviteeAccessClock(tx: EntityManager, meetingId: string): Promise<void> {
    await this.repository.setInviteeAccessEnds(tx, meetingId, this.config.inviteeAccessHoursAfterConclusion);
  }

  /** Invites a user (by email) with a meeting role, as a member or for this meeting only (an invitee). Chair only. */
  async addMember(meetingId: string, actor: AuthenticatedUser, input: AddMemberRequest): Promise<MeetingDetail> {
    await this.requireChair(meetingId, actor.id, 'invite members');
    const invitee = input.invitee ?? false;
    if (invitee && input.role === 'chair') {
      throw new DomainError('ValidationFailed', 'A chair cannot be invited for this meeting only', [
        { path: 'invitee', message: 'A chair cannot be invited for this meeting only' },
      ]);
    }
    const user = await this.users.findActiveByEmail(input.email);
    if (!user) throw new DomainError('UserNotFound', `No active account has the email ${input.email}`);
    if (user.isAuditor) {
      throw new DomainError(
        'Forbidden',
        'Auditors review the audit trail and final record; they cannot be meeting members',
      );
    }
    if (input.role === 'chair' && !canConveneMeeting(user))
      throw new DomainError('Forbidden', cannotBeChair(user.displayName));
    await this.withMeetingLocked(meetingId, (tx) =>
      this.insertMemberChecked(
        tx,
        meetingId,
        { id: user.id, agency: user.agency, displayName: user.displayName },
        {
          role: input.role,
          addedBy: actor.id,
          invitee,
          auditActor: auditActor(actor),
        },
      ),
    );
    this.logger.log(
      { event: 'member-added', meetingId, userId: user.id, role: input.role, by: actor.id },
      'member added',
    );
    await this.membershipEvents.emit({ kind: 'member-added', meetingId, userId: user.id });
    return this.getForMember(meetingId, actor.id);
  }

  /**
   * Makes someone who accepted an invitation a member, inside the acceptance's
   * transaction: the same limits and checks as adding a member (the meeting's
   * membership lock, the member cap, the role its type offers). Not after the
   * conclusion. The caller emits `member-added` once its transaction commits.
   */
  async addInvitedMember(
    tx: EntityManager,
    meetingId: string,
    user: { id: string; agency: Agency; displayName: string },
    role: MeetingRole,
    invitedBy: string,
  ): Promise<void> {
    await this.repository.lockForMembershipChange(tx, meetingId);
    refuseWhenConcluded(
      await this.locks.findStatus(tx, meetingId),
      'This meeting has concluded: the invitation can no longer be accepted',
    );
    await this.insertMemberChecked(tx, meetingId, user, {
      role,
      addedBy: invitedBy,
      invitee: false,
      auditActor: auditActor(user),
      via: 'invitation',
    });
  }

  /** Emits a membership change after the caller's transaction committed (an accepted invitation). */
  announceMembership(change: MembershipChange): Promise<void> {
    return this.membershipEvents.emit(change);
  }

  private async insertMemberChecked(
    tx: EntityManager,
    meetingId: string,
    user: { id: string; agency: Agency; displayName: string },
    how: { role: MeetingRole; addedBy: string; invitee: boolean; auditActor: AuditActor; via?: 'invitation' },
  ): Promise<void> {
    const count = await this.repository.countMembers(tx, meetingId);
    if (count >= LIMITS.membersPerMeetingMax) {
      throw new DomainError('Conflict', `A meeting can have at most ${LIMITS.membersPerMeetingMax} members`);
    }
    if (await this.repository.isMember(tx, meetingId, user.id)) {
      throw new DomainError('MemberAlreadyExists', `${user.displayName} is already a member of this meeting`);
    }
    await this.meetingTypes.requireRoleOffered(tx, meetingId, how.role);
    if (how.role === 'chair') await this.independentChair.checkNewChair(tx, meetingId, user.id);
    await this.repository.insertMember(tx, {
      meetingId,
      userId: user.id,
      role: how.role,
      addedBy: how.addedBy,
      invitee: how.invitee,
    });
    // Invited after the conclusion: their time runs from the conclusion, as everyone else's did.
    if (how.invitee) await this.startInviteeAccessClock(tx, meetingId);
    await this.audit.record(tx, {
      type: 'member.added',
      actor: how.auditActor,
      meetingId,
      subject: { type: 'user', id: user.id },
      details: { role: how.role, agency: user.agency, invitee: how.invitee, ...(how.via ? { via: how.via } : {}) },
    });
  }

  /** Changes a member's role; their live connections apply it at once. Chair only. */
  async changeRole(
    meetingId: string,
    actor: AuthenticatedUser,
    userId: string,
    role: MeetingRole,
  ): Promise<MeetingDetail> {
    await this.requireChair(meetingId, actor.id, 'change roles');
    await this.withMeetingLocked(meetingId, async (tx) => {
      const member = await this.requireTargetMember(tx, meetingId, userId);
      if (role === 'chair' && member.role !== 'chair') await this.requireMayChair(userId);
      if (role === 'chair' && member.invitee) {
        throw new DomainError('Forbidden', 'A member invited for this meeting only cannot chair it');
      }
      await this.meetingTypes.requireRoleOffered(tx, meetingId, role);
      if (role === 'chair' && member.role !== 'chair') await this.independentChair.checkNewChair(tx, meetingId, userId);
      if (member.role === 'chair' && role !== 'chair') await this.ensureAnotherChair(tx, meetingId);
      await this.repository.updateRole(tx, meetingId, userId, role);
      await this.audit.record(tx, {
        type: 'member.role-changed',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'user', id: userId },
        details: { from: member.role, to: role },
      });
    });
    this.liveConnections.changeRole(meetingId, userId, role);
    this.logger.log({ event: 'member-role-changed', meetingId, userId, role, by: actor.id }, 'member role changed');
    return this.getForMember(meetingId, actor.id);
  }

  /** Removes a member; their live connections to the meeting close at once. Chair only. */
  async removeMember(meetingId: string, actor: AuthenticatedUser, userId: string): Promise<MeetingDetail> {
    await this.requireChair(meetingId, actor.id, 'remove members');
    await this.withMeetingLocked(meetingId, async (tx) => {
      const member = await this.requireTargetMember(tx, meetingId, userId);
      if (member.role === 'chair') await this.ensureAnotherChair(tx, meetingId);
      await this.repository.deleteMember(tx, meetingId, userId);
      await this.audit.record(tx, {
        type: 'member.removed',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'user', id: userId },
        details: { role: member.role },
      });
    });
    this.liveConnections.revokeMeetingAccess(meetingId, userId);
    this.logger.log({ event: 'member-removed', meetingId, userId, by: actor.id }, 'member removed');
    await this.membershipEvents.emit({ kind: 'member-removed', meetingId, userId });
    return this.getForMember(meetingId, actor.id);
  }

  private async requireMember(meetingId: string, userId: string): Promise<MeetingRole> {
    const role = await this.findRole(meetingId, userId);
    if (!role) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    return role;
  }

  private async requireChair(meetingId: string, userId: string, action: string): Promise<void> {
    const role = await this.requireMember(meetingId, userId);
    if (!canManageMeeting(role)) throw new DomainError('Forbidden', `Only the chair can ${action}`);
  }

  /** Forbidden when the member's account may not chair. */
  private async requireMayChair(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (user && !canConveneMeeting(user)) throw new DomainError('Forbidden', cannotBeChair(user.displayName));
  }

  private async requireTargetMember(
    tx: EntityManager,
    meetingId: string,
    userId: string,
  ): Promise<MeetingMemberEntity> {
    const member = await this.repository.findMember(tx, meetingId, userId);
    if (!member) throw new DomainError('NotFound', 'That person is not a member of this meeting');
    return member;
  }

  private async ensureAnotherChair(tx: EntityManager, meetingId: string): Promise<void> {
    const chairs = await this.repository.countChairs(tx, meetingId);
    if (chairs <= 1) {
      throw new DomainError('LastChairCannotLeave', 'A meeting must keep a chair: make someone else chair first');
    }
  }

  /** Membership changes on one meeting are serialised, so two chairs cannot both step down at once. */
  private withMeetingLocked<T>(meetingId: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await this.repository.lockForMembershipChange(tx, meetingId);
      return work(tx);
    });
  }

  private async load(meetingId: string): Promise<MeetingEntity> {
    const meeting = await this.repository.findWithChildrenAndMembers(meetingId);
    if (!meeting) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    return meeting;
  }
}
