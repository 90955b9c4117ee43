import { UpdateMeetingRequestSchema, type MeetingDetail, type UpdateMeetingRequest } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { isoToLondonLocal, londonLocalToIso } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { useFormSubmission } from '../forms/useFormSubmission';
import { MeetingDetailsFields, type MeetingDetailsValues } from '../meetings/MeetingDetailsFields';

const FIELD_IDS: Record<string, string> = {
  reason: 'edit-reason',
  scheduledAt: 'edit-scheduledAt',
  format: 'edit-format',
};

interface EditMeetingFormProps {
  meeting: MeetingDetail;
  onSaved: (detail: MeetingDetail) => void;
  onCancel: () => void;
}

/** Chair only: change the reason, date and time, or format. Sends only what changed. */
export function EditMeetingForm({ meeting, onSaved, onCancel }: EditMeetingFormProps) {
  const [details, setDetails] = useState<MeetingDetailsValues>(() => ({
    reason: meeting.reason,
    scheduledAt: isoToLondonLocal(meeting.scheduledAt),
    format: meeting.format,
  }));
  const { reason, scheduledAt, format } = details;
  const { errors, generalError, attempt, submitting: saving, fail, validate, send } = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes: UpdateMeetingRequest = {};
    if (reason !== meeting.reason) changes.reason = reason;
    if (format !== meeting.format) changes.format = format;
    if (scheduledAt !== isoToLondonLocal(meeting.scheduledAt)) {
      const iso = londonLocalToIso(scheduledAt);
      if (!iso) return fail({ scheduledAt: 'Enter the date and time of the strategy discussion' });
      changes.scheduledAt = iso;
    }
    if (Object.keys(changes).length === 0) return onCancel();
    const parsed = validate(UpdateMeetingRequestSchema, changes);
    if (parsed === undefined) return;

    await send(async () => onSaved(await api.meetings.update(meeting.id, parsed)));
  }

  const summary = toSummary(errors, ['reason', 'scheduledAt', 'format'], (path) => FIELD_IDS[path], 'edit-reason');

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="edit-meeting-form">
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <MeetingDetailsFields
        idPrefix="edit-"
        values={details}
        onChange={(change) => setDetails((previous) => ({ ...previous, ...change }))}
        errors={errors}
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={saving}>
          Save changes
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
