import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { DecisionResponse, PersonRef } from '@roundtable/shared/decisions';
import type { ChildResponse } from '@roundtable/shared/schemas';

/** An option's label ("Section 47 enquiry: joint with police"); the key itself if the decision has no such option. */
export function optionLabel(decision: Pick<DecisionResponse, 'options'>, key: string): string {
  return decision.options.find((option) => option.key === key)?.label ?? key;
}

/** A protective action's label. */
export function protectiveActionLabel(
  decision: Pick<DecisionResponse, 'protectiveActionOptions'>,
  key: string,
): string {
  return decision.protectiveActionOptions.find((option) => option.key === key)?.label ?? key;
}

/** "Ruby Testcase and Sam Testcase" for the decision's children. */
export function childNames(children: readonly ChildResponse[], ids: readonly string[]): string {
  const names = ids.map((id) => children.find((child) => child.id === id)?.name ?? 'A child no longer listed');
  if (names.length <= 1) return names[0] ?? 'No child';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "Sam Demo (Children's social care)". */
export function personText(person: PersonRef): string {
  return `${person.displayName} (${AGENCY_LABELS[person.agency]})`;
}

/** A short name for a decision in lists and selects: "Section 47 threshold decision – Ruby Testcase". */
export function decisionName(decision: DecisionResponse, children: readonly ChildResponse[]): string {
  return `${decision.title} – ${childNames(children, decision.childIds)}`;
}
