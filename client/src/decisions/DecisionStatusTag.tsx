import type { DecisionStatus } from '@roundtable/shared/decisions';

const TAGS: Record<DecisionStatus, { text: string; className: string }> = {
  open: { text: 'Open for views', className: 'govuk-tag--blue' },
  closed: { text: 'Views closed', className: 'govuk-tag--yellow' },
  decided: { text: 'Decided', className: 'govuk-tag--green' },
  'not-reached': { text: 'Not reached', className: 'govuk-tag--grey' },
};

/** A decision's status as a GOV.UK tag. Test hook: `[data-decision-status]`. */
export function DecisionStatusTag({ status }: { status: DecisionStatus }) {
  const tag = TAGS[status];
  return (
    <strong className={`govuk-tag ${tag.className}`} data-decision-status={status}>
      {tag.text}
    </strong>
  );
}
