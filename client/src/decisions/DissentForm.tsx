import { AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import {
  DISSENT_PART_LABELS,
  ESCALATION_STAGE_LABELS,
  ESCALATION_STAGES,
  RecordDissentRequestSchema,
  type DecisionResponse,
  type DissentPart,
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
  /** The parts of the decision in force this agency can still dissent from (at least one). */
  parts: readonly DissentPart[];
  send: SendChange;
  onCancel: () => void;
}

const PART_HINTS: Partial<Record<DissentPart, string>> = {
  'voluntary-safety-plan': 'For example, the plan relies on a parent’s cooperation and your agency wants more.',
};

/**
 * Dissent from the local authority's decision (DOMAIN.md §3.7, §9): the
 * agency says which part it disagrees with (the options chosen, the
 * protective action, relying on a voluntary safety plan, the reasons) and
 * why, whatever its own view was. It opens an escalation at the stage
 * chosen; the decision stands. Test hook: `[data-testid=dissent-form]`.
 */
export function DissentForm({ decision, agency, parts, send, onCancel }: DissentFormProps) {
  const [part, setPart] = useState<DissentPart | ''>(parts.length === 1 ? (parts[0] ?? '') : '');
  const [reasons, setReasons] = useState('');
  const [stage, setStage] = useState<EscalationStage>('practitioner');
  const form = useFormSubmission();
  const ids = {
    part: `dissent-${decision.id}-part`,
    reasons: `dissent-${decision.id}-reasons`,
    stage: `dissent-${decision.id}-stage`,
  };
  const partOptions = parts.map((value) => ({ value, text: DISSENT_PART_LABELS[value], hint: PART_HINTS[value] }));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { meetingId: decision.meetingId, decisionId: decision.id, part, reasons, stage };
    // An unchosen part fails the schema, with its message against the radios.
    if (!validateChange(form, RecordDissentRequestSchema, payload) || part === '') return;
    await form.send(async () => {
      unwrapAck(await send('dissent:record', { ...payload, part }));
    });
  }

  const summary = toSummary(
    form.errors,
    ['part', 'reasons', 'stage'],
    (path) => (ids as Record<string, string>)[path],
    ids.part,
  );
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="dissent-form">
      <h4 className="govuk-heading-s">Record {AGENCY_LABELS[agency]}’s dissent</h4>
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <RadiosField
        id={ids.part}
        legend="Which part of the decision does your agency disagree with?"
        hint="The local authority's decision stands; your dissent is minuted and escalated."
        value={part}
        options={partOptions}
        onChange={setPart}
        error={form.errors.part}
        small
      />
      <TextareaField
        id={ids.reasons}
        name="reasons"
        label="Why does your agency disagree?"
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
