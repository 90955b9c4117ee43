import { AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import {
  ESCALATION_STAGE_LABELS,
  ESCALATION_STAGES,
  RecordDissentRequestSchema,
  type DecisionResponse,
  type EscalationStage,
} from '@roundtable/shared/decisions';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';

const STAGE_OPTIONS = ESCALATION_STAGES.map((value) => ({ value, text: ESCALATION_STAGE_LABELS[value] }));

interface DissentFormProps {
  decision: DecisionResponse;
  agency: Agency;
  send: SendChange;
  onCancel: () => void;
}

/**
 * Dissent from the local authority's decision (DOMAIN.md §3.7): offered to an
 * agency whose current view differs from the decision in force. It opens an
 * escalation at the stage chosen. Test hook: `[data-testid=dissent-form]`.
 */
export function DissentForm({ decision, agency, send, onCancel }: DissentFormProps) {
  const [reasons, setReasons] = useState('');
  const [stage, setStage] = useState<EscalationStage>('practitioner');
  const form = useFormSubmission();
  const ids = { reasons: `dissent-${decision.id}-reasons`, stage: `dissent-${decision.id}-stage` };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { meetingId: decision.meetingId, decisionId: decision.id, reasons, stage };
    if (!validateChange(form, RecordDissentRequestSchema, payload)) return;
    await form.send(async () => {
      unwrapAck(await send('dissent:record', payload));
    });
  }

  const summary = toSummary(
    form.errors,
    ['reasons', 'stage'],
    (path) => (ids as Record<string, string>)[path],
    ids.reasons,
  );
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="dissent-form">
      <h4 className="govuk-heading-s">Record {AGENCY_LABELS[agency]}’s dissent</h4>
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <TextareaField
        id={ids.reasons}
        name="reasons"
        label="Why does your agency disagree with the decision?"
        value={reasons}
        onChange={setReasons}
        error={form.errors.reasons}
        labelClass="govuk-label--s"
      />
      <RadiosField
        id={ids.stage}
        legend="Where does the disagreement start?"
        hint="Usually practitioner to practitioner. If a child is in immediate danger, go straight to the stage needed."
        value={stage}
        options={STAGE_OPTIONS}
        onChange={setStage}
        error={form.errors.stage}
        small
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button govuk-button--warning" disabled={form.submitting}>
          Record dissent
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
