import { Injectable } from '@nestjs/common';
import {
  ACTION_STATUS_LABELS,
  type ActionResponse,
  type CreateActionRequestSchema,
  type MyAction,
  type SetActionStatusRequestSchema,
  type UpdateActionRequestSchema,
} from '@roundtable/shared/actions';
import type { MeetingActivityKind } from '@roundtable/shared/meeting-events';
import { canAddAction, canEditAction, canSetActionStatus } from '@roundtable/shared/permissions';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { invalidField } from '../decisions/decision-rules';
import { DecisionRepository } from '../decisions/decision.repository';
import {
  type ChangeContext,
  type ChangeOutcome,
  type ChangeResult,
  MeetingChangesService,
} from '../changes/meeting-changes.service';
import type { ActionChangeEntity, ActionFieldChange } from './action-change.entity';
import { type ActionFieldValues, diffActionFields } from './action-rules';
import type { ActionEntity } from './action.entity';
import { toActionResponses } from './action.mapper';
import { ActionRepository } from './action.repository';
import { actionFor } from '../need-to-know/entry-redaction';

export type CreateActionInput = z.output<typeof CreateActionRequestSchema>;
export type UpdateActionInput = z.output<typeof UpdateActionRequestSchema>;
export type SetActionStatusInput = z.output<typeof SetActionStatusRequestSchema>;

type ActionOutcome = Promise<ChangeOutcome<ActionResponse>>;

const ACTION_NOT_FOUND = 'No action with that id was found in this strategy discussion';

/**
 * The action log of a strategy discussion (DOMAIN.md §3.5 item 11). Changes
 * run through MeetingChangesService (one transaction, role check, request
 * ledger); each bumps the action's revision and appends to its history.
 */
@Injectable()
export class ActionsService {
  constructor(
    private readonly changes: MeetingChangesService,
    private readonly actions: ActionRepository,
    private readonly decisions: DecisionRepository,
  ) {}

  /** Every action of a meeting, soonest due first. The caller has checked membership. */
  async listForMeeting(manager: EntityManager, meetingId: string): Promise<ActionResponse[]> {
    return toActionResponses(await this.actions.findRecordsOfMeeting(manager, meetingId));
  }

