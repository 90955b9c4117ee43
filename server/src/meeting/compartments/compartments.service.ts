import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type Audience,
  type AudienceMember,
  audienceLabel,
  type CompartmentView,
  type CreateCompartmentRequestSchema,
  isInAudience,
  isWidening,
  NEED_TO_KNOW_LIMITS,
  type OpenCompartment,
  type ShareCompartmentRequestSchema,
  type SharingDecisionResponse,
  type WithheldCompartment,
} from '@roundtable/shared/need-to-know';
import { templateFor } from '@roundtable/shared/templates';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { type ChangeContext, type ChangeOutcome, MeetingChangesService } from '../changes/meeting-changes.service';
import { invalidField } from '../decisions/decision-rules';
import { refuseWhenConcluded } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { MeetingsService } from '../meetings/meetings.service';
import { toSharingDecisionResponse } from '../sharing-decisions/sharing-decision.mapper';
import { SharingDecisionRepository } from '../sharing-decisions/sharing-decision.repository';
import { DocumentTemplatesService } from '../templates/document-templates.service';
import { compartmentViewFor, toOpenCompartment, toWithheldCompartment } from './compartment.mapper';
import { type CompartmentRecord, CompartmentRepository } from './compartment.repository';

export type CreateCompartmentInput = z.output<typeof CreateCompartmentRequestSchema>;
export type ShareCompartmentInput = z.output<typeof ShareCompartmentRequestSchema>;

export const OBSERVERS_CANNOT_RESTRICT = 'Observers cannot add restricted information';
export const COMPARTMENTS_CONCLUDED =
  'This strategy discussion has concluded: restricted information can no longer be added. Add an addendum instead';
export const NOT_IN_OWN_AUDIENCE =
  'You must be able to read what you restrict: choose an audience that includes you (your agency, or you by name)';
export const SHARE_REFUSED = 'Only the agency that restricted this information, or the chair, can share it more widely';
export const NARROWING_REFUSED =
  'Restricted information can be shared more widely, never less: choose an audience that includes everyone who can read it now';
const NO_SUCH_SECTION = 'This strategy discussion’s record has no section with that key';
const NOT_A_MEMBER = 'Everyone named in the audience must be a member of this strategy discussion';
const OBSERVER_NAMED_BY_CHAIR = 'Only the chair can let an observer read restricted information';
const NOT_FOUND = 'No restricted information with that id was found in this strategy discussion';
const ALREADY_LIFTED = 'This information is already shared with every member of the meeting';
const SAME_AUDIENCE = 'This information is already shared with that audience: choose a wider one';
const TOO_MANY = `A strategy discussion can hold at most ${NEED_TO_KNOW_LIMITS.compartmentsPerMeeting} pieces of restricted information`;

/** Refusal of a share by someone who may not share: audited as `compartment.share-refused` as well. */
class ShareRefusedError extends DomainError {
  constructor(readonly details: Record<string, unknown>) {
    super('Forbidden', SHARE_REFUSED);
  }
}

/** What a compartment change sends to whom: the open view for the audience, the withheld one for everyone else. */
export interface CompartmentBroadcast {
  members: AudienceMember[];
  open: OpenCompartment;
  withheld: WithheldCompartment | null;
  audience: Audience | null;
}

/**
 * Restricted compartments (docs/SECURITY.md "Need-to-know"). The row says
 * who may open the compartment's own Yjs document; nothing restricted ever
 * enters the shared record. Created by non-observer members (their agency
 * owns it, and they must be in its audience); widened or lifted, never
 * narrowed, by the owning agency's members or the chair, each share a
 * recorded information-sharing decision. Every change runs through
 * MeetingChangesService with its audit entry (ids, section, audiences; never text).
 */
@Injectable()
export class CompartmentsService {
  constructor(
    private readonly changes: MeetingChangesService,
    private readonly compartments: CompartmentRepository,
    private readonly decisions: SharingDecisionRepository,
    private readonly locks: MeetingLockRepository,
    private readonly templates: DocumentTemplatesService,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
  ) {}

