import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MeetingActivity, ProtectedPersonChangedEvent } from '@roundtable/shared/meeting-events';
import {
  type AddProtectedPersonRequestSchema,
  type Audience,
  type AudienceMember,
  audienceLabel,
  isInAudience,
  isWidening,
  PROTECTED_PERSON_ROLE_LABELS,
  type ProtectedPersonResponse,
  type ShareProtectedPersonRequestSchema,
  type SharingDecisionResponse,
} from '@roundtable/shared/need-to-know';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { type ChangeContext, MeetingChangesService } from '../changes/meeting-changes.service';
import { invalidField } from '../decisions/decision-rules';
import { refuseWhenConcluded } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { MeetingsService } from '../meetings/meetings.service';
import { toSharingDecisionResponse } from '../sharing-decisions/sharing-decision.mapper';
import { SharingDecisionRepository } from '../sharing-decisions/sharing-decision.repository';
import { toProtectedPersonView, toWithheldView } from './protected-person.mapper';
import { ProtectedPersonsRepository } from './protected-persons.repository';

export type AddProtectedPersonInput = z.output<typeof AddProtectedPersonRequestSchema>;
export type ShareProtectedPersonInput = z.output<typeof ShareProtectedPersonRequestSchema>;

export const OBSERVERS_CANNOT_PROTECT = 'Observers read only: they cannot name a person to protect';
export const AUDIENCE_MUST_INCLUDE_YOU =
  'Choose who may know their name so that it includes you (your own agency, or you by name)';
export const AUDIENCE_NOT_MEMBERS = 'Name only members of this strategy discussion';
export const PROTECTED_PERSON_CONCLUDED =
  'This strategy discussion has concluded: its record is sealed. Add an addendum to the record instead';
export const PROTECTED_PERSON_NOT_FOUND = 'This strategy discussion has no protected person with that id';
export const ONLY_OWNER_OR_CHAIR_WIDENS =
  'Only members of the agency that named this person, or the chair with a reason, can widen who knows their name';
export const NEVER_NARROWED = 'Who knows their name can only be widened or lifted, never narrowed';
export const ALREADY_LIFTED = 'Every member already knows their name: there is nothing to widen';

/**
 * What a committed change delivers: the caller's acknowledgement, and each
 * member's own event (the name only to the audience) for the gateway to send
 * with MeetingBroadcaster.emitPerMember. `delivery` is null for a repeat.
 */
export interface ProtectedPersonChange {
  data: ProtectedPersonResponse;
  /** The information-sharing decision a widening recorded (null otherwise, and for a repeat). */
  sharingDecision: SharingDecisionResponse | null;
  delivery: {
    members: AudienceMember[];
    eventFor: (member: AudienceMember) => ProtectedPersonChangedEvent;
  } | null;
}

/**
 * Protected persons (DOMAIN.md §6 golden rule 5, issue 16 item 5): the
 * referrer, a neighbour, a member of staff, whose identity must not reach
 * whoever could harm them. Added over `/meetings` through MeetingChangesService
 * (membership, request ledger, one transaction, the audit entry with id and
 * role, never the name or label). The adder's agency owns it; its members, or
 * the chair with a reason, widen or lift its audience, never narrow it.
 * Every reader receives their own copy: the name only inside the audience.
 */