  /**
   * The user's open actions across the meetings they still belong to, soonest
   * due first. Each as the user may read it: an action's owner is always in
   * its audience, but the redaction runs here too, as on every channel.
   */
  async listOpenForOwner(userId: string): Promise<MyAction[]> {
    const rows = await this.actions.findOpenOfOwner(userId);
    if (rows.length === 0) return [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const actions = toActionResponses(await this.actions.findRecordsByIds([...byId.keys()]));
    return actions.flatMap((a) => {
      const row = byId.get(a.id);
      if (!row) return [];
      return [{ ...actionFor({ userId, role: row.role, agency: row.agency }, a), meetingReference: row.reference }];
    });
  }

  /** Records an action. Anyone but an observer; the owner must be a member of the meeting. */
  create(actor: AuthenticatedUser, input: CreateActionInput): ActionOutcome {
    return this.changes.apply(actor, input, 'action:create', async (ctx) => {
      if (!canAddAction(ctx.role)) {
        throw new DomainError('Forbidden', 'Observers are read only: they cannot record actions');
      }
      const values: ActionDetails = {
        description: input.description,
        ownerUserId: input.ownerUserId,
        ownerAgency: input.ownerAgency,
        dueAt: new Date(input.dueAt),
        childId: input.childId ?? null,
        decisionId: input.decisionId ?? null,
      };
      await this.checkReferences(ctx, values, null);
      const action = await this.actions.insert(ctx.tx, {
        ...values,
        meetingId: ctx.meetingId,
        createdBy: ctx.actor.id,
        // Restricted from the start when asked: whoever records an action may restrict it.
        restriction: input.restriction ?? null,
      });
      const initial: ActionFieldChange[] = [
        ...diffActionFields(NO_FIELDS, fieldsOf(action)),
        { field: 'status', from: null, to: action.status },
      ];
      await this.appendHistory(ctx, action.id, 'created', initial, null);
      return this.changed(ctx, action.id, 'action-created');
    });
  }

  /** Changes an action's details. The chair, its owner or its creator. */
  update(actor: AuthenticatedUser, input: UpdateActionInput): ActionOutcome {
    return this.changes.apply(actor, input, 'action:update', async (ctx) => {
      const action = await this.lockAction(ctx, input.actionId);
      if (
        !canEditAction(ctx.role, ctx.actor.id, { ownerUserId: action.ownerUserId, recordedByUserId: action.createdBy })
      ) {
        throw new DomainError('Forbidden', 'Only the chair, the owner or whoever recorded this action can change it');
      }
      const next: ActionDetails = {
        description: input.description ?? action.description,
        ownerUserId: input.ownerUserId ?? action.ownerUserId,
        ownerAgency: input.ownerAgency ?? action.ownerAgency,
        dueAt: input.dueAt !== undefined ? new Date(input.dueAt) : action.dueAt,
        childId: input.childId !== undefined ? input.childId : action.childId,
        decisionId: input.decisionId !== undefined ? input.decisionId : action.decisionId,
      };
      const changes = diffActionFields(fieldsOf(action), fieldsOf(next));
      if (changes.length === 0) {
        throw invalidField('(payload)', 'Nothing to change: the action already has these details');
      }
      await this.checkReferences(ctx, next, action);
      await this.actions.updateDetails(ctx.tx, action, next);
      await this.appendHistory(ctx, action.id, 'edited', changes, null);
      return this.changed(ctx, action.id, 'action-updated');
    });
  }

  /** Marks an action open, done or cancelled, with a note. Its owner or the chair. */
  setStatus(actor: AuthenticatedUser, input: SetActionStatusInput): ActionOutcome {
    return this.changes.apply(actor, input, 'action:set-status', async (ctx) => {
      const action = await this.lockAction(ctx, input.actionId);
      if (!canSetActionStatus(ctx.role, ctx.actor.id, action)) {
        throw new DomainError('Forbidden', 'Only the owner of this action or the chair can change its status');
      }
      if (action.status === input.status) {
        throw invalidField('status', `The action is already ${ACTION_STATUS_LABELS[input.status].toLowerCase()}`);
      }
      await this.actions.setStatus(ctx.tx, action, input.status, input.note);
      await this.appendHistory(
        ctx,
        action.id,
        'status-changed',
        [{ field: 'status', from: action.status, to: input.status }],
        input.note,
      );
      return this.changed(ctx, action.id, 'action-status-changed');
    });
  }

  /**
   * The owner is a member; a linked child or decision belongs to this meeting.
   * Only what changes is checked: an owner who has since left the meeting does
   * not stop a correction of the due date.
   */
  private async checkReferences(ctx: ChangeContext, next: ActionDetails, before: ActionDetails | null): Promise<void> {
    const { tx, meetingId } = ctx;
    const changedTo = <K extends 'ownerUserId' | 'childId' | 'decisionId'>(key: K) =>
      next[key] !== null && (!before || before[key] !== next[key]) ? next[key] : null;
    const owner = changedTo('ownerUserId');
    if (owner && !(await this.actions.isMember(tx, meetingId, owner))) {
      throw invalidField('ownerUserId', 'The owner must be a member of this strategy discussion');
    }
    const child = changedTo('childId');
    if (child && !(await this.actions.hasChild(tx, meetingId, child))) {
      throw invalidField('childId', 'Select a child of this strategy discussion');
    }
    const decision = changedTo('decisionId');
    if (decision && !(await this.decisions.existsInMeeting(tx, meetingId, decision))) {
      throw invalidField('decisionId', 'Select a decision of this strategy discussion');
    }
  }

  /** The action, locked for the rest of the transaction (changes to one action apply one at a time). */
  private async lockAction(ctx: ChangeContext, actionId: string): Promise<ActionEntity> {
    const action = await this.actions.lock(ctx.tx, ctx.meetingId, actionId);
    if (!action) throw new DomainError('ActionNotFound', ACTION_NOT_FOUND);
    return action;
  }

  private async appendHistory(
    ctx: ChangeContext,
    actionId: string,
    kind: ActionChangeEntity['kind'],
    changes: ActionFieldChange[],
    note: string | null,
  ): Promise<void> {
    await this.actions.appendChange(ctx.tx, { actionId, kind, changedBy: ctx.actor.id, changes, note });
  }

  private async changed(
    ctx: ChangeContext,
    actionId: string,
    kind: MeetingActivityKind,
  ): Promise<ChangeResult<ActionResponse>> {
    const [data] = toActionResponses(await this.actions.findRecord(ctx.tx, ctx.meetingId, actionId));
    if (!data) throw new Error('changed action not found');
    return { data, activity: { kind, actor: ctx.actor.displayName, agency: ctx.actor.agency } };
  }
}

/** The details of an action that `action:create` sets and `action:update` changes. */
type ActionDetails = Pick<
  ActionEntity,
  'description' | 'ownerUserId' | 'ownerAgency' | 'dueAt' | 'childId' | 'decisionId'
>;

const NO_FIELDS: ActionFieldValues = {
  description: null,
  ownerUserId: null,
  ownerAgency: null,
  dueAt: null,
  childId: null,
  decisionId: null,
};

function fieldsOf(details: ActionDetails): ActionFieldValues {
  return {
    description: details.description,
    ownerUserId: details.ownerUserId,
    ownerAgency: details.ownerAgency,
    dueAt: details.dueAt.toISOString(),
    childId: details.childId,
    decisionId: details.decisionId,
  };
}
