import { ShareReportRequestSchema, type AgencyReport } from '@roundtable/shared/pathway';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { useFormSubmission } from '../forms/useFormSubmission';
import { sharingFieldIds, SharingFields, sharingRequest, type SharedAnswer } from './SharingFields';

/** Changes whether the parents see one of the agency's reports. Test hook: `[data-testid=report-sharing-form]`. */
export function ReportSharingForm({
  report,
  onSaved,
  onCancel,
}: {
  report: AgencyReport;
  onSaved: (report: AgencyReport) => void;
  onCancel: () => void;
}) {
  const [shared, setShared] = useState<SharedAnswer>(report.sharedWithParents ? 'yes' : 'no');
  const [reason, setReason] = useState(report.notSharedReason);
  const form = useFormSubmission();
  const prefix = `report-${report.id}`;
  const ids = sharingFieldIds(prefix);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const valid = form.validate(ShareReportRequestSchema, sharingRequest(shared, reason));
    if (!valid) return;
    await form.send(async () => onSaved(await api.conferences.reports.share(report.meetingId, report.id, valid)));
  }

  const summary = toSummary(
    form.errors,
    ['sharedWithParents', 'notSharedReason'],
    (path) => (ids as Record<string, string>)[path],
    ids.sharedWithParents,
  );
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="report-sharing-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <SharingFields
        idPrefix={prefix}
        shared={shared}
        reason={reason}
        errors={form.errors}
        onShared={setShared}
        onReason={setReason}
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          Save<span className="govuk-visually-hidden"> who can see the report by {report.author.displayName}</span>
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
