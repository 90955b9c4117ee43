import type { Ack } from '@roundtable/shared/meeting-events';
import type {
  CompartmentView,
  CreateCompartmentRequest,
  FamilyFacingItem,
  RecordSharingDecisionRequest,
  SetFamilyFacingRequest,
  ShareCompartmentRequest,
  SharingDecisionResponse,
} from '@roundtable/shared/need-to-know';

/**
 * The need-to-know events the room sends (shared/src/need-to-know.ts holds
 * their payloads). Each is acknowledged with what changed; the room reads the
 * acknowledgement with the same tolerant readers as the broadcasts
 * (needToKnowStore.ts).
 */
export interface NeedToKnowClientEvents {
  /** Restricted information beside a record section; the creator's agency owns it. */
  'compartment:create': (payload: CreateCompartmentRequest, ack: Ack<unknown>) => void;
  /** Widens or lifts a compartment's audience (an information-sharing decision). */
  'compartment:share': (payload: ShareCompartmentRequest, ack: Ack<unknown>) => void;
  /** Records a decision to share, or not to share, with its reasons. */
  'sharing-decision:record': (payload: RecordSharingDecisionRequest, ack: Ack<unknown>) => void;
  /** The chair marks an item family-facing, or takes the mark away. */
  'family-facing:set': (payload: SetFamilyFacingRequest, ack: Ack<unknown>) => void;
}

export type NeedToKnowEventName = keyof NeedToKnowClientEvents;

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
