import { Injectable } from '@nestjs/common';
import type { ActionResponse } from '@roundtable/shared/actions';
import type { Agency } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import { flagChangeRuling } from '@roundtable/shared/permissions';
import type { FlagActionRequestSchema, FlagViewRequestSchema, RestrictionKind } from '@roundtable/shared/templates';
import type { z } from 'zod';
import { auditActor, AuditService } from '../../audit';
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
const REASON_REQUIRED =
  "Give a reason for lifting another agency's restriction: it is recorded as an information-sharing decision";

type EntryType = 'agency-view' | 'action';

/** A refused flag change, audited after the change's transaction rolled back. Ids and codes only. */
interface FlagRefusal {
  subject: { type: EntryType; id: string };
  details: { entryType: EntryType; from: RestrictionKind | null; to: RestrictionKind | null };
}

/**
 * Restriction flags on whole entries (DOMAIN.md §7, docs/SECURITY.md
 * "Restricted entries"): an agency view or an action marked police
 * restricted, health restricted or not for the family. Setting a restriction:
 * whoever recorded the entry, or the chair. Lifting or loosening one: a member
 * of the owning agency (the recorder's), or the chair with a reason. Anyone
 * else is refused, and the refusal is audited (`entry.flag-refused`). Each
 * change runs through MeetingChangesService (membership, request ledger, one
 * transaction) with its `entry.flagged` audit entry, and bumps the entry's
 * revision so every client takes the broadcast (redacted per reader).
 */
@Injectable()
export class EntryFlagsService {
  constructor(
    private readonly changes: MeetingChangesService,
    private readonly decisions: DecisionRepository,
    private readonly actions: ActionRepository,
    private readonly locks: MeetingLockRepository,
    private readonly audit: AuditService,
  ) {}

  /** Flags an agency view (or clears its flag). Refused once the meeting has concluded: views are final then. */
  flagView(actor: AuthenticatedUser, input: FlagViewInput): Promise<ChangeOutcome<DecisionResponse>> {
    return this.auditingRefusal(actor, input.meetingId, (refused) =>
      this.changes.apply(actor, input, 'view:flag', async (ctx) => {
        refuseWhenConcluded(await this.locks.findStatus(ctx.tx, ctx.meetingId), VIEWS_FINAL);
        // Locked like every other change to the decision, so changes to it apply one at a time.
        const decision = await this.decisions.lock(ctx.tx, ctx.meetingId, input.decisionId);
        if (!decision) throw new DomainError('DecisionNotFound', DECISION_NOT_FOUND);
        const view = await this.decisions.findView(ctx.tx, decision.id, input.viewId);
        if (!view) throw new DomainError('NotFound', VIEW_NOT_FOUND);
        requireChange(view.restriction, input.restriction);
        const entry = { type: 'agency-view' as const, id: view.id, recordedBy: view.recordedBy, agency: view.agency };
        requireFlagger(ctx, entry, view.restriction, input, refused);
        await this.decisions.setViewRestriction(ctx.tx, view.id, input.restriction);
        await this.decisions.bumpRevision(ctx.tx, decision);
        const [data] = toDecisionResponses(await this.decisions.findRecords(ctx.tx, ctx.meetingId, decision.id));
        if (!data) throw new Error('flagged decision not found');
        return {
          data,
          activity: activity(ctx, 'view-flagged'),
          audit: flagAudit(ctx, entry, view.restriction, input, { decisionId: decision.id }),
        };
      }),
    );
  }

