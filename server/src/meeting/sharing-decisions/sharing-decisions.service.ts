import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  Audience,
  AudienceMember,
  RecordSharingDecisionRequestSchema,
  SharingDecisionResponse,
} from '@roundtable/shared/need-to-know';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { type ChangeOutcome, MeetingChangesService } from '../changes/meeting-changes.service';
import { MeetingsService } from '../meetings/meetings.service';
import { mayReadSharingDecision, toSharingDecisionResponse } from './sharing-decision.mapper';
import { SharingDecisionRepository } from './sharing-decision.repository';

export type RecordSharingDecisionInput = z.output<typeof RecordSharingDecisionRequestSchema>;

export const OBSERVERS_CANNOT_DECIDE = 'Observers cannot record information-sharing decisions';

/** Who receives a sharing decision's broadcast: only those who may read it. */
export interface SharingDecisionBroadcast {
  readers: AudienceMember[];
  decision: SharingDecisionResponse;
}

/**
 * Information-sharing decisions (DOMAIN.md §6 golden rule 7): every decision
 * to share, or not to share, with who, what, with whom, the lawful basis and
 * the reason. Recorded by any non-observer member (`sharing-decision:record`)
 * or by `compartment:share`. The trail entry (`sharing.decided`) carries ids,
 * the outcome and the lawful basis; the free text stays in the table, which
 * only the chair, the deciding agency and a compartment's audience read.
 */
@Injectable()
export class SharingDecisionsService {
  constructor(
    private readonly changes: MeetingChangesService,
    private readonly decisions: SharingDecisionRepository,
    private readonly meetings: MeetingsService,
  ) {}

  record(actor: AuthenticatedUser, input: RecordSharingDecisionInput): Promise<ChangeOutcome<SharingDecisionResponse>> {
    return this.changes.apply(actor, input, 'sharing-decision:record', async (ctx) => {
      if (ctx.role === 'observer') throw new DomainError('Forbidden', OBSERVERS_CANNOT_DECIDE);
      const recorded = await this.decisions.insert(ctx.tx, {
        id: randomUUID(),
        meetingId: ctx.meetingId,
        outcome: input.outcome,
        what: input.what,
        withWhom: input.withWhom,
        lawfulBasis: input.lawfulBasis,
        reason: input.reason,
        compartmentId: null,
        decidedBy: actor.id,
        decidedAgency: actor.agency,
      });
      return {
        data: toSharingDecisionResponse(recorded),
        activity: { kind: 'sharing-decision-recorded', actor: actor.displayName, agency: actor.agency },
        audit: {
          subject: { type: 'sharing-decision', id: recorded.id },
          details: {
            event: 'sharing-decision:record',
            outcome: recorded.outcome,
            lawfulBasis: recorded.lawfulBasis,
            decidedAgency: recorded.decidedAgency,
          },
        },
      };
    });
  }

  /**
   * The meeting's sharing decisions `reader` may read, oldest first (the join
   * state). `compartmentAudiences`: the audience of each compartment, by id.
   */
  async listFor(
    manager: EntityManager,
    meetingId: string,
    reader: AudienceMember,
    compartmentAudiences: ReadonlyMap<string, Audience | null>,
  ): Promise<SharingDecisionResponse[]> {
    return (await this.decisions.findForMeeting(manager, meetingId))
      .filter((d) => mayReadSharingDecision(reader, d, audienceOf(d.compartmentId, compartmentAudiences)))
      .map(toSharingDecisionResponse);
  }

  /** Who may read a just-recorded decision (members as they are now). */
  async broadcastFor(
    decision: SharingDecisionResponse,
    compartmentAudience: Audience | null | undefined,
  ): Promise<SharingDecisionBroadcast> {
    const members = await this.meetings.audienceMembers(decision.meetingId);
    const decided = { decidedAgency: decision.decidedBy.agency, decidedBy: decision.decidedBy };
    const readers = members.filter((m) => mayReadSharingDecision(m, decided, compartmentAudience));
    return { readers, decision };
  }
}

function audienceOf(id: string | null, audiences: ReadonlyMap<string, Audience | null>): Audience | null | undefined {
  if (id === null || !audiences.has(id)) return undefined;
  return audiences.get(id) ?? null;
}