  /** Every compartment of a meeting as `reader` may see it (the join state), read in the caller's transaction. */
  async listFor(manager: EntityManager, meetingId: string, reader: AudienceMember): Promise<CompartmentView[]> {
    return (await this.compartments.findForMeeting(manager, meetingId)).map((c) => compartmentViewFor(c, reader));
  }

  /** The audiences of a meeting's compartments, by id (who may read their sharing decisions). */
  async audiences(manager: EntityManager, meetingId: string): Promise<Map<string, Audience | null>> {
    const all = await this.compartments.findForMeeting(manager, meetingId);
    return new Map(all.map((c) => [c.id, c.audience]));
  }

  /**
   * Whether `member` may open a compartment's document now: read afresh
   * every time (an upgrade, a role change). False for an unknown compartment.
   */
  async mayOpen(meetingId: string, compartmentId: string, member: AudienceMember): Promise<boolean> {
    const compartment = await this.compartments.findNow(meetingId, compartmentId);
    return compartment !== null && isInAudience(member, compartment.audience);
  }

  /** What to send each member after a change to a compartment committed. */
  async broadcastFor(meetingId: string, compartmentId: string): Promise<CompartmentBroadcast | null> {
    const compartment = await this.compartments.findNow(meetingId, compartmentId);
    if (!compartment) return null;
    return {
      members: await this.meetings.audienceMembers(meetingId),
      open: toOpenCompartment(compartment),
      withheld: compartment.audience === null ? null : toWithheldCompartment(compartment),
      audience: compartment.audience,
    };
  }

  /** Adds restricted information beside a record section; the creator's agency owns it. */
  create(actor: AuthenticatedUser, input: CreateCompartmentInput): Promise<ChangeOutcome<CompartmentView>> {
    return this.changes.apply(actor, input, 'compartment:create', async (ctx) => {
      if (ctx.role === 'observer') throw new DomainError('Forbidden', OBSERVERS_CANNOT_RESTRICT);
      refuseWhenConcluded(await this.locks.findStatus(ctx.tx, ctx.meetingId), COMPARTMENTS_CONCLUDED);
      const record = templateFor(await this.templates.forMeeting(ctx.tx, ctx.meetingId), 'record');
      if (!record.sections.some((s) => s.key === input.sectionKey)) throw invalidField('sectionKey', NO_SUCH_SECTION);
      const creator: AudienceMember = { userId: actor.id, role: ctx.role, agency: actor.agency };
      if (!isInAudience(creator, input.audience)) throw invalidField('audience', NOT_IN_OWN_AUDIENCE);
      await this.requireMembers(ctx, input.audience);
      if ((await this.compartments.count(ctx.tx, ctx.meetingId)) >= NEED_TO_KNOW_LIMITS.compartmentsPerMeeting) {
        throw new DomainError('Conflict', TOO_MANY);
      }
      const created = await this.compartments.insert(ctx.tx, {
        id: randomUUID(),
        meetingId: ctx.meetingId,
        documentKind: 'record',
        sectionKey: input.sectionKey,
        ownerAgency: actor.agency,
        audience: input.audience,
        createdBy: actor.id,
      });
      return {
        data: toOpenCompartment(created),
        activity: { kind: 'compartment-created', actor: actor.displayName, agency: actor.agency },
        audit: {
          subject: { type: 'compartment', id: created.id },
          details: {
            event: 'compartment:create',
            sectionKey: created.sectionKey,
            ownerAgency: created.ownerAgency,
            audience: auditAudience(created.audience),
          },
        },
      };
    });
  }

