import type { Ack } from '@roundtable/shared/meeting-events';
import type {
  CompartmentView,
  FamilyFacingItem,
  SetFamilyFacingRequest,
  SharingDecisionResponse,
} from '@roundtable/shared/need-to-know';

/**
 * Need-to-know events the room sends that shared/src/meeting-events.ts does
 * not list yet (their payloads are in shared/src/need-to-know.ts). The room
 * reads their acknowledgements with the same tolerant readers as the
 * broadcasts (needToKnowStore.ts).
 */
export interface NeedToKnowClientEvents {
  /** The chair marks an item family-facing, or takes the mark away. */
  'family-facing:set': (payload: SetFamilyFacingRequest, ack: Ack<unknown>) => void;
}

/** Every need-to-know change the room sends, wherever its type is declared. */
export type NeedToKnowEventName =
  'compartment:create' | 'compartment:share' | 'sharing-decision:record' | keyof NeedToKnowClientEvents;

export const NEED_TO_KNOW_EVENTS: readonly NeedToKnowEventName[] = [
  'compartment:create',
  'compartment:share',
  'sharing-decision:record',
  'family-facing:set',
];

export function isNeedToKnowEvent(event: string): event is NeedToKnowEventName {
  return (NEED_TO_KNOW_EVENTS as readonly string[]).includes(event);
}

/** What the join state adds for need-to-know: each list as this reader may see it. */
export interface NeedToKnowJoinState {
  compartments?: CompartmentView[];
  sharingDecisions?: SharingDecisionResponse[];
  familyFacing?: FamilyFacingItem[];
}
