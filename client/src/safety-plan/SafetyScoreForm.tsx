import { AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import {
  RecordSafetyScoreRequestSchema,
  SAFETY_SCALE_ANCHORS,
  SAFETY_SCALE_MAX,
  SAFETY_SCALE_MIN,
  type SafetyPlanScoresResponse,
} from '@roundtable/shared/safety-plan';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';

const FIELD_ORDER = ['score', 'note'];
const IDS = { score: 'safety-score', note: 'safety-score-note' };

interface SafetyScoreFormProps {
  meetingId: string;
  /** The signed-in user's agency: the only one they can score for. */
  agency: Agency;
  scores: SafetyPlanScoresResponse;
  onRecorded: (scores: SafetyPlanScoresResponse) => void;
}

/** Parses the typed score; anything but a whole number is left for the schema to refuse. */
function parseScore(value: string): unknown {
  const trimmed = value.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed === '' ? undefined : Number.NaN;
}

/**
 * "Record your agency's score" on the Signs of Safety scale, with an optional
 * note. The agency is the user's own and cannot be chosen. Test hook:
 * `[data-testid=safety-score-form]`.
 */
export function SafetyScoreForm({ meetingId, agency, scores, onRecorded }: SafetyScoreFormProps) {
  const current = scores.current.find((s) => s.agency === agency);
  const [score, setScore] = useState(current ? String(current.score) : '');
  const [note, setNote] = useState(current?.note ?? '');
  const [saved, setSaved] = useState(false);
  const form = useFormSubmission({ onFail: () => setSaved(false) });
  const agencyName = AGENCY_LABELS[agency];

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const body = form.validate(RecordSafetyScoreRequestSchema, { score: parseScore(score), note });
    if (!body) return;
    await form.send(async () => {
      onRecorded(await api.meetings.safetyScores.record(meetingId, { score: body.score, note: body.note }));
      form.clearErrors();
      setSaved(true);
    });
  }

  const summary = toSummary(form.errors, FIELD_ORDER, (path) => (IDS as Record<string, string>)[path], IDS.score);
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="safety-score-form">
      <h4 className="govuk-heading-s">{current ? `Change ${agencyName}’s score` : `Record ${agencyName}’s score`}</h4>
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <TextField
        id={IDS.score}
        name="score"
        label={`${agencyName}’s score, from ${SAFETY_SCALE_MIN} to ${SAFETY_SCALE_MAX}`}
        hint={`${SAFETY_SCALE_MIN} means ${SAFETY_SCALE_ANCHORS.min}; ${SAFETY_SCALE_MAX} means ${SAFETY_SCALE_ANCHORS.max}.`}
        value={score}
        onChange={setScore}
        inputMode="numeric"
        widthClass="govuk-input--width-2"
        error={form.errors.score}
        spellCheck={false}
      />
      <TextareaField
        id={IDS.note}
        name="note"
        label="Note (optional)"
        hint="Why your agency chose this number."
        value={note}
        onChange={setNote}
        rows={3}
        error={form.errors.note}
      />
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        Record score
      </button>
      <p className="govuk-body" role="status" data-testid="safety-score-status">
        {saved ? `${agencyName}’s score is recorded.` : ''}
      </p>
    </form>
  );
}