  /**
   * Widens a compartment's audience or lifts it (`audience: null`): the
   * owning agency's members or the chair, always with a lawful basis and a
   * reason. Recorded as a sharing decision in the same transaction. Anyone
   * else is refused, and the refusal is audited (`compartment.share-refused`).
   */
  async share(
    actor: AuthenticatedUser,
    input: ShareCompartmentInput,
  ): Promise<ChangeOutcome<CompartmentView> & { decision: SharingDecisionResponse | null }> {
    let decision: SharingDecisionResponse | null = null;
    try {
      const outcome = await this.changes.apply(actor, input, 'compartment:share', async (ctx) => {
        const current = await this.compartments.lock(ctx.tx, ctx.meetingId, input.compartmentId);
        if (!current) throw new DomainError('NotFound', NOT_FOUND);
        if (!mayShare(ctx, current)) {
          throw new ShareRefusedError({
            compartmentId: current.id,
            ownerAgency: current.ownerAgency,
            role: ctx.role,
            from: auditAudience(current.audience),
            to: auditAudience(input.audience),
          });
        }
        if (current.audience === null) throw invalidField('audience', ALREADY_LIFTED);
        if (!isWidening(current.audience, input.audience)) throw invalidField('audience', NARROWING_REFUSED);
        if (input.audience !== null && isWidening(input.audience, current.audience)) {
          throw invalidField('audience', SAME_AUDIENCE);
        }
        if (input.audience !== null) await this.requireMembers(ctx, input.audience);
        const changed = await this.compartments.setAudience(ctx.tx, ctx.meetingId, current.id, input.audience);
        const section = templateFor(
          await this.templates.forMeeting(ctx.tx, ctx.meetingId),
          current.documentKind,
        ).sections.find((s) => s.key === current.sectionKey);
        const recorded = await this.decisions.insert(ctx.tx, {
          id: randomUUID(),
          meetingId: ctx.meetingId,
          outcome: 'shared',
          what: `Restricted information beside ${section?.title ?? current.sectionKey}`,
          withWhom: input.audience === null ? 'Every member of the meeting' : audienceLabel(input.audience),
          lawfulBasis: input.lawfulBasis,
          reason: input.reason,
          compartmentId: current.id,
          decidedBy: actor.id,
          decidedAgency: actor.agency,
        });
        decision = toSharingDecisionResponse(recorded);
        return {
          data: compartmentViewFor(changed, { userId: actor.id, role: ctx.role, agency: actor.agency }),
          activity: { kind: 'compartment-shared', actor: actor.displayName, agency: actor.agency },
          audit: {
            subject: { type: 'compartment', id: changed.id },
            details: {
              event: 'compartment:share',
              sharingDecisionId: recorded.id,
              ownerAgency: changed.ownerAgency,
              from: auditAudience(current.audience),
              to: auditAudience(changed.audience),
              lawfulBasis: input.lawfulBasis,
              byChair: ctx.role === 'chair' && actor.agency !== changed.ownerAgency,
              revision: changed.revision,
            },
          },
        };
      });
      return { ...outcome, decision: outcome.activity ? decision : null };
    } catch (error) {
      if (error instanceof ShareRefusedError) {
        await this.audit.recordAlone({
          type: 'compartment.share-refused',
          outcome: 'refused',
          actor: auditActor(actor),
          meetingId: input.meetingId,
          subject: { type: 'compartment', id: input.compartmentId },
          details: { event: 'compartment:share', ...error.details },
        });
      }
      throw error;
    }
  }

  /**
   * Everyone named in an audience must be a member of the meeting, and only
   * the chair names an observer (observers see only what the chair allows).
   */
  private async requireMembers(ctx: ChangeContext, audience: Audience): Promise<void> {
    if (audience.userIds.length === 0) return;
    const members = new Map(
      (await this.meetings.audienceMembers(ctx.meetingId, ctx.tx)).map((m) => [m.userId, m.role] as const),
    );
    if (!audience.userIds.every((id) => members.has(id))) throw invalidField('audience.userIds', NOT_A_MEMBER);
    if (ctx.role !== 'chair' && audience.userIds.some((id) => members.get(id) === 'observer')) {
      throw invalidField('audience.userIds', OBSERVER_NAMED_BY_CHAIR);
    }
  }
}

/** The owning agency's members (not its observers), or the chair. */
function mayShare(ctx: ChangeContext, compartment: CompartmentRecord): boolean {
  if (ctx.role === 'chair') return true;
  return ctx.role !== 'observer' && ctx.actor.agency === compartment.ownerAgency;
}

/** An audience as the trail records it: kinds, agencies and ids only. */
function auditAudience(audience: Audience | null) {
  return audience === null ? null : { kind: audience.kind, agencies: audience.agencies, userIds: audience.userIds };
}
