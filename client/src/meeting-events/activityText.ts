import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { ClientEventName, MeetingActivity } from '@roundtable/shared/meeting-events';
import type { SafetyScoreResponse } from '@roundtable/shared/safety-plan';
import type { NeedToKnowEventName } from '../need-to-know/events';

/** What a screen reader hears when another agency records its safety score (the number, never the note). */
export function describeScore({ agency, score, previousScore }: SafetyScoreResponse): string {
  const was = previousScore === null ? '' : ` (was ${previousScore})`;
  return `${AGENCY_LABELS[agency]} recorded a safety score of ${score}${was}`;
}

/**
 * What a screen reader hears when someone else changes a decision or an
 * action ("Police recorded their view"). Built only from the broadcast's
 * `activity`, which carries no free text from the entry itself.
 */
export function describeActivity({ kind, actor, agency }: MeetingActivity): string {
  const agencyName = AGENCY_LABELS[agency];
  switch (kind) {
    case 'decision-opened':
      return `${actor} opened a decision for agencies’ views`;
    case 'decision-closed':
      return `${actor} closed a decision to further views`;
    case 'view-recorded':
      return `${agencyName} recorded their view`;
    case 'view-changed':
      return `${agencyName} changed their view`;
    case 'la-decision-recorded':
      return 'The local authority recorded its decision';
    case 'la-decision-corrected':
      return 'The local authority corrected its decision';
    case 'dissent-recorded':
      return `${agencyName} recorded dissent from the local authority’s decision`;
    case 'escalation-step':
      return `${actor} (${agencyName}) added an escalation step`;
    case 'escalation-resolved':
      return `${actor} (${agencyName}) resolved an escalation`;
    case 'action-created':
      return `${actor} added an action`;
    case 'action-updated':
      return `${actor} changed an action`;
    case 'action-status-changed':
      return `${actor} changed the status of an action`;
    case 'view-flagged':
      return `${actor} changed the restriction flag of an agency view`;
    case 'action-flagged':
      return `${actor} changed the restriction flag of an action`;
    case 'agenda-moved':
      return `${actor} moved the discussion to another section`;
    case 'safety-score-recorded':
      return `${agencyName} recorded a safety score`;
    case 'apology-recorded':
      return `${actor} recorded apologies`;
    case 'compartment-created':
      return `${agencyName} added restricted information`;
    case 'compartment-shared':
      return `${actor} shared restricted information more widely`;
    case 'sharing-decision-recorded':
      return `${actor} recorded an information-sharing decision`;
  }
}

/** What the sender hears once their own change is acknowledged (their echo is not announced again). */
export function describeOwnChange(event: ClientEventName | NeedToKnowEventName): string | null {
  switch (event) {
    case 'meeting:join':
    case 'meeting:leave':
      return null;
    case 'decision:open':
      return 'You opened a decision for agencies’ views';
    case 'decision:close':
      return 'You closed the decision to further views';
    case 'view:record':
      return 'Your agency’s view has been recorded';
    case 'la-decision:record':
      return 'The local authority’s decision has been recorded';
    case 'la-decision:correct':
      return 'The correction has been recorded';
    case 'dissent:record':
      return 'Your agency’s dissent has been recorded';
    case 'escalation:add-step':
      return 'The escalation step has been recorded';
    case 'escalation:resolve':
      return 'The escalation has been resolved';
    case 'action:create':
      return 'The action has been added';
    case 'action:update':
      return 'The action has been changed';
    case 'action:set-status':
      return 'The action’s status has been changed';
    case 'view:flag':
      return 'The view’s restriction flag has been changed';
    case 'action:flag':
      return 'The action’s restriction flag has been changed';
    case 'agenda:set':
      // The "Now discussing" line says where the discussion is, for everyone.
      return null;
    case 'compartment:create':
    case 'compartment:share':
    case 'sharing-decision:record':
    case 'family-facing:set':
      // Announced from their acknowledgement by useMeetingEvents.
      return null;
  }
}
