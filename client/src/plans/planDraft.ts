import type { PlanActionOwnerAgency, PlanContent, PlanContentInput } from '@roundtable/shared/pathway';
import { parseDateInput } from '../dates';
import type { FieldErrors } from '../forms/fieldErrors';
import { dateDayId, toDateParts, EMPTY_DATE, type DateParts } from '../forms/DateInputField';

/** The plan as the editor holds it: dates as typed, the frequency as text, local keys for review dates. */
export interface ActionDraft {
  id: string;
  text: string;
  owner: string;
  agency: PlanActionOwnerAgency | '';
  due: DateParts;
  progress: string;
}

export interface OutcomeDraft {
  id: string;
  text: string;
  actions: ActionDraft[];
}

export interface PlanDraft {
  outcomes: OutcomeDraft[];
  contingency: string;
  reviewDates: { key: string; date: DateParts }[];
  coreGroupEveryWeeks: string;
}

/** New outcomes and actions get their ids here: the server keeps them, so a change is traced across versions. */
export const newAction = (): ActionDraft => ({
  id: crypto.randomUUID(),
  text: '',
  owner: '',
  agency: '',
  due: EMPTY_DATE,
  progress: '',
});
export const newOutcome = (): OutcomeDraft => ({ id: crypto.randomUUID(), text: '', actions: [newAction()] });
export const newReviewDate = () => ({ key: crypto.randomUUID(), date: EMPTY_DATE });

export function draftFromContent(content: PlanContent): PlanDraft {
  return {
    outcomes: content.outcomes.map((outcome) => ({
      id: outcome.id,
      text: outcome.text,
      actions: outcome.actions.map((action) => ({ ...action, due: toDateParts(action.dueDate) })),
    })),
    contingency: content.contingency,
    reviewDates: content.reviewDates.map((date) => ({ key: crypto.randomUUID(), date: toDateParts(date) })),
    coreGroupEveryWeeks: String(content.coreGroupEveryWeeks),
  };
}

/**
 * The content to send, and the errors only the browser can see (a date that
 * is not a real date). Everything else is the shared schema's to check.
 * Paths are the request's (`content.outcomes.0.actions.1.dueDate`), so the
 * server's 400 `fields` land on the same inputs.
 */
export function contentFromDraft(draft: PlanDraft): { content: PlanContentInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const date = (parts: DateParts, path: string, label: string) => {
    const parsed = parseDateInput(parts, label);
    if (parsed.error) errors[path] = parsed.error;
    else if (!parsed.value) errors[path] = `Enter the ${label.toLowerCase()}`;
    return parsed.value ?? '';
  };
  // The schema lists the agencies' keys; a person gets a plain sentence instead.
  const agencyOf = (agency: PlanActionOwnerAgency | '', path: string) => {
    if (agency === '') errors[path] = 'Choose the agency of who will do it, or the family';
    return agency as PlanActionOwnerAgency;
  };
  const weeks = draft.coreGroupEveryWeeks.trim();
  const content: PlanContentInput = {
    outcomes: draft.outcomes.map((outcome, o) => ({
      id: outcome.id,
      text: outcome.text,
      actions: outcome.actions.map((action, a) => ({
        id: action.id,
        text: action.text,
        owner: action.owner,
        agency: agencyOf(action.agency, `content.outcomes.${o}.actions.${a}.agency`),
        dueDate: date(action.due, `content.outcomes.${o}.actions.${a}.dueDate`, 'Due date'),
        progress: action.progress,
      })),
    })),
    contingency: draft.contingency,
    reviewDates: draft.reviewDates.map((review, r) => date(review.date, `content.reviewDates.${r}`, 'Review date')),
    // Not a whole number: NaN, so the schema's message asks for one (an empty value would take the default).
    coreGroupEveryWeeks: /^\d+$/.test(weeks) ? Number(weeks) : Number.NaN,
  };
  return { content, errors };
}

/** Ids of the editor's inputs, from the request path they fill. */
export const planFieldIds = (prefix: string) => ({
  outcomeText: (o: number) => `${prefix}-outcome-${o}-text`,
  actionText: (o: number, a: number) => `${prefix}-outcome-${o}-action-${a}-text`,
  actionOwner: (o: number, a: number) => `${prefix}-outcome-${o}-action-${a}-owner`,
  actionAgency: (o: number, a: number) => `${prefix}-outcome-${o}-action-${a}-agency`,
  actionDue: (o: number, a: number) => `${prefix}-outcome-${o}-action-${a}-due`,
  actionProgress: (o: number, a: number) => `${prefix}-outcome-${o}-action-${a}-progress`,
  addAction: (o: number) => `${prefix}-outcome-${o}-add-action`,
  addOutcome: `${prefix}-add-outcome`,
  contingency: `${prefix}-contingency`,
  reviewDate: (r: number) => `${prefix}-review-date-${r}`,
  addReviewDate: `${prefix}-add-review-date`,
  coreGroupEveryWeeks: `${prefix}-core-group-every-weeks`,
});

/**
 * The input an error's path belongs to: the field itself, else the nearest
 * thing that holds it (an outcome's actions → its "Add an action" button).
 */
export function planFieldIdForPath(prefix: string, path: string): string | undefined {
  const ids = planFieldIds(prefix);
  const [root, key, i, sub, j, field] = path.split('.');
  if (root !== 'content') return undefined;
  const o = Number(i);
  const a = Number(j);
  if (key === 'outcomes') {
    if (i === undefined) return ids.addOutcome;
    if (sub === 'text') return ids.outcomeText(o);
    if (sub !== 'actions') return ids.outcomeText(o);
    if (j === undefined) return ids.addAction(o);
    if (field === 'dueDate') return dateDayId(ids.actionDue(o, a));
    const actionField: Record<string, (o: number, a: number) => string> = {
      owner: ids.actionOwner,
      agency: ids.actionAgency,
      progress: ids.actionProgress,
    };
    return (actionField[field ?? ''] ?? ids.actionText)(o, a);
  }
  if (key === 'reviewDates') return i === undefined ? ids.addReviewDate : dateDayId(ids.reviewDate(Number(i)));
  if (key === 'contingency') return ids.contingency;
  if (key === 'coreGroupEveryWeeks') return ids.coreGroupEveryWeeks;
  return undefined;
}

/** Where an error is, for the summary: "Outcome 2, action 1: ". */
export function planErrorPlace(path: string): string {
  const [, key, i, sub, j] = path.split('.');
  if (key === 'outcomes' && i !== undefined) {
    const outcome = `Outcome ${Number(i) + 1}`;
    return sub === 'actions' && j !== undefined ? `${outcome}, action ${Number(j) + 1}: ` : `${outcome}: `;
  }
  if (key === 'reviewDates' && i !== undefined) return `Review date ${Number(i) + 1}: `;
  return '';
}

/** Every path in the order its input appears in the editor, for the error summary. */
export function planFieldOrder(draft: PlanDraft): string[] {
  return [
    ...draft.outcomes.flatMap((outcome, o) => [
      `content.outcomes.${o}.text`,
      ...outcome.actions.flatMap((_, a) =>
        ['text', 'owner', 'agency', 'dueDate', 'progress'].map(
          (field) => `content.outcomes.${o}.actions.${a}.${field}`,
        ),
      ),
      `content.outcomes.${o}`,
    ]),
    'content.outcomes',
    'content.contingency',
    'content.reviewDates',
    'content.coreGroupEveryWeeks',
  ];
}
