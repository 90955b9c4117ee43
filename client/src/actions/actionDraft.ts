import type { ActionResponse, CreateActionRequest, UpdateActionRequest } from '@roundtable/shared/actions';
import type { Agency } from '@roundtable/shared/constants';
import { isoToLondonLocal, londonLocalToIso } from '../dates';
import type { FieldErrors } from '../forms/fieldErrors';

/** The action fields as the inputs hold them ('' for "none"). */
export interface ActionDraft {
  description: string;
  ownerUserId: string;
  ownerAgency: Agency | '';
  /** `datetime-local` value in UK time. */
  due: string;
  childId: string;
  decisionId: string;
}

export const EMPTY_ACTION_DRAFT: ActionDraft = {
  description: '',
  ownerUserId: '',
  ownerAgency: '',
  due: '',
  childId: '',
  decisionId: '',
};

export const ACTION_FIELD_ORDER = ['description', 'ownerUserId', 'ownerAgency', 'dueAt', 'childId', 'decisionId'];

export function draftFromAction(action: ActionResponse): ActionDraft {
  return {
    description: action.description,
    ownerUserId: action.owner.userId,
    ownerAgency: action.ownerAgency,
    due: isoToLondonLocal(action.dueAt),
    childId: action.childId ?? '',
    decisionId: action.decisionId ?? '',
  };
}

/** The due time as ISO 8601, or the error only the browser can spot. */
function dueAt(draft: ActionDraft): { value: string; errors: FieldErrors } {
  if (draft.due.trim() === '') return { value: '', errors: { dueAt: 'Enter the date and time the action is due' } };
  const iso = londonLocalToIso(draft.due);
  return iso ? { value: iso, errors: {} } : { value: '', errors: { dueAt: 'Due date and time must be real' } };
}

/** The create payload (without requestId) and the browser-only errors. */
export function createPayload(
  meetingId: string,
  draft: ActionDraft,
): { payload: Omit<CreateActionRequest, 'requestId'>; errors: FieldErrors } {
  const due = dueAt(draft);
  return {
    payload: {
      meetingId,
      description: draft.description,
      ownerUserId: draft.ownerUserId,
      ownerAgency: draft.ownerAgency as Agency,
      dueAt: due.value,
      ...(draft.childId ? { childId: draft.childId } : {}),
      ...(draft.decisionId ? { decisionId: draft.decisionId } : {}),
    },
    errors: due.errors,
  };
}

/** Only what changed ('' unlinks a child or decision); `changed` is false when nothing did. */
export function updatePayload(
  action: ActionResponse,
  draft: ActionDraft,
): { payload: Omit<UpdateActionRequest, 'requestId'>; errors: FieldErrors; changed: boolean } {
  const before = draftFromAction(action);
  const due = dueAt(draft);
  const payload: Omit<UpdateActionRequest, 'requestId'> = { meetingId: action.meetingId, actionId: action.id };
  if (draft.description !== before.description) payload.description = draft.description;
  if (draft.ownerUserId !== before.ownerUserId) payload.ownerUserId = draft.ownerUserId;
  if (draft.ownerAgency !== before.ownerAgency) payload.ownerAgency = draft.ownerAgency as Agency;
  if (draft.due !== before.due) payload.dueAt = due.value;
  if (draft.childId !== before.childId) payload.childId = draft.childId || null;
  if (draft.decisionId !== before.decisionId) payload.decisionId = draft.decisionId || null;
  const changed = Object.keys(payload).length > 2;
  return { payload, errors: draft.due !== before.due ? due.errors : {}, changed };
}
