import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ActionResponse } from '@roundtable/shared/actions';
import { AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import { audienceLabel, type LawfulBasis, type SharingDecisionResponse } from '@roundtable/shared/need-to-know';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import { flagChangeRuling } from '@roundtable/shared/permissions';
import {
  entryAudience,
  type FlagActionRequestSchema,
  type FlagViewRequestSchema,
  isRestricting,
  type RestrictionKind,
} from '@roundtable/shared/templates';
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
import { toSharingDecisionResponse } from '../sharing-decisions/sharing-decision.mapper';
import { SharingDecisionRepository } from '../sharing-decisions/sharing-decision.repository';

export type FlagViewInput = z.output<typeof FlagViewRequestSchema>;
export type FlagActionInput = z.output<typeof FlagActionRequestSchema>;

const VIEW_NOT_FOUND = 'No agency view with that id was found in this decision';
const ACTION_NOT_FOUND = 'No action with that id was found in this strategy discussion';
const DECISION_NOT_FOUND = 'No decision with that id was found in this strategy discussion';
const VIEWS_FINAL =
  'This strategy discussion has concluded: its agency views are final, flags included. Add an addendum to the record instead';
const REASON_REQUIRED =
  "Give a reason for lifting another agency's restriction: it is recorded as an information-sharing decision";
const LAWFUL_BASIS_REQUIRED =
  'Choose the lawful basis: a change of restriction with a reason is recorded as an information-sharing decision';
const LAWFUL_BASIS_WITHOUT_REASON = 'Give the reason for the decision the lawful basis is for';

type EntryType = 'agency-view' | 'action';

/** A flag change's outcome, and the information-sharing decision it recorded (null for none, or for a repeat). */
export type FlagOutcome<T> = ChangeOutcome<T> & { sharingDecision: SharingDecisionResponse | null };
type FlagInput = Pick<FlagViewInput, 'restriction' | 'reason' | 'lawfulBasis'>;

/** "police restricted" for the words of a sharing decision. */
const restrictedLabel = (kind: RestrictionKind | null) => (kind ? kind.replace('-', ' ') : 'no restriction');

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
    private readonly sharing: SharingDecisionRepository,
  ) {}

  /** Flags an agency view (or clears its flag). Refused once the meeting has concluded: views are final then. */
  flagView(actor: AuthenticatedUser, input: FlagViewInput): Promise<FlagOutcome<DecisionResponse>> {
    return this.auditingRefusal(actor, input.meetingId, (refused, shared) =>
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
        const what = `${AGENCY_LABELS[view.agency]}’s view on “${decision.title}”`;
        const sharing = shared(await this.recordSharing(ctx, entry, view.restriction, input, what));
        await this.decisions.setViewRestriction(ctx.tx, view.id, input.restriction);
        await this.decisions.bumpRevision(ctx.tx, decision);
        const [data] = toDecisionResponses(await this.decisions.findRecords(ctx.tx, ctx.meetingId, decision.id));
        if (!data) throw new Error('flagged decision not found');
        return {
          data,
          activity: activity(ctx, 'view-flagged'),
          audit: flagAudit(ctx, entry, view.restriction, input, { decisionId: decision.id, ...sharing }),
        };
      }),
    );
  }

  /** Flags an action (or clears its flag). The action log stays open after conclusion, and so do its flags. */
  flagAction(actor: AuthenticatedUser, input: FlagActionInput): Promise<FlagOutcome<ActionResponse>> {
    return this.auditingRefusal(actor, input.meetingId, (refused, shared) =>
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
        const what = `An action owned by ${before.owner.displayName} (${AGENCY_LABELS[before.ownerAgency]})`;
        const sharing = shared(await this.recordSharing(ctx, entry, action.restriction, input, what));
        await this.actions.setRestriction(ctx.tx, action, input.restriction);
        const [data] = toActionResponses(await this.actions.findRecord(ctx.tx, ctx.meetingId, action.id));
        if (!data) throw new Error('flagged action not found');
        return {
          data,
          activity: activity(ctx, 'action-flagged'),
          audit: flagAudit(ctx, entry, action.restriction, input, sharing),
        };
      }),
    );
  }

  /**
   * A change of restriction given with a reason is an information-sharing
   * decision (DOMAIN.md §6 golden rule 7), recorded in `sharing_decisions` with
   * its lawful basis and the reason's text: a lift or loosening as "shared", a
   * new restriction as "refused". `what` names the entry, never its text. The
   * trail entry gets the decision's id. Nothing is recorded without a reason.
   */
  private async recordSharing(
    ctx: ChangeContext,
    entry: FlaggedEntry,
    from: RestrictionKind | null,
    input: FlagInput,
    what: string,
  ): Promise<SharingDecisionResponse | null> {
    const to = input.restriction;
    if (input.reason === undefined) {
      if (input.lawfulBasis !== undefined) throw invalidField('reason', LAWFUL_BASIS_WITHOUT_REASON);
      return null;
    }
    const lifts = isRestricting(from) && to !== from;
    if (!lifts && !isRestricting(to)) return null;
    if (input.lawfulBasis === undefined) throw invalidField('lawfulBasis', LAWFUL_BASIS_REQUIRED);
    const audience = entryAudience(to, []);
    const withWhom = lifts
      ? audience
        ? `${audienceLabel(audience)}, instead of ${restrictedLabel(from)}`
        : 'Every member of the strategy discussion'
      : `Nobody outside ${audience ? audienceLabel(audience).toLowerCase() : 'its audience'}`;
    const recorded = await this.sharing.insert(ctx.tx, {
      id: randomUUID(),
      meetingId: ctx.meetingId,
      outcome: lifts ? 'shared' : 'refused',
      what: `${what} (${entry.type === 'action' ? 'action' : 'agency view'} ${entry.id})`.slice(0, 500),
      withWhom,
      lawfulBasis: input.lawfulBasis satisfies LawfulBasis,
      reason: input.reason,
      compartmentId: null,
      decidedBy: ctx.actor.id,
      decidedAgency: ctx.actor.agency,
    });
    return toSharingDecisionResponse(recorded);
  }

  /**
   * Runs a flag change; when it was refused for who the member is, records
   * `entry.flag-refused` on its own (the change's transaction rolled back).
   * Returns the sharing decision the change recorded, once committed.
   */
  private async auditingRefusal<T>(
    actor: AuthenticatedUser,
    meetingId: string,
    run: (
      refused: (refusal: FlagRefusal) => void,
      shared: (decision: SharingDecisionResponse | null) => { sharingDecisionId?: string },
    ) => Promise<ChangeOutcome<T>>,
  ): Promise<FlagOutcome<T>> {
    let refusal: FlagRefusal | null = null;
    let sharingDecision: SharingDecisionResponse | null = null;
    const shared = (decision: SharingDecisionResponse | null) => {
      sharingDecision = decision;
      return decision ? { sharingDecisionId: decision.id } : {};
    };
    try {
      const outcome = await run((r) => (refusal = r), shared);
      return { ...outcome, sharingDecision: outcome.activity ? sharingDecision : null };
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
  input: FlagInput,
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
  input: FlagInput,
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
