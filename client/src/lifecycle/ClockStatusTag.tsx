import { CLOCK_STATUS_LABELS, type ClockStatus } from '@roundtable/shared/lifecycle';

const CLASSES: Record<ClockStatus, string> = {
  'not-started': 'govuk-tag--grey',
  running: 'govuk-tag--blue',
  met: 'govuk-tag--green',
  overdue: 'govuk-tag--red',
};

/** A clock's status in words (the colour only repeats it). */
export function ClockStatusTag({ status }: { status: ClockStatus }) {
  return (
    <strong className={`govuk-tag ${CLASSES[status]}`} data-clock-status={status}>
      {CLOCK_STATUS_LABELS[status]}
    </strong>
  );
}
