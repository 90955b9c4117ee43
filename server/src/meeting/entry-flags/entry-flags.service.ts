import { Injectable } from '@nestjs/common';
import type { ActionResponse } from '@roundtable/shared/actions';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import { canFlagEntry } from '@roundtable/shared/permissions';
import type { FlagActionRequestSchema, FlagViewRequestSchema, RestrictionKind } from '@roundtable/shared/templates';
import type { z } from 'zod';
import { toActionResponses } from '../actions/action.mapper';
import { ActionRepository } from '../actions/action.repository';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { invalidField } from '../decisions/decision-rules';
import { toDecisionResponses } from '../decisions/decision.mapper';
import { DecisionRepository } from '../decisions/decision.repository';
import { refuseWhenConcluded } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { type ChangeContext, type ChangeOutcome, MeetingChangesService } from '../changes/meeting-changes.service';

export type FlagViewInput = z.output<typeof FlagViewRequestSchema>;
export type FlagActionInput = z.output<typeof FlagActionRequestSchema>;

const VIEW_NOT_FOUND = 'No agency view with that id was found in this decision';
const ACTION_NOT_FOUND = 'No action with that id was found in this strategy discussion';
const DECISION_NOT_FOUND = 'No decision with that id was found in this strategy discussion';
const VIEWS_FINAL =
  'This strategy discussion has concluded: its agency views are final, flags included. Add an addendum to the record instead';

/**
 * Restriction flags on whole entries (DOMAIN.md §7): an agency view or an
 * action marked "police restricted" or "not for the family", set or cleared
 * by whoever recorded it or by the chair. Each change runs through
 * MeetingChangesService (membership, request ledger, one transaction) with
 * its `entry.flagged` audit entry, and bumps the entry's revision so every
 * client in the room takes the broadcast.
 */
@Injectable()
export class EntryFlagsService {
  constructor(
    private readonly changes: MeetingChangesService,
    private readonly decisions: DecisionRepository,
    private readonly actions: ActionRepository,
    private readonly locks: MeetingLockRepository,
  ) {}

  /** Flags an agency view (or clears its flag). Refused once the meeting has concluded: views are final then. */
  flagView(actor: AuthenticatedUser, input: FlagViewInput): Promise<ChangeOutcome<DecisionResponse>> {
    return this.changes.apply(actor, input, 'view:flag', async (ctx) => {
      refuseWhenConcluded(await this.locks.findStatus(ctx.tx, ctx.meetingId), VIEWS_FINAL);
      // Locked like every other change to the decision, so changes to it apply one at a time.
      const decision = await this.decisions.lock(ctx.tx, ctx.meetingId, input.decisionId);
      if (!decision) throw new DomainError('DecisionNotFound', DECISION_NOT_FOUND);
      const view = await this.decisions.findView(ctx.tx, decision.id, input.viewId);
      if (!view) throw new DomainError('NotFound', VIEW_NOT_FOUND);
      requireFlagger(ctx, view.recordedBy, 'this view');
      requireChange(view.restriction, input.restriction);
      await this.decisions.setViewRestriction(ctx.tx, view.id, input.restriction);
      await this.decisions.bumpRevision(ctx.tx, decision);
      const [data] = toDecisionResponses(await this.decisions.findRecords(ctx.tx, ctx.meetingId, decision.id));
      if (!data) throw new Error('flagged decision not found');
      return {
        data,
        activity: activity(ctx, 'view-flagged'),
        audit: flagAudit('agency-view', view.id, view.restriction, input.restriction, { decisionId: decision.id }),
      };
    });
  }

  /** Flags an action (or clears its flag). The action log stays open after conclusion, and so do its flags. */
  flagAction(actor: AuthenticatedUser, input: FlagActionInput): Promise<ChangeOutcome<ActionResponse>> {
    return this.changes.apply(actor, input, 'action:flag', async (ctx) => {
      const action = await this.actions.lock(ctx.tx, ctx.meetingId, input.actionId);
      if (!action) throw new DomainError('ActionNotFound', ACTION_NOT_FOUND);
      requireFlagger(ctx, action.createdBy, 'this action');
      requireChange(action.restriction, input.restriction);
      await this.actions.setRestriction(ctx.tx, action, input.restriction);
      const [data] = toActionResponses(await this.actions.findRecord(ctx.tx, ctx.meetingId, action.id));
      if (!data) throw new Error('flagged action not found');
      return {
        data,
        activity: activity(ctx, 'action-flagged'),
        audit: flagAudit('action', action.id, action.restriction, input.restriction, {}),
      };
    });
  }
}

function requireFlagger(ctx: ChangeContext, recordedBy: string, entry: string): void {
  if (canFlagEntry(ctx.role, ctx.actor.id, { recordedByUserId: recordedBy })) return;
  throw new DomainError('Forbidden', `Only whoever recorded ${entry}, or the chair, can flag it`);
}

function requireChange(current: RestrictionKind | null, next: RestrictionKind | null): void {
  if (current !== next) return;
  throw invalidField('restriction', next ? 'The entry already has this flag' : 'The entry has no flag to remove');
}

function activity(ctx: ChangeContext, kind: 'view-flagged' | 'action-flagged') {
  return { kind, actor: ctx.actor.displayName, agency: ctx.actor.agency };
}

/** Which entry, and the flag from → to: ids and codes, never the entry's text. */
function flagAudit(
  entryType: 'agency-view' | 'action',
  id: string,
  from: RestrictionKind | null,
  to: RestrictionKind | null,
  extra: Record<string, string>,
) {
  return { subject: { type: entryType, id }, details: { entryType, from, to, ...extra } };
}