  /** Flags an action (or clears its flag). The action log stays open after conclusion, and so do its flags. */
  flagAction(actor: AuthenticatedUser, input: FlagActionInput): Promise<ChangeOutcome<ActionResponse>> {
    return this.auditingRefusal(actor, input.meetingId, (refused) =>
      this.changes.apply(actor, input, 'action:flag', async (ctx) => {
        const action = await this.actions.lock(ctx.tx, ctx.meetingId, input.actionId);
        if (!action) throw new DomainError('ActionNotFound', ACTION_NOT_FOUND);
        requireChange(action.restriction, input.restriction);
        const [before] = toActionResponses(await this.actions.findRecord(ctx.tx, ctx.meetingId, action.id));
        if (!before) throw new Error('action to flag not found');
        const entry = {
          type: 'action' as const,
          id: action.id,
          recordedBy: action.createdBy,
          agency: before.createdBy.agency,
        };
        requireFlagger(ctx, entry, action.restriction, input, refused);
        await this.actions.setRestriction(ctx.tx, action, input.restriction);
        const [data] = toActionResponses(await this.actions.findRecord(ctx.tx, ctx.meetingId, action.id));
        if (!data) throw new Error('flagged action not found');
        return {
          data,
          activity: activity(ctx, 'action-flagged'),
          audit: flagAudit(ctx, entry, action.restriction, input, {}),
        };
      }),
    );
  }

  /**
   * Runs a flag change; when it was refused for who the member is, records
   * `entry.flag-refused` on its own (the change's transaction rolled back).
   */
  private async auditingRefusal<T>(
    actor: AuthenticatedUser,
    meetingId: string,
    run: (refused: (refusal: FlagRefusal) => void) => Promise<T>,
  ): Promise<T> {
    let refusal: FlagRefusal | null = null;
    try {
      return await run((r) => (refusal = r));
    } catch (error) {
      const refused = refusal as FlagRefusal | null;
      if (refused) {
        await this.audit.recordAlone({
          type: 'entry.flag-refused',
          outcome: 'refused',
          actor: auditActor(actor),
          meetingId,
          subject: refused.subject,
          details: { ...refused.details, code: error instanceof DomainError ? error.code : 'InternalError' },
        });
      }
      throw error;
    }
  }
}

interface FlaggedEntry {
  type: EntryType;
  id: string;
  recordedBy: string;
  /** The owning agency: the agency of whoever recorded the entry. */
  agency: Agency;
}

/** Applies `flagChangeRuling`; a refusal is reported (for its audit entry) before it is thrown. */
function requireFlagger(
  ctx: ChangeContext,
  entry: FlaggedEntry,
  from: RestrictionKind | null,
  input: { restriction: RestrictionKind | null; reason?: string | undefined },
  refused: (refusal: FlagRefusal) => void,
): void {
  const ruling = flagChangeRuling(
    { role: ctx.role, userId: ctx.actor.id, agency: ctx.actor.agency },
    { recordedByUserId: entry.recordedBy, owningAgency: entry.agency },
    from,
    input.restriction,
    input.reason !== undefined,
  );
  if (ruling === 'allowed') return;
  refused({
    subject: { type: entry.type, id: entry.id },
    details: { entryType: entry.type, from, to: input.restriction },
  });
  if (ruling === 'reason-required') throw invalidField('reason', REASON_REQUIRED);
  const what = entry.type === 'action' ? 'this action' : 'this view';
  throw new DomainError(
    'Forbidden',
    `Only whoever recorded ${what} or the chair can restrict it, and only its agency (or the chair, with a reason) can lift its restriction`,
  );
}

function requireChange(current: RestrictionKind | null, next: RestrictionKind | null): void {
  if (current !== next) return;
  throw invalidField('restriction', next ? 'The entry already has this flag' : 'The entry has no flag to remove');
}

function activity(ctx: ChangeContext, kind: 'view-flagged' | 'action-flagged') {
  return { kind, actor: ctx.actor.displayName, agency: ctx.actor.agency };
}

/**
 * Which entry, the flag from → to, the owning agency and whether a reason was
 * given: ids and codes, never the entry's text nor the reason's (the trail is
 * hash-chained and never redacted; free text stays out of it).
 */
function flagAudit(
  ctx: ChangeContext,
  entry: FlaggedEntry,
  from: RestrictionKind | null,
  input: { restriction: RestrictionKind | null; reason?: string | undefined },
  extra: Record<string, string>,
) {
  return {
    subject: { type: entry.type, id: entry.id },
    details: {
      entryType: entry.type,
      from,
      to: input.restriction,
      ...extra,
      ...(input.reason !== undefined ? { reasonGiven: true } : {}),
      ...(ctx.actor.agency !== entry.agency ? { owningAgency: entry.agency } : {}),
    },
  };
}
