import type { AudienceMember, ProtectedPersonResponse } from '@roundtable/shared/need-to-know';
import { isInAudience } from '@roundtable/shared/need-to-know';
import type { ProtectedPersonRecord } from './protected-persons.repository';

/**
 * A protected person as one reader may see them: the name only when the reader
 * is in its audience (`isInAudience`), `null` otherwise. Every path that sends
 * a protected person anywhere goes through here.
 */
export function toProtectedPersonView(record: ProtectedPersonRecord, reader: AudienceMember): ProtectedPersonResponse {
  return {
    id: record.id,
    meetingId: record.meetingId,
    role: record.role,
    label: record.label,
    name: isInAudience(reader, record.audience) ? record.name : null,
    audience: record.audience,
    addedBy: record.addedBy,
    ownerAgency: record.ownerAgency,
    addedAt: record.addedAt.toISOString(),
    revision: record.revision,
  };
}

/** The view for readers outside the audience: the same for all of them (one emit). */
export function toWithheldView(record: ProtectedPersonRecord): ProtectedPersonResponse {
  return { ...toProtectedPersonView(record, { userId: '', role: 'observer', agency: 'other' }), name: null };
}