@Injectable()
export class ProtectedPersonsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: MeetingChangesService,
    private readonly repository: ProtectedPersonsRepository,
    private readonly locks: MeetingLockRepository,
    private readonly meetings: MeetingsService,
    private readonly sharing: SharingDecisionRepository,
  ) {}

  /** The meeting's protected persons as `reader` may see them, read in the caller's transaction (the join snapshot). */
  async listFor(manager: EntityManager, meetingId: string, reader: AudienceMember): Promise<ProtectedPersonResponse[]> {
    return (await this.repository.listForMeeting(manager, meetingId)).map((p) => toProtectedPersonView(p, reader));
  }

  /** Names a person to protect. Any member but an observer; refused once the meeting has concluded. */
  async add(actor: AuthenticatedUser, input: AddProtectedPersonInput): Promise<ProtectedPersonChange> {
    const outcome = await this.changes.apply(actor, input, 'protected-person:add', async (ctx) => {
      if (ctx.role === 'observer') throw new DomainError('Forbidden', OBSERVERS_CANNOT_PROTECT);
      refuseWhenConcluded(await this.locks.findStatus(ctx.tx, ctx.meetingId), PROTECTED_PERSON_CONCLUDED);
      const me = memberOf(ctx);
      if (!isInAudience(me, input.audience)) throw invalidField('audience', AUDIENCE_MUST_INCLUDE_YOU);
      await this.requireMembers(ctx, input.audience);
      const record = await this.repository.insert(ctx.tx, {
        meetingId: ctx.meetingId,
        role: input.role,
        label: input.label,
        name: input.name,
        audience: input.audience,
        ownerAgency: actor.agency,
        addedBy: actor.id,
      });
      return {
        data: toProtectedPersonView(record, me),
        activity: activity('protected-person-added', actor),
        // The trail says who and what kind of person, never who they are: no name, no label.
        audit: {
          subject: { type: 'protected-person', id: record.id },
          details: {
            event: 'protected-person:add',
            role: record.role,
            audience: audienceKey(record.audience),
            ownerAgency: record.ownerAgency,
            revision: record.revision,
          },
        },
      };
    });
    return this.deliver(outcome.data, outcome.activity);
  }

  /** Widens or lifts who may know the name: the owning agency's members, or the chair with a reason. */
  async share(actor: AuthenticatedUser, input: ShareProtectedPersonInput): Promise<ProtectedPersonChange> {
    let sharingDecision: SharingDecisionResponse | null = null;
    const outcome = await this.changes.apply(actor, input, 'protected-person:share', async (ctx) => {
      if (ctx.role === 'observer') throw new DomainError('Forbidden', ONLY_OWNER_OR_CHAIR_WIDENS);
      const person = await this.repository.lockOne(ctx.tx, ctx.meetingId, input.protectedPersonId);
      if (!person) throw new DomainError('NotFound', PROTECTED_PERSON_NOT_FOUND);
      if (actor.agency !== person.ownerAgency && ctx.role !== 'chair') {
        throw new DomainError('Forbidden', ONLY_OWNER_OR_CHAIR_WIDENS);
      }
      if (person.audience === null) throw new DomainError('Conflict', ALREADY_LIFTED);
      if (!isWidening(person.audience, input.audience)) throw invalidField('audience', NEVER_NARROWED);
      if (input.audience) await this.requireMembers(ctx, input.audience);
      const { record, shareId } = await this.repository.share(ctx.tx, person, input.audience, input.reason, actor.id);
      // An information-sharing decision (DOMAIN.md §6 golden rule 7), listed with the others and in the record.
      const decision = await this.sharing.insert(ctx.tx, {
        id: randomUUID(),
        meetingId: ctx.meetingId,
        outcome: 'shared',
        what: `The name of a protected person: ${PROTECTED_PERSON_ROLE_LABELS[record.role].toLowerCase()}, “${record.label}”`,
        withWhom: input.audience ? audienceLabel(input.audience) : 'Every member of the strategy discussion',
        lawfulBasis: input.lawfulBasis,
        reason: input.reason,
        compartmentId: null,
        decidedBy: actor.id,
        decidedAgency: actor.agency,
      });
      sharingDecision = toSharingDecisionResponse(decision);
      return {
        data: toProtectedPersonView(record, memberOf(ctx)),
        activity: activity('protected-person-shared', actor),
        // The reason stays in protected_person_shares; the trail links to it.
        audit: {
          subject: { type: 'protected-person', id: record.id },
          details: {
            event: 'protected-person:share',
            role: record.role,
            from: audienceKey(person.audience),
            to: audienceKey(record.audience),
            asChair: actor.agency !== person.ownerAgency,
            shareId,
            sharingDecisionId: decision.id,
            revision: record.revision,
          },
        },
      };
    });
    return this.deliver(outcome.data, outcome.activity, sharingDecision);
  }

  /**
   * After the commit: each member's own event, against the membership and the
   * row as they are now (a later widening already committed is sent as it is).
   */
  private async deliver(
    data: ProtectedPersonResponse,
    activity: MeetingActivity | null,
    sharingDecision: SharingDecisionResponse | null = null,
  ): Promise<ProtectedPersonChange> {
    if (!activity) return { data, sharingDecision: null, delivery: null };
    const manager = this.dataSource.manager;
    const person = await this.repository.findOne(manager, data.meetingId, data.id);
    if (!person) return { data, sharingDecision, delivery: null };
    const members = await this.meetings.audienceMembers(data.meetingId, manager);
    const withheld: ProtectedPersonChangedEvent = { person: toWithheldView(person), activity };
    const full: ProtectedPersonChangedEvent = { person: { ...withheld.person, name: person.name }, activity };
    return {
      data,
      sharingDecision,
      delivery: { members, eventFor: (member) => (isInAudience(member, person.audience) ? full : withheld) },
    };
  }

  /** ValidationFailed unless every member named in the audience is a member of the meeting. */
  private async requireMembers(ctx: ChangeContext, audience: Audience): Promise<void> {
    if (audience.userIds.length === 0) return;
    const members = new Set((await this.meetings.audienceMembers(ctx.meetingId, ctx.tx)).map((m) => m.userId));
    if (!audience.userIds.every((id) => members.has(id))) throw invalidField('audience.userIds', AUDIENCE_NOT_MEMBERS);
  }
}

function memberOf(ctx: ChangeContext): AudienceMember {
  return { userId: ctx.actor.id, role: ctx.role, agency: ctx.actor.agency };
}

function activity(kind: MeetingActivity['kind'], actor: AuthenticatedUser): MeetingActivity {
  return { kind, actor: actor.displayName, agency: actor.agency };
}

/** The audience as the trail records it: kind and agencies, how many members are named; "lifted" when null. */
function audienceKey(audience: Audience | null): string {
  if (audience === null) return 'lifted';
  const named = audience.userIds.length > 0 ? ` + ${audience.userIds.length} named` : '';
  return `${audienceLabel(audience)}${named}`;
}
