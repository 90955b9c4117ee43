import { AGENCY_LABELS, LIMITS, type Agency } from '@roundtable/shared/constants';
import {
  HARM_ASSESSMENT_LABELS,
  HARM_ASSESSMENTS,
  RecordViewRequestSchema,
  type DecisionResponse,
  type HarmAssessment,
} from '@roundtable/shared/decisions';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary, type FieldErrors } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';
import { ownRestriction, RestrictAsRecordedField } from '../room/RestrictAsRecordedField';

const FIELD_ORDER = ['harm', 'recommendedOption', 'reasons', 'keyInformation', 'conditions'];
const HARM_OPTIONS = HARM_ASSESSMENTS.map((value) => ({ value, text: HARM_ASSESSMENT_LABELS[value] }));

interface RecordViewFormProps {
  decision: DecisionResponse;
  /** The signed-in user's agency: the only one they can speak for. */
  agency: Agency;
  send: SendChange;
}

/**
 * "Record your agency's view" (DOMAIN.md §4.2): significant harm, the
 * recommended option, reasons (required), key information and conditions.
 * The agency is the user's own and cannot be chosen. While the decision is
 * open the agency can change its view; each change is kept in the history.
 * Test hook: `[data-testid=record-view-form]`.
 */
export function RecordViewForm({ decision, agency, send }: RecordViewFormProps) {
  const current = decision.currentViews.find((view) => view.agency === agency);
  const [harm, setHarm] = useState<HarmAssessment | ''>(current?.harm ?? '');
  const [recommendedOption, setRecommendedOption] = useState(current?.recommendedOption ?? '');
  const [reasons, setReasons] = useState(current?.reasons ?? '');
  const [keyInformation, setKeyInformation] = useState(current?.keyInformation ?? '');
  const [conditions, setConditions] = useState(current?.conditions ?? '');
  // Only as the view is first recorded: restricted from the start, it is never sent to anyone outside
  // its audience. A changed view keeps its flag (the flag buttons change it).
  const restriction = current ? undefined : ownRestriction(agency);
  const [restricted, setRestricted] = useState(false);
  const form = useFormSubmission();
  const prefix = `view-${decision.id}`;
  const ids = {
    harm: `${prefix}-harm`,
    recommendedOption: `${prefix}-option`,
    reasons: `${prefix}-reasons`,
    keyInformation: `${prefix}-key-information`,
    conditions: `${prefix}-conditions`,
    restriction: `${prefix}-restriction`,
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = {
      meetingId: decision.meetingId,
      decisionId: decision.id,
      harm: harm as HarmAssessment,
      recommendedOption,
      reasons,
      keyInformation,
      conditions,
      ...(restriction && restricted ? { restriction } : {}),
    };
    // The schema's message for an empty option is about its format; say what to do instead.
    const extra: FieldErrors = recommendedOption
      ? {}
      : { recommendedOption: 'Select the option your agency recommends' };
    if (!validateChange(form, RecordViewRequestSchema, payload, extra)) return;
    await form.send(async () => {
      unwrapAck(await send('view:record', payload));
      setRestricted(false);
      form.clearErrors();
    });
  }

  const summary = toSummary(form.errors, FIELD_ORDER, (path) => (ids as Record<string, string>)[path], ids.harm);
  const agencyName = AGENCY_LABELS[agency];

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="record-view-form">
      <h4 className="govuk-heading-s">{current ? 'Change your agency’s view' : 'Record your agency’s view'}</h4>
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <p className="govuk-body">
        You are giving the view of <strong data-testid="view-agency">{agencyName}</strong>, your agency.
        {current && ` ${current.recordedBy.displayName} last recorded it; a change is kept in the history.`}
      </p>
      <RadiosField
        id={ids.harm}
        legend="Is there reasonable cause to suspect that the child is suffering, or is likely to suffer, significant harm?"
        value={harm}
        options={HARM_OPTIONS}
        onChange={setHarm}
        error={form.errors.harm}
        inline
      />
      <RadiosField
        id={ids.recommendedOption}
        legend="Which option does your agency recommend?"
        value={recommendedOption}
        options={decision.options.map((option) => ({
          value: option.key,
          text: option.label,
          hint: option.description,
        }))}
        onChange={setRecommendedOption}
        error={form.errors.recommendedOption}
        small
      />
      <TextareaField
        id={ids.reasons}
        name="reasons"
        label="Reasons for your agency’s view"
        hint={`Separate fact from professional opinion. Up to ${LIMITS.reasonsMaxLength} characters.`}
        value={reasons}
        onChange={setReasons}
        error={form.errors.reasons}
        labelClass="govuk-label--s"
      />
      <TextareaField
        id={ids.keyInformation}
        name="keyInformation"
        label="Key information relied on (optional)"
        value={keyInformation}
        onChange={setKeyInformation}
        error={form.errors.keyInformation}
        rows={3}
        labelClass="govuk-label--s"
      />
      <TextareaField
        id={ids.conditions}
        name="conditions"
        label="Conditions (optional)"
        hint="For example, a view that depends on a medical taking place today."
        value={conditions}
        onChange={setConditions}
        error={form.errors.conditions}
        rows={3}
        labelClass="govuk-label--s"
      />
      {!current && (
        <RestrictAsRecordedField
          id={ids.restriction}
          entry="this view"
          agency={agency}
          restricted={restricted}
          onChange={setRestricted}
        />
      )}
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        {current ? 'Change your agency’s view' : 'Record your agency’s view'}
      </button>
    </form>
  );
}
