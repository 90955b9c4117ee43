import { Injectable } from '@nestjs/common';
import { type MeetingType, needsIndependentChair } from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../platform';
import { ConferencesRepository } from './conferences.repository';

const NOT_INDEPENDENT = 'The chair of a conference must be independent of the case';
const NOT_INDEPENDENT_FGDM =
  'The coordinator of a family group decision-making meeting must be independent of the case';
const notIndependent = (type: MeetingType | null) => (type === 'fgdm' ? NOT_INDEPENDENT_FGDM : NOT_INDEPENDENT);
const ROLE_IN_CASE = {
  lcpp: 'the lead child protection practitioner for a child in it',
  leadProfessional: 'the lead professional of a child’s child protection plan in it',
} as const;
const ROLE_FOR_CHILD = {
  lcpp: 'the lead child protection practitioner for this child',
  leadProfessional: 'the lead professional of this child’s child protection plan',
} as const;

/**
 * A conference's chair is independent of the case (DOMAIN-PATHWAY §1.2): not
 * the lead child protection practitioner (LCPP) of any of its children, nor
 * the lead professional of any one's active plan. The same holds for the
 * coordinator (chair) of a family group decision-making meeting. Checked when a conference
 * is convened (the convener chairs), when a member is made its chair, when a
 * child is added to it, and when a child's LCPP is named while someone chairs
 * a conference about them that has not concluded. The refusal names the role
 * in the case, never the child.
 */
@Injectable()
export class IndependentChairRule {
  constructor(private readonly repository: ConferencesRepository) {}

  /** Forbidden when the convener of a new conference about these children has a role in the case. */
  async checkConvener(
    tx: EntityManager,
    type: MeetingType,
    userId: string,
    childIds: readonly string[],
  ): Promise<void> {
    if (!needsIndependentChair(type)) return;
    const role = await this.roleInCase(tx, userId, childIds);
    if (role) {
      throw new DomainError(
        'Forbidden',
        `${notIndependent(type)}: you are ${ROLE_IN_CASE[role]}. Ask an independent ${type === 'fgdm' ? 'coordinator' : 'chair'} to convene it`,
      );
    }
  }

  /** Forbidden when the member about to chair the meeting (a conference) has a role in the case. */
  async checkNewChair(tx: EntityManager, meetingId: string, userId: string): Promise<void> {
    const type = await this.repository.findMeetingType(tx, meetingId);
    if (!type || !needsIndependentChair(type)) return;
    const role = await this.roleInCase(tx, userId, await this.repository.findChildIds(tx, meetingId));
    if (role) throw new DomainError('Forbidden', `${notIndependent(type)}: this person is ${ROLE_IN_CASE[role]}`);
  }

  /** Forbidden when a child about to be added to a conference has one of its chairs as their LCPP or plan's lead professional. */
  async checkChildAdded(tx: EntityManager, meetingId: string, childId: string): Promise<void> {
    const type = await this.repository.findMeetingType(tx, meetingId);
    if (!type || !needsIndependentChair(type)) return;
    for (const chairId of await this.repository.findChairIds(tx, meetingId)) {
      const role = await this.roleInCase(tx, chairId, [childId]);
      if (role) {
        throw new DomainError(
          'Forbidden',
          `${notIndependent(type)}: its chair is ${ROLE_FOR_CHILD[role]}. Ask an independent chair to chair it first`,
        );
      }
    }
  }

  /** Forbidden when the person about to be named the child's LCPP chairs a conference about them that has not concluded. */
  async checkNewLcpp(tx: EntityManager, childId: string, userId: string): Promise<void> {
    if (await this.repository.chairsUnconcludedConferenceAbout(tx, userId, childId)) {
      throw new DomainError(
        'Forbidden',
        `${NOT_INDEPENDENT}: this person chairs a conference about this child that has not concluded, so cannot be their lead child protection practitioner`,
      );
    }
  }

  private async roleInCase(
    tx: EntityManager,
    userId: string,
    childIds: readonly string[],
  ): Promise<keyof typeof ROLE_IN_CASE | null> {
    if (childIds.length === 0) return null;
    const roles = await this.repository.findCaseRoles(tx, userId, childIds);
    if (roles.lcpp) return 'lcpp';
    if (roles.leadProfessional) return 'leadProfessional';
    return null;
  }
}
