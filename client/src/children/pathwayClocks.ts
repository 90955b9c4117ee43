import type { ClockStatus } from '@roundtable/shared/lifecycle';
import type { PathwayClock } from '@roundtable/shared/pathway';

const STATUS_ORDER: Record<ClockStatus, number> = { overdue: 0, running: 1, 'not-started': 2, met: 3 };

/** Overdue first, then running, not started and met; within each, soonest due first. */
export function sortClocks(clocks: readonly PathwayClock[]): PathwayClock[] {
  return [...clocks].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31'),
  );
}
