import type { ChildRef, MeetingChildInput } from '@roundtable/shared/pathway';
import { normaliseNhsNumber } from '@roundtable/shared/pathway';
import { parseDateInput } from '../dates';
import type { FieldErrors } from '../forms/fieldErrors';

/**
 * One child named when convening a meeting or adding a child to one: an
 * existing child found by case-system ID or NHS number and picked, or a new
 * child as typed (the date of birth as three GOV.UK date parts).
 */
export interface ChildDraft {
  /** Stable React key; ids and error paths use the child's position instead. */
  key: number;
  mode: 'new' | 'existing';
  name: string;
  day: string;
  month: string;
  year: string;
  caseSystemId: string;
  nhsNumber: string;
  /** What the user typed to find an existing child. */
  query: string;
  picked: ChildRef | null;
}

let nextKey = 1;

export function emptyChild(): ChildDraft {
  return {
    key: nextKey++,
    mode: 'new',
    name: '',
    day: '',
    month: '',
    year: '',
    caseSystemId: '',
    nhsNumber: '',
    query: '',
    picked: null,
  };
}

/** An existing child already picked (e.g. a child of the meeting this one follows). */
export function pickedChild(child: ChildRef): ChildDraft {
  return { ...emptyChild(), mode: 'existing', picked: child };
}

/** A draft with nothing typed or picked: safe to drop or replace. */
export function isBlank(draft: ChildDraft): boolean {
  return draft.mode === 'new'
    ? [draft.name, draft.day, draft.month, draft.year, draft.caseSystemId, draft.nhsNumber].every(
        (v) => v.trim() === '',
      )
    : draft.picked === null && draft.query.trim() === '';
}

/** The fields of one child, keyed as the request's paths under that child. */
export type ChildField = 'mode' | 'name' | 'dateOfBirth' | 'caseSystemId' | 'nhsNumber' | 'childId';

/**
 * Input ids of one child's fields, under a prefix (`children-0`, `add-child`),
 * keyed by field; error summaries link to them. The date of birth links to its
 * day, an existing child (`childId`) to the lookup.
 */
export function childFieldIds(prefix: string): Record<ChildField, string> {
  return {
    mode: `${prefix}-mode`,
    name: `${prefix}-name`,
    dateOfBirth: `${prefix}-dob-day`,
    caseSystemId: `${prefix}-case-system-id`,
    nhsNumber: `${prefix}-nhs-number`,
    childId: `${prefix}-lookup`,
  };
}

/** The input an error about one child is shown against: `nhsNumber` → its input; the child as a whole → the first field shown. */
export function idForChildField(prefix: string, draft: ChildDraft | undefined, field: string | undefined): string {
  const ids = childFieldIds(prefix);
  if (field && field in ids) return ids[field as keyof typeof ids];
  return draft?.mode === 'existing' ? ids.childId : ids.name;
}

export const PICK_A_CHILD =
  'Find the child by their case-system ID or NHS number and select them, or choose to add a new child';

/**
 * The request's entry for one child and the errors only the browser can spot
 * (the date parts, an existing child not picked yet), keyed by field. The
 * shared schema checks the rest.
 */
export function toChildInput(draft: ChildDraft): {
  input: MeetingChildInput;
  errors: Partial<Record<ChildField, string>>;
} {
  if (draft.mode === 'existing') {
    if (draft.picked) return { input: { childId: draft.picked.id }, errors: {} };
    // An empty id makes the schema fail too; the message the user sees is this one.
    return { input: { childId: '' }, errors: { childId: PICK_A_CHILD } };
  }
  const errors: Partial<Record<ChildField, string>> = {};
  const dob = parseDateInput(draft, 'Date of birth', { notInFuture: true });
  if (dob.error) errors.dateOfBirth = dob.error;
  const caseSystemId = draft.caseSystemId.trim();
  const nhsNumber = draft.nhsNumber.trim();
  return {
    input: {
      name: draft.name,
      ...(dob.value ? { dateOfBirth: dob.value } : {}),
      ...(caseSystemId ? { caseSystemId } : {}),
      // Sent as ten digits when valid; as typed otherwise, so the schema's message explains what is wrong.
      ...(nhsNumber ? { nhsNumber: normaliseNhsNumber(nhsNumber) ?? nhsNumber } : {}),
    },
    errors,
  };
}

/** Prefixes one child's errors with its path in the request (`children.1`). */
export function prefixErrors(path: string, errors: Partial<Record<ChildField, string>>): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [`${path}.${field}`, message]));
}
