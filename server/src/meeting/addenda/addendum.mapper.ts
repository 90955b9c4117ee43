import type { AddendumResponse } from '@roundtable/shared/lifecycle';
import { type People, personOf } from '../../identity';

/** An addendum as stored (meeting_addenda). */
export interface AddendumRow {
  id: string;
  meeting_id: string;
  section_key: string;
  text: string;
  added_by: string;
  added_at: Date;
  signed_off_by: string | null;
  signed_off_at: Date | null;
}

/** An addendum for members; `people` holds its author and the chair who signed it off. */
export function toAddendumResponse(row: AddendumRow, people: People): AddendumResponse {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    sectionKey: row.section_key,
    text: row.text,
    addedBy: personOf(people, row.added_by),
    addedAt: new Date(row.added_at).toISOString(),
    signedOffBy: row.signed_off_by ? personOf(people, row.signed_off_by) : null,
    signedOffAt: row.signed_off_at ? new Date(row.signed_off_at).toISOString() : null,
  };
}
