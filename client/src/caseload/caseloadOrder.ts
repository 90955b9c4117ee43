import type { CaseloadEntry } from '@roundtable/shared/pathway';

/** How much is overdue for a child: timescales and actions. */
export const overdueCount = (entry: CaseloadEntry) => entry.overdueClocks.length + entry.overdueActions;

/** Children with anything overdue first (most first), then by name. */
export function sortCaseload(entries: readonly CaseloadEntry[]): CaseloadEntry[] {
  return [...entries].sort(
    (a, b) => overdueCount(b) - overdueCount(a) || a.child.name.localeCompare(b.child.name, 'en'),
  );
}
