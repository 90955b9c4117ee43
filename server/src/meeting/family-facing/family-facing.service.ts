import { Injectable } from '@nestjs/common';
import type { FamilyFacingItem, SetFamilyFacingRequestSchema } from '@roundtable/shared/need-to-know';
import { canManageMeeting } from '@roundtable/shared/permissions';
import { templateFor } from '@roundtable/shared/templates';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { type ChangeOutcome, MeetingChangesService } from '../changes/meeting-changes.service';
import { invalidField } from '../decisions/decision-rules';
import { DocumentTemplatesService } from '../templates/document-templates.service';
import { FamilyFacingRepository } from './family-facing.repository';

export type SetFamilyFacingInput = z.output<typeof SetFamilyFacingRequestSchema>;

export const FAMILY_FACING_CHAIR_ONLY = 'Only the chair can choose what is shared with the family';
const NO_SUCH_SECTION = 'This strategy discussion’s record and safety plan have no section with that key';
const NO_SUCH_ENTRY: Record<Exclude<FamilyFacingItem['type'], 'section'>, string> = {
  'decision-reasons': 'This strategy discussion has no decision with that id',
  view: 'This strategy discussion has no agency view with that id',
  dissent: 'This strategy discussion has no dissent with that id',
  action: 'This strategy discussion has no action with that id',
};
const isUuid = (id: string) => z.uuid().safeParse(id).success;

/**
 * Family-facing marks (docs/SEALED-RECORDS.md "The family version"): the
 * family version of the sealed record includes a record or safety plan
 * section, a decision's reasons, an agency view, a dissent or an action only
 * when the chair has marked it. `family-facing:set` goes through
 * MeetingChangesService (membership, request ledger, one transaction, the
 * `family-facing.set` audit entry). Marks may change after the conclusion:
 * the family version is made when a version is sealed, so a change reaches
 * the family in the next version (an addendum's sign-off seals one).
 */
@Injectable()
export class FamilyFacingService {
  constructor(
    private readonly changes: MeetingChangesService,
    private readonly marks: FamilyFacingRepository,
    private readonly templates: DocumentTemplatesService,
  ) {}

  /** Every mark of the meeting, read in the caller's transaction (the join snapshot, the sealing). */
  list(manager: EntityManager, meetingId: string): Promise<FamilyFacingItem[]> {
    return this.marks.list(manager, meetingId);
  }

  /** Marks an item family-facing or takes the mark away; acknowledged with every mark after the change. */
  set(actor: AuthenticatedUser, input: SetFamilyFacingInput): Promise<ChangeOutcome<FamilyFacingItem[]>> {
    return this.changes.apply(actor, input, 'family-facing:set', async (ctx) => {
      if (!canManageMeeting(ctx.role)) throw new DomainError('Forbidden', FAMILY_FACING_CHAIR_ONLY);
      await this.requireItem(ctx.tx, ctx.meetingId, input.item);
      const changed = input.familyFacing
        ? await this.marks.mark(ctx.tx, ctx.meetingId, input.item, ctx.actor.id)
        : await this.marks.unmark(ctx.tx, ctx.meetingId, input.item);
      return {
        data: await this.marks.list(ctx.tx, ctx.meetingId),
        activity: { kind: 'family-facing-changed', actor: ctx.actor.displayName, agency: ctx.actor.agency },
        audit: {
          subject: { type: 'meeting', id: ctx.meetingId },
          details: {
            event: 'family-facing:set',
            itemType: input.item.type,
            itemId: input.item.id,
            familyFacing: input.familyFacing,
            changed,
          },
        },
      };
    });
  }

  /** The item exists in this meeting: a section of its record or safety plan template, or one of its entries. */
  private async requireItem(tx: EntityManager, meetingId: string, item: FamilyFacingItem): Promise<void> {
    if (item.type === 'section') {
      const templates = await this.templates.forMeeting(tx, meetingId);
      const keys = [templateFor(templates, 'record'), templateFor(templates, 'safety-plan')].flatMap((t) =>
        t.sections.map((s) => s.key),
      );
      if (!keys.includes(item.id)) throw invalidField('item.id', NO_SUCH_SECTION);
      return;
    }
    if (!isUuid(item.id) || !(await this.marks.entryExists(tx, meetingId, item.type, item.id))) {
      throw invalidField('item.id', NO_SUCH_ENTRY[item.type]);
    }
  }
}
