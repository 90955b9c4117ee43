import { AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import { PATHWAY_LIMITS, SubmitReportRequestSchema, type AgencyReport } from '@roundtable/shared/pathway';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { sharingFieldIds, SharingFields, sharingRequest, type SharedAnswer } from './SharingFields';

const FIELD_ORDER = ['text', 'sharedWithParents', 'notSharedReason'];

interface ReportFormProps {
  meetingId: string;
  agency: Agency;
  /** The signed-in user's report, if they sent one: sending again replaces it. */
  mine?: AgencyReport;
  onSaved: (report: AgencyReport) => void;
}

/**
 * Sends (or replaces) the signed-in user's report for their agency, and says
 * whether the parents may see it (DOMAIN-PATHWAY §1.4). Test hook:
 * `[data-testid=report-form]`.
 */
export function ReportForm({ meetingId, agency, mine, onSaved }: ReportFormProps) {
  const [text, setText] = useState(mine?.text ?? '');
  const [shared, setShared] = useState<SharedAnswer>(mine ? (mine.sharedWithParents ? 'yes' : 'no') : '');
  const [reason, setReason] = useState(mine?.notSharedReason ?? '');
  const [sent, setSent] = useState(false);
  const form = useFormSubmission();
  const ids = { text: 'report-text', ...sharingFieldIds('report') };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(false);
    const valid = form.validate(SubmitReportRequestSchema, { text, ...sharingRequest(shared, reason) });
    if (!valid) return;
    await form.send(async () => {
      onSaved(await api.conferences.reports.submit(meetingId, valid));
      form.clearErrors();
      setSent(true);
    });
  }

  const summary = toSummary(form.errors, FIELD_ORDER, (path) => (ids as Record<string, string>)[path], ids.text);
  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
      data-testid="report-form"
      aria-labelledby="report-form-heading"
    >
      <h3 className="govuk-heading-m" id="report-form-heading">
        {mine ? 'Replace your report' : 'Send your report'}
      </h3>
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      {sent && (
        <p className="govuk-body govuk-!-font-weight-bold" role="status">
          Your report has been sent.
        </p>
      )}
      <TextareaField
        id={ids.text}
        name="text"
        label={`Your report for ${AGENCY_LABELS[agency]}`}
        hint={[
          'What your agency knows about the child and family, your analysis and your recommendation.',
          mine && 'Sending it again replaces the report you sent.',
          `Up to ${PATHWAY_LIMITS.reportMaxLength.toLocaleString('en-GB')} characters.`,
        ]
          .filter(Boolean)
          .join(' ')}
        value={text}
        onChange={setText}
        error={form.errors.text}
        rows={10}
        labelClass="govuk-label--s"
      />
      <SharingFields
        idPrefix="report"
        shared={shared}
        reason={reason}
        errors={form.errors}
        onShared={setShared}
        onReason={setReason}
      />
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        {mine ? 'Replace the report' : 'Send the report'}
      </button>
    </form>
  );
}
