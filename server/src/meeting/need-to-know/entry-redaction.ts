import type { ActionChangeResponse, ActionResponse } from '@roundtable/shared/actions';
import { type AgencyViewResponse, type DecisionResponse, summariseViews } from '@roundtable/shared/decisions';
import { type AudienceMember, isInAudience, withheldNotice } from '@roundtable/shared/need-to-know';
import { entryAudience } from '@roundtable/shared/templates';

/**
 * Restricted entries per reader (docs/SECURITY.md "Restricted entries"): an
 * agency view or an action flagged police or health restricted reaches, whole,
 * only its audience (the agency's members and the chair, plus whoever recorded
 * it and an action's owner). Every other reader gets the entry in its place,
 * with its id, agency, author, revision and flag, every free-text field
 * emptied, and `withheld` saying so in words. Pure: the same input gives the
 * same output, and an entry nothing is withheld from comes back as the same
 * object (so a broadcast can send one payload to everyone who may read it).
 */

/** The notice a reader gets instead of a view, or null when they may read it. */
function viewNotice(reader: AudienceMember, view: AgencyViewResponse): string | null {
  const audience = entryAudience(view.restriction, [view.recordedBy.userId]);
  return audience === null || isInAudience(reader, audience) ? null : withheldNotice(audience);
}

/** The notice a reader gets instead of an action, or null when they may read it. */
function actionNotice(reader: AudienceMember, action: ActionResponse): string | null {
  const audience = entryAudience(action.restriction, [action.createdBy.userId, action.owner.userId]);
  return audience === null || isInAudience(reader, audience) ? null : withheldNotice(audience);
}

/** An agency view as `reader` may receive it. */
export function viewFor(reader: AudienceMember, view: AgencyViewResponse): AgencyViewResponse {
  const notice = viewNotice(reader, view);
  if (notice === null) return view;
  return {
    ...view,
    harm: null,
    recommendedOption: '',
    reasons: '',
    keyInformation: null,
    conditions: null,
    withheld: notice,
  };
}

/** The ids of a decision's views withheld from `reader`, in order ('' when none): readers with the same key get the same payload. */
export function decisionRedactionKey(reader: AudienceMember, decision: DecisionResponse): string {
  return decision.viewHistory
    .filter((v) => viewNotice(reader, v) !== null)
    .map((v) => v.id)
    .join(',');
}

/** A decision as `reader` may receive it: withheld views emptied, the summary built from what they may read. */
export function decisionFor(reader: AudienceMember, decision: DecisionResponse): DecisionResponse {
  if (decisionRedactionKey(reader, decision) === '') return decision;
  const currentViews = decision.currentViews.map((v) => viewFor(reader, v));
  return {
    ...decision,
    currentViews,
    viewHistory: decision.viewHistory.map((v) => viewFor(reader, v)),
    summary: summariseViews(decision.options, currentViews),
  };
}

/** A history entry of a withheld action: who changed what and when, never the text (descriptions, notes). */
function changeWithoutText(change: ActionChangeResponse): ActionChangeResponse {
  return { ...change, changes: change.changes.filter((c) => c.field !== 'description'), note: null };
}

/** An action as `reader` may receive it. */
export function actionFor<A extends ActionResponse>(reader: AudienceMember, action: A): A {
  const notice = actionNotice(reader, action);
  if (notice === null) return action;
  return {
    ...action,
    description: '',
    statusNote: null,
    history: action.history.map(changeWithoutText),
    withheld: notice,
  };
}

/** The readers' key for an action: 'withheld' or ''. */
export function actionRedactionKey(reader: AudienceMember, action: ActionResponse): string {
  return actionNotice(reader, action) === null ? '' : 'withheld';
}

/**
 * Builds each reader's payload once per distinct redaction: readers whose key
 * is the same get the very same object (MeetingBroadcaster.emitPerMember sends
 * those one emit).
 */
export function perReader<T, P>(
  data: T,
  key: (reader: AudienceMember, data: T) => string,
  redact: (reader: AudienceMember, data: T) => P,
): (reader: AudienceMember) => P {
  const built = new Map<string, P>();
  return (reader) => {
    const k = key(reader, data);
    let payload = built.get(k);
    if (payload === undefined) {
      payload = redact(reader, data);
      built.set(k, payload);
    }
    return payload;
  };
}
