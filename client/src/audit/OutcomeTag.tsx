import type { AuditOutcome } from '@roundtable/shared/audit';
import { AUDIT_OUTCOME_LABELS } from './auditLabels';

/** GOV.UK tag for an entry's outcome: refusals in red. The word, not the colour, carries the meaning. */
export function OutcomeTag({ outcome }: { outcome: AuditOutcome }) {
  return (
    <strong className={`govuk-tag ${outcome === 'refused' ? 'govuk-tag--red' : 'govuk-tag--green'}`}>
      {AUDIT_OUTCOME_LABELS[outcome]}
    </strong>
  );
}
