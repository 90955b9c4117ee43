import { MEETING_ROLE_LABELS, type MeetingRole } from '@roundtable/shared/constants';

const ROLE_TAG_CLASS: Record<MeetingRole, string> = {
  chair: 'govuk-tag--purple',
  participant: 'govuk-tag--green',
  'minute-taker': 'govuk-tag--teal',
  observer: 'govuk-tag--grey',
};

/** A member's meeting role as a GOV.UK tag. */
export function RoleTag({ role }: { role: MeetingRole }) {
  return (
    <strong className={`govuk-tag ${ROLE_TAG_CLASS[role]}`} data-role={role}>
      {MEETING_ROLE_LABELS[role]}
    </strong>
  );
}
