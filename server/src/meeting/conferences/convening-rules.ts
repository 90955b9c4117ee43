import { Inject, Injectable } from '@nestjs/common';
import { CONFERENCE_TYPES, type MeetingType, PLAN_MEETING_TYPES } from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, type AuthenticatedUser, DomainError } from '../../platform';
import { type PathwayMeetingRow, ConferencesRepository } from './conferences.repository';
import { aMeetingOfType, MeetingTypesService } from './meeting-types.service';

/** A child the meeting is convened about, as ChildRecordsService.resolve returned it. */
export interface ConvenedChild {
  id: string;
  name: string;
}

/** How far up a chain of review discussions the ICPC looks for the decision that started s47 (as its clock does). */
const MAX_REVIEW_CHAIN = 50;

const PRECEDED_BY = 'precededByMeetingId';

const invalid = (message: string) => new DomainError('ValidationFailed', message, [{ path: PRECEDED_BY, message }]);
const conflict = (message: string) => new DomainError('Conflict', message, [{ path: PRECEDED_BY, message }]);

/**
 * What a meeting of each type is convened from (DOMAIN-PATHWAY §1–3), checked
 * in the transaction that creates it, so a refusal creates nothing:
 * - a strategy discussion follows no meeting (a review discussion is linked
 *   from the one it reviews, not here);
 * - an initial child protection conference follows the strategy discussion
 *   whose local authority decision started section 47 enquiries for each of
 *   its children, and none of them is already on a plan;
 * - a core group and a review conference work an active plan of each child;
 *   the meeting they follow, when named, is one of the plan's meetings (a
 *   conference for a review) about the same children.
 * - a family group decision-making meeting (FGDM) is about children with
 *   records; a review FGDM follows an earlier FGDM about the same children.
 * The meeting followed must be one the convener is a member of (need-to-know).
 */
