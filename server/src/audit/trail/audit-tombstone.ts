import type { AuditEntryContent } from './audit-chain';

/**
 * An audit entry whose content a retention run destroyed (docs/RETENTION.md):
 * seq, occurredAt, type, outcome, prevHash and hash are kept; who, what and
 * the details are gone, and `details` is exactly `{ tombstone: { rule, … } }`
 * (written only by the database function retention_tombstone_audit_entries).
 * Its hash can no longer be recomputed, so the verifier accepts the stored
 * hash, and still checks that it links to its predecessor and that the next
 * entry links to it: the tombstone hides content, it cannot change history.
 */
export function isTombstonedEntry(entry: AuditEntryContent): boolean {
  const details = entry.details as Record<string, unknown> | null;
  if (!details || typeof details !== 'object' || Array.isArray(details)) return false;
  const keys = Object.keys(details);
  const tombstone = details.tombstone as Record<string, unknown> | undefined;
  return (
    keys.length === 1 &&
    keys[0] === 'tombstone' &&
    typeof tombstone === 'object' &&
    tombstone !== null &&
    typeof tombstone.rule === 'string' &&
    entry.actorUserId === null &&
    entry.actorAgency === null &&
    entry.meetingId === null &&
    entry.subjectType === null &&
    entry.subjectId === null
  );
}
