import type { AuditEventResponse, AuditEventType, AuditOutcome } from '@roundtable/shared/audit';
import type { Agency } from '@roundtable/shared/constants';
import type { AuditDetails } from '../trail/audit-chain';
import type { AuditEntryRow } from '../trail/audit-store';

/** An audit entry with the actor's display name and the meeting's reference joined in. */
export interface AuditEventRow extends AuditEntryRow {
  actor_display_name: string | null;
  actor_user_agency: string | null;
  meeting_reference: string | null;
}

/**
 * One exported entry: exactly the hashed fields (so a partner can recompute
 * `hash` from `prevHash` and the entry, see docs/AUDIT.md) plus the actor's
 * display name and the meeting reference, which are not hashed.
 */
export interface AuditExportEntry {
  seq: number;
  occurredAt: string;
  type: AuditEventType;
  outcome: AuditOutcome;
  actorUserId: string | null;
  actorAgency: Agency | null;
  actorDisplayName: string | null;
  meetingId: string | null;
  meetingReference: string | null;
  subjectType: string | null;
  subjectId: string | null;
  details: AuditDetails;
  /** Hex SHA-256 of the previous entry (all zeros for entry 1). */
  prevHash: string;
  /** Hex SHA-256 of this entry, as chained. */
  hash: string;
}

export function toAuditEventResponse(row: AuditEventRow): AuditEventResponse {
  return {
    seq: Number(row.seq),
    occurredAt: new Date(row.occurred_at).toISOString(),
    type: row.type as AuditEventType,
    outcome: row.outcome as AuditOutcome,
    actor: row.actor_user_id
      ? {
          userId: row.actor_user_id,
          displayName: row.actor_display_name ?? '',
          agency: (row.actor_agency ?? row.actor_user_agency) as Agency,
        }
      : null,
    meetingId: row.meeting_id,
    meetingReference: row.meeting_reference,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
    hash: Buffer.from(row.hash).toString('hex'),
  };
}

export function toAuditExportEntry(row: AuditEventRow): AuditExportEntry {
  return {
    seq: Number(row.seq),
    occurredAt: new Date(row.occurred_at).toISOString(),
    type: row.type as AuditEventType,
    outcome: row.outcome as AuditOutcome,
    actorUserId: row.actor_user_id,
    actorAgency: row.actor_agency as Agency | null,
    actorDisplayName: row.actor_display_name,
    meetingId: row.meeting_id,
    meetingReference: row.meeting_reference,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
    prevHash: Buffer.from(row.prev_hash).toString('hex'),
    hash: Buffer.from(row.hash).toString('hex'),
  };
}