@Injectable()
export class ConveningRules {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'clockRules'>,
    private readonly repository: ConferencesRepository,
    private readonly meetingTypes: MeetingTypesService,
  ) {}

  async check(
    tx: EntityManager,
    actor: AuthenticatedUser,
    input: { type?: MeetingType; precededByMeetingId?: string },
    children: readonly ConvenedChild[],
  ): Promise<void> {
    const type = input.type ?? 'strategy-discussion';
    const precededById = input.precededByMeetingId;
    switch (type) {
      case 'strategy-discussion':
        if (precededById) {
          throw invalid(
            'A strategy discussion is not convened from another meeting: leave out the meeting it follows (a review discussion is convened from the discussion it reviews)',
          );
        }
        return;
      case 'icpc':
        return this.checkInitialConference(tx, actor, precededById, children);
      case 'core-group':
      case 'review-conference':
        return this.checkPlanMeeting(tx, actor, type, precededById, children);
      case 'fgdm':
        return this.checkFamilyGroupMeeting(tx, actor, precededById, children);
    }
  }

  /**
   * A family group decision-making meeting is about at least one child, each
   * with a child record (convening resolves every child to one). A review
   * FGDM names the earlier FGDM about the same children it follows.
   */
  private async checkFamilyGroupMeeting(
    tx: EntityManager,
    actor: AuthenticatedUser,
    precededById: string | undefined,
    children: readonly ConvenedChild[],
  ): Promise<void> {
    if (children.length === 0) {
      throw new DomainError(
        'ValidationFailed',
        'A family group decision-making meeting is about at least one child: name each child',
        [{ path: 'children', message: 'Name at least one child' }],
      );
    }
    if (!precededById) return;
    const before = await this.precedingMeeting(tx, actor, precededById);
    if (before.type !== 'fgdm') {
      throw invalid(
        `A review family group decision-making meeting follows an earlier one: ${before.reference} is ${aMeetingOfType(this.label(before.type))}`,
      );
    }
    const discussed = new Set(await this.repository.findChildIds(tx, before.id));
    const missing = children.find((c) => !discussed.has(c.id));
    if (missing) {
      throw conflict(
        `${missing.name} was not a child of ${before.reference}: name the meeting about the same children, or leave it out`,
      );
    }
  }

  private async checkInitialConference(
    tx: EntityManager,
    actor: AuthenticatedUser,
    precededById: string | undefined,
    children: readonly ConvenedChild[],
  ): Promise<void> {
    if (!precededById) {
      throw invalid(
        'An initial child protection conference follows the strategy discussion whose decision started section 47 enquiries: choose that discussion',
      );
    }
    const discussion = await this.precedingMeeting(tx, actor, precededById);
    if (discussion.type !== 'strategy-discussion') {
      throw invalid(
        `An initial child protection conference follows a strategy discussion: ${discussion.reference} is ${aMeetingOfType(this.label(discussion.type))}`,
      );
    }
    const s47 = new Set(
      await this.repository.findS47ChildIds(
        tx,
        discussion.id,
        this.config.clockRules.rules.icpc.startingOptions,
        MAX_REVIEW_CHAIN,
      ),
    );
    if (s47.size === 0) {
      throw conflict(
        `An initial child protection conference follows a strategy discussion whose decision started section 47 enquiries: ${discussion.reference} did not`,
      );
    }
    const discussed = new Set(await this.repository.findChildIds(tx, discussion.id));
    for (const child of children) {
      if (!discussed.has(child.id)) {
        throw conflict(
          `${child.name} was not a child of ${discussion.reference}: name each child of the conference from that discussion`,
        );
      }
      if (!s47.has(child.id)) {
        throw conflict(`${discussion.reference} did not start section 47 enquiries for ${child.name}`);
      }
    }
    const onPlan = await this.repository.findChildIdsWithActivePlan(
      tx,
      children.map((c) => c.id),
    );
    const already = children.find((c) => onPlan.has(c.id));
    if (already) {
      throw new DomainError(
        'Conflict',
        `${already.name} is already on a child protection plan: convene a review conference`,
      );
    }
  }

  private async checkPlanMeeting(
    tx: EntityManager,
    actor: AuthenticatedUser,
    type: 'core-group' | 'review-conference',
    precededById: string | undefined,
    children: readonly ConvenedChild[],
  ): Promise<void> {
    const onPlan = await this.repository.findChildIdsWithActivePlan(
      tx,
      children.map((c) => c.id),
    );
    const without = children.find((c) => !onPlan.has(c.id));
    if (without) {
      throw new DomainError(
        'Conflict',
        type === 'core-group'
          ? `A core group works a child protection plan: ${without.name} has none yet (hold the initial conference first)`
          : `A review conference reviews a child protection plan: ${without.name} has none (hold the initial conference first)`,
      );
    }
    if (!precededById) return;
    const before = await this.precedingMeeting(tx, actor, precededById);
    const follows: readonly MeetingType[] = type === 'core-group' ? PLAN_MEETING_TYPES : CONFERENCE_TYPES;
    if (!follows.includes(before.type)) {
      const what =
        type === 'core-group'
          ? 'A core group follows a conference or core group'
          : 'A review conference follows the initial conference or an earlier review';
      throw invalid(`${what}: ${before.reference} is ${aMeetingOfType(this.label(before.type))}`);
    }
    const discussed = new Set(await this.repository.findChildIds(tx, before.id));
    const missing = children.find((c) => !discussed.has(c.id));
    if (missing) {
      throw conflict(
        `${missing.name} was not a child of ${before.reference}: name the meeting about the same children, or leave it out`,
      );
    }
  }

  /** The meeting named as the one followed; the same refusal whether it does not exist or the convener is not its member. */
  private async precedingMeeting(
    tx: EntityManager,
    actor: AuthenticatedUser,
    meetingId: string,
  ): Promise<PathwayMeetingRow> {
    const meeting = await this.repository.findMeetingForMember(tx, meetingId, actor.id);
    if (!meeting) throw invalid('No meeting with that id is known to you: choose a meeting you are a member of');
    return meeting;
  }

  private label(type: MeetingType): string {
    return this.meetingTypes.definition(type).label;
  }
}
