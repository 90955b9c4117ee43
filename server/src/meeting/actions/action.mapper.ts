import type { ActionChangeResponse, ActionResponse } from '@roundtable/shared/actions';
import { type People, personOf } from '../../identity';
import type { ActionChangeEntity } from './action-change.entity';
import type { ActionEntity } from './action.entity';

/** An action with its history, oldest first. */
export interface ActionRecord {
  action: ActionEntity;
  history: ActionChangeEntity[];
}

/** Actions with their history, and the people they name. */
export interface ActionRecords {
  records: ActionRecord[];
  people: People;
}

export function toActionChangeResponse(change: ActionChangeEntity, people: People): ActionChangeResponse {
  return {
    id: change.id,
    kind: change.kind,
    changedBy: personOf(people, change.changedBy),
    changedAt: change.changedAt.toISOString(),
    changes: change.changes,
    note: change.note,
  };
}

/** An action as members see it, with its history oldest first. */
export function toActionResponse(action: ActionEntity, history: ActionChangeEntity[], people: People): ActionResponse {
  return {
    id: action.id,
    meetingId: action.meetingId,
    revision: action.revision,
    description: action.description,
    owner: personOf(people, action.ownerUserId),
    ownerAgency: action.ownerAgency,
    dueAt: action.dueAt.toISOString(),
    childId: action.childId,
    decisionId: action.decisionId,
    status: action.status,
    statusNote: action.statusNote,
    createdBy: personOf(people, action.createdBy),
    createdAt: action.createdAt.toISOString(),
    updatedAt: action.updatedAt.toISOString(),
    history: history.map((c) => toActionChangeResponse(c, people)),
    restriction: action.restriction,
    withheld: null,
  };
}

/** Each action as members see it, in the order given. */
export function toActionResponses({ records, people }: ActionRecords): ActionResponse[] {
  return records.map(({ action, history }) => toActionResponse(action, history, people));
}
