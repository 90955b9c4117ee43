import { AGENCY_LABELS } from '@roundtable/shared/constants';
import {
  LAWFUL_BASIS_LABELS,
  type LawfulBasis,
  RecordSharingDecisionRequestSchema,
  type SharingDecisionResponse,
  type SharingOutcome,
} from '@roundtable/shared/need-to-know';
import { useRef, useState, type FormEvent } from 'react';
import { formatDateTime } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';
import { LawfulBasisAndReasonFields } from './LawfulBasisAndReasonFields';

const OUTCOME_CHOICES: { value: SharingOutcome; text: string }[] = [
  { value: 'shared', text: 'Shared' },
  { value: 'refused', text: 'Refused to share' },
];

interface SharingDecisionsProps {
  meetingId: string;
  decisions: readonly SharingDecisionResponse[];
  /** Not an observer: may record a decision. */
  canRecord: boolean;
  send: SendChange;
}

/**
 * Information-sharing decisions (DOMAIN.md §6, golden rule 7): the reasons
 * for every decision to share or not, recorded with who made it, and the list
 * of those this reader receives (the server sends each reader only theirs).
 * Test hooks: `#sharing-decisions`, `[data-testid=sharing-decision][data-outcome]`,
 * `[data-testid=sharing-decision-form]`.
 */
export function SharingDecisions({ meetingId, decisions, canRecord, send }: SharingDecisionsProps) {
  const [recording, setRecording] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setRecording(false);
    setTimeout(() => button.current?.focus());
  };
  return (
    <section aria-labelledby="sharing-decisions-heading" id="sharing-decisions">
      <h2 className="govuk-heading-m" id="sharing-decisions-heading">
        Information-sharing decisions
      </h2>
      <p className="govuk-body">
        Record the reasons for every decision to share information, or not to share it, and the lawful basis. Sharing
        restricted information more widely is recorded here too.
      </p>
      {canRecord &&
        (recording ? (
          <SharingDecisionForm meetingId={meetingId} send={send} onDone={close} onCancel={close} />
        ) : (
          <button
            type="button"
            ref={button}
            className="govuk-button govuk-button--secondary"
            onClick={() => setRecording(true)}
          >
            Record a sharing decision
          </button>
        ))}
      {decisions.length === 0 ? (
        <p className="govuk-body">No information-sharing decisions recorded yet.</p>
      ) : (
        decisions.map((decision) => <SharingDecisionCard key={decision.id} decision={decision} />)
      )}
    </section>
  );
}

function SharingDecisionCard({ decision }: { decision: SharingDecisionResponse }) {
  const by = decision.decidedBy;
  return (
    <div className="govuk-summary-card" data-testid="sharing-decision" data-outcome={decision.outcome}>
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title">
          {decision.outcome === 'shared' ? 'Shared' : 'Refused to share'}:{' '}
          <span className="rt-preserve-lines">{decision.what}</span>
        </h3>
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{decision.outcome === 'shared' ? 'Shared with' : 'Refused to'}</dt>
            <dd className="govuk-summary-list__value">{decision.withWhom}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Lawful basis</dt>
            <dd className="govuk-summary-list__value">{LAWFUL_BASIS_LABELS[decision.lawfulBasis]}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Reason</dt>
            <dd className="govuk-summary-list__value rt-preserve-lines">{decision.reason}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Decided by</dt>
            <dd className="govuk-summary-list__value">
              {by.displayName} ({by.organisation ?? AGENCY_LABELS[by.agency]}),{' '}
              <time dateTime={decision.decidedAt}>{formatDateTime(decision.decidedAt)}</time>
            </dd>
          </div>
        </dl>
      </div>
    </div>
  );
}

interface SharingDecisionFormProps {
  meetingId: string;
  send: SendChange;
  onDone: () => void;
  onCancel: () => void;
}

/** `sharing-decision:record`: what, with whom, shared or refused, the lawful basis and the reason. */
export function SharingDecisionForm({ meetingId, send, onDone, onCancel }: SharingDecisionFormProps) {
  const [outcome, setOutcome] = useState<SharingOutcome | ''>('');
  const [what, setWhat] = useState('');
  const [withWhom, setWithWhom] = useState('');
  const [lawfulBasis, setLawfulBasis] = useState<LawfulBasis | ''>('');
  const [reason, setReason] = useState('');
  const form = useFormSubmission();
  const ids: Record<string, string> = {
    outcome: 'sharing-decision-outcome',
    what: 'sharing-decision-what',
    withWhom: 'sharing-decision-with-whom',
    lawfulBasis: 'sharing-decision-lawful-basis',
    reason: 'sharing-decision-reason',
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { meetingId, outcome, what, withWhom, lawfulBasis, reason };
    if (!validateChange(form, RecordSharingDecisionRequestSchema, payload) || outcome === '' || lawfulBasis === '')
      return;
    await form.send(async () => {
      unwrapAck(await send('sharing-decision:record', { ...payload, outcome, lawfulBasis }));
      onDone();
    });
  }

  const summary = toSummary(
    form.errors,
    ['outcome', 'what', 'withWhom', 'lawfulBasis', 'reason'],
    (path) => ids[path],
    ids.outcome!,
  );
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="sharing-decision-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <RadiosField
        id={ids.outcome!}
        legend="Was the information shared?"
        value={outcome}
        options={OUTCOME_CHOICES}
        onChange={setOutcome}
        error={form.errors.outcome}
        inline
        small
      />
      <TextareaField
        id={ids.what!}
        name="what"
        label="What information?"
        value={what}
        onChange={setWhat}
        error={form.errors.what}
        rows={2}
        labelClass="govuk-label--s"
      />
      <TextField
        id={ids.withWhom!}
        name="withWhom"
        label={outcome === 'refused' ? 'Who was it not shared with?' : 'Who was it shared with?'}
        hint="An agency, a service or a person, for example “Testshire Housing”"
        value={withWhom}
        onChange={setWithWhom}
        error={form.errors.withWhom}
        labelClass="govuk-label--s"
      />
      <LawfulBasisAndReasonFields
        ids={{ lawfulBasis: ids.lawfulBasis!, reason: ids.reason! }}
        lawfulBasis={lawfulBasis}
        onLawfulBasisChange={setLawfulBasis}
        reason={reason}
        onReasonChange={setReason}
        errors={form.errors}
        basisLegend="Lawful basis"
        basisHint="Consent is usually not the right basis for safeguarding."
        reasonLabel={outcome === 'refused' ? 'Why was it not shared?' : 'Why was it shared?'}
        reasonLabelClass="govuk-label--s"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          Record decision
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
