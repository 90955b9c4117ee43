import {
  type Audience,
  type AudienceMember,
  isInAudience,
  type SharingDecisionResponse,
} from '@roundtable/shared/need-to-know';
import type { SharingDecisionRecord } from './sharing-decision.repository';

export function toSharingDecisionResponse(record: SharingDecisionRecord): SharingDecisionResponse {
  return {
    id: record.id,
    meetingId: record.meetingId,
    outcome: record.outcome,
    what: record.what,
    withWhom: record.withWhom,
    lawfulBasis: record.lawfulBasis,
    reason: record.reason,
    compartmentId: record.compartmentId,
    decidedBy: record.decidedBy,
    decidedAt: record.decidedAt.toISOString(),
  };
}

/**
 * Who may read a sharing decision: the chair, the deciding agency's members
 * (not its observers) and, for one that widened a compartment, that
 * compartment's audience as it is now. `compartmentAudience` is undefined
 * when the decision came from no compartment.
 */
export function mayReadSharingDecision(
  reader: AudienceMember,
  decision: { decidedAgency: SharingDecisionRecord['decidedAgency']; decidedBy: { userId: string } },
  compartmentAudience: Audience | null | undefined,
): boolean {
  if (reader.role === 'chair' || reader.userId === decision.decidedBy.userId) return true;
  if (reader.role !== 'observer' && reader.agency === decision.decidedAgency) return true;
  return compartmentAudience !== undefined && isInAudience(reader, compartmentAudience);
}
