import type { ActionResponse } from '@roundtable/shared/actions';
import type { AgendaState } from '@roundtable/shared/agenda';
import type { AuditEventType } from '@roundtable/shared/audit';
import type { Agency } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { ClientEventName } from '@roundtable/shared/meeting-events';
import type { AuditDetails } from '../../audit';

/** Change events: every client event except joining and leaving a room. */
export type ChangeEventName = Exclude<ClientEventName, 'meeting:join' | 'meeting:leave'>;

interface ChangeAuditEntry {
  type: AuditEventType;
  subject: { type: string; id: string };
  details: AuditDetails;
}

const AUDIT_TYPES: Record<ChangeEventName, AuditEventType> = {
  'decision:open': 'decision.opened',
  'decision:close': 'decision.closed',
  'view:record': 'view.recorded',
  'la-decision:record': 'la-decision.recorded',
  'la-decision:correct': 'la-decision.corrected',
  'dissent:record': 'dissent.recorded',
  'escalation:add-step': 'escalation.step',
  'escalation:resolve': 'escalation.resolved',
  'action:create': 'action.created',
  'action:update': 'action.changed',
  'action:set-status': 'action.changed',
  // Flags say which entry and which flag; the service that applies them gives subject and details.
  'view:flag': 'entry.flagged',
  'action:flag': 'entry.flagged',
  'agenda:set': 'agenda.moved',
  // Need-to-know: the services give subject and details (ids, sections, audiences; never text).
  'compartment:create': 'compartment.created',
  'compartment:share': 'compartment.shared',
  'sharing-decision:record': 'sharing.decided',
};

const GIVEN_BY_SERVICE: ReadonlySet<ChangeEventName> = new Set<ChangeEventName>([
  'compartment:create',
  'compartment:share',
  'sharing-decision:record',
]);

/**
 * The audit entry for an applied change: what changed, as ids and codes. The
 * reasons, notes and descriptions people typed stay in their own tables; the
 * trail says who did what, when, and links to the entry.
 */
export function changeAuditEntry(event: ChangeEventName, data: unknown, actorAgency: Agency): ChangeAuditEntry {
  const type = AUDIT_TYPES[event];
  if (GIVEN_BY_SERVICE.has(event)) return { type, subject: { type: 'meeting', id: '' }, details: { event } };
  if (event === 'agenda:set') {
    const agenda = data as AgendaState;
    return {
      type,
      subject: { type: 'meeting', id: agenda.meetingId },
      details: { event, revision: agenda.revision, to: agenda.sectionKey },
    };
  }
  if (event.startsWith('action:')) {
    const action = data as ActionResponse;
    const last = action.history.at(-1);
    return {
      type,
      subject: { type: 'action', id: action.id },
      details: {
        event,
        revision: action.revision,
        status: action.status,
        ownerUserId: action.owner.userId,
        ownerAgency: action.ownerAgency,
        dueAt: action.dueAt,
        fields: last?.changes.map((c) => c.field) ?? [],
      },
    };
  }
  const decision = data as DecisionResponse;
  return {
    type,
    subject: { type: 'decision', id: decision.id },
    details: {
      event,
      revision: decision.revision,
      status: decision.status,
      ...decisionDetails(event, decision, actorAgency),
    },
  };
}

function decisionDetails(event: ChangeEventName, decision: DecisionResponse, agency: Agency): AuditDetails {
  switch (event) {
    case 'decision:open':
      return { templateKey: decision.templateKey, childIds: decision.childIds };
    case 'view:record': {
      const view = decision.currentViews.find((v) => v.agency === agency);
      return view
        ? {
            viewId: view.id,
            agency,
            harm: view.harm,
            recommendedOption: view.recommendedOption,
            supersedesId: view.supersedesId,
          }
        : {};
    }
    case 'la-decision:record':
    case 'la-decision:correct': {
      const entry = decision.laDecisions.at(-1);
      return entry
        ? {
            laDecisionId: entry.id,
            chosenOptions: entry.chosenOptions,
            protectiveActions: entry.protectiveActions,
            recordStateSha256: entry.recordStateSha256,
            basisViewIds: entry.basisViewIds,
            correctsId: entry.correctsId,
          }
        : {};
    }
    case 'dissent:record':
    case 'escalation:add-step':
    case 'escalation:resolve': {
      const dissent = latestDissent(decision);
      return dissent
        ? {
            dissentId: dissent.id,
            agency: dissent.agency,
            part: dissent.part,
            stage: dissent.escalation.stage,
            escalation: dissent.escalation.status,
          }
        : {};
    }
    default:
      return {};
  }
}

/** The dissent whose escalation changed last (the one this change touched). */
function latestDissent(decision: DecisionResponse) {
  const lastChange = (d: DecisionResponse['dissents'][number]) =>
    [d.escalation.resolvedAt, d.escalation.steps.at(-1)?.recordedAt, d.recordedAt]
      .filter((t): t is string => t !== null && t !== undefined)
      .map(Date.parse)
      .reduce((a, b) => Math.max(a, b), 0);
  return [...decision.dissents].sort((a, b) => lastChange(a) - lastChange(b)).at(-1);
}
