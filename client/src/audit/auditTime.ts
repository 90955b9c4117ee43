import { formatTimestamp, InvalidDateError } from '@roundtable/shared/dates';

/**
 * Audit entries are read to the second, in UK time with its zone named (GMT
 * or BST), by the shared formatter: "2 March 2026 at 1:05:09pm GMT". Text
 * that is not an instant is shown as it came.
 */
export function formatAuditTime(iso: string): string {
  try {
    return formatTimestamp(iso);
  } catch (error) {
    if (error instanceof InvalidDateError) return iso;
    throw error;
  }
}
