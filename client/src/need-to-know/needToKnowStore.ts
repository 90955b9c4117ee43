import type { CompartmentView, FamilyFacingItem, SharingDecisionResponse } from '@roundtable/shared/need-to-know';
import type { DocumentKind } from '@roundtable/shared/realtime';

/**
 * What the room knows of need-to-know, as this reader may see it: the
 * compartments (open or withheld), the information-sharing decisions the
 * reader receives, and the items the chair marked family-facing (null until a
 * server sends them). A compartment is replaced only by the same or a higher
 * revision, so a late broadcast never shows a lifted compartment as withheld again.
 */
export interface NeedToKnowState {
  compartments: Readonly<Record<string, CompartmentView>>;
  sharingDecisions: Readonly<Record<string, SharingDecisionResponse>>;
  familyFacing: readonly FamilyFacingItem[] | null;
}

export const EMPTY_NEED_TO_KNOW: NeedToKnowState = { compartments: {}, sharingDecisions: {}, familyFacing: null };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A compartment view from an event or an acknowledgement (`{ compartment }` or the view itself); null otherwise. */
export function readCompartment(payload: unknown): CompartmentView | null {
  const value = isObject(payload) && isObject(payload.compartment) ? payload.compartment : payload;
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.sectionKey !== 'string') return null;
  if (value.access !== 'open' && value.access !== 'withheld') return null;
  return value as unknown as CompartmentView;
}

/** A sharing decision from an event or an acknowledgement (`{ decision }`, `{ sharingDecision }` or itself). */
export function readSharingDecision(payload: unknown): SharingDecisionResponse | null {
  let value = payload;
  if (isObject(payload) && isObject(payload.sharingDecision)) value = payload.sharingDecision;
  else if (isObject(payload) && isObject(payload.decision)) value = payload.decision;
  if (!isObject(value) || typeof value.id !== 'string' || (value.outcome !== 'shared' && value.outcome !== 'refused'))
    return null;
  return value as unknown as SharingDecisionResponse;
}

function isItem(value: unknown): value is FamilyFacingItem {
  return isObject(value) && typeof value.type === 'string' && typeof value.id === 'string';
}

export type FamilyFacingChange =
  { kind: 'all'; items: FamilyFacingItem[] } | { kind: 'one'; item: FamilyFacingItem; familyFacing: boolean };

/** The family-facing marks from an event or an acknowledgement: the whole list, or one item set or cleared. */
export function readFamilyFacing(payload: unknown): FamilyFacingChange | null {
  const list = Array.isArray(payload)
    ? payload
    : isObject(payload) && Array.isArray(payload.items)
      ? payload.items
      : isObject(payload) && Array.isArray(payload.familyFacing)
        ? payload.familyFacing
        : null;
  if (list) return { kind: 'all', items: list.filter(isItem) };
  if (isObject(payload) && isItem(payload.item) && typeof payload.familyFacing === 'boolean')
    return { kind: 'one', item: payload.item, familyFacing: payload.familyFacing };
  return null;
}

function withCompartment(state: NeedToKnowState, view: CompartmentView): NeedToKnowState {
  const current = state.compartments[view.id];
  if (current && (view.revision < current.revision || JSON.stringify(current) === JSON.stringify(view))) return state;
  return { ...state, compartments: { ...state.compartments, [view.id]: view } };
}

function withDecision(state: NeedToKnowState, decision: SharingDecisionResponse): NeedToKnowState {
  if (state.sharingDecisions[decision.id]) return state;
  return { ...state, sharingDecisions: { ...state.sharingDecisions, [decision.id]: decision } };
}

const sameItem = (a: FamilyFacingItem, b: FamilyFacingItem) => a.type === b.type && a.id === b.id;

function withFamilyFacing(state: NeedToKnowState, change: FamilyFacingChange): NeedToKnowState {
  if (change.kind === 'all') return { ...state, familyFacing: change.items };
  const others = (state.familyFacing ?? []).filter((item) => !sameItem(item, change.item));
  return { ...state, familyFacing: change.familyFacing ? [...others, change.item] : others };
}

export type NeedToKnowChange =
  | { type: 'snapshot'; state: unknown }
  | { type: 'compartment'; payload: unknown }
  | { type: 'sharing-decision'; payload: unknown }
  | { type: 'family-facing'; payload: unknown };

/** Applies a join state, a broadcast or an acknowledgement; the same object back when nothing changed. */
export function applyNeedToKnow(state: NeedToKnowState, change: NeedToKnowChange): NeedToKnowState {
  switch (change.type) {
    case 'snapshot': {
      if (!isObject(change.state)) return state;
      let next = state;
      const { compartments, sharingDecisions, familyFacing } = change.state;
      if (Array.isArray(compartments))
        for (const raw of compartments) {
          const view = readCompartment(raw);
          if (view) next = withCompartment(next, view);
        }
      if (Array.isArray(sharingDecisions))
        for (const raw of sharingDecisions) {
          const decision = readSharingDecision(raw);
          if (decision) next = withDecision(next, decision);
        }
      if (Array.isArray(familyFacing))
        next = withFamilyFacing(next, { kind: 'all', items: familyFacing.filter(isItem) });
      return next;
    }
    case 'compartment': {
      const view = readCompartment(change.payload);
      return view ? withCompartment(state, view) : state;
    }
    case 'sharing-decision': {
      const decision = readSharingDecision(change.payload);
      return decision ? withDecision(state, decision) : state;
    }
    case 'family-facing': {
      const parsed = readFamilyFacing(change.payload);
      return parsed ? withFamilyFacing(state, parsed) : state;
    }
  }
}

/**
 * The compartments beside one section of one document (the record unless
 * said), in the order the server first sent them (the order they were added).
 */
export function compartmentsOf(
  state: NeedToKnowState,
  sectionKey: string,
  documentKind: DocumentKind = 'record',
): CompartmentView[] {
  return Object.values(state.compartments).filter(
    (view) => view.sectionKey === sectionKey && (view.documentKind ?? 'record') === documentKind,
  );
}

/** Sharing decisions, newest first. */
export function sharingDecisionList(state: NeedToKnowState): SharingDecisionResponse[] {
  return Object.values(state.sharingDecisions).sort(
    (a, b) => Date.parse(b.decidedAt) - Date.parse(a.decidedAt) || a.id.localeCompare(b.id),
  );
}

/** True when the chair marked this item family-facing. */
export function isFamilyFacing(state: NeedToKnowState, item: FamilyFacingItem): boolean {
  return (state.familyFacing ?? []).some((marked) => sameItem(marked, item));
}
