import { LIMITS } from '@roundtable/shared/constants';
import { type AttendanceRegister, RecordApologyRequestSchema } from '@roundtable/shared/lifecycle';
import { canGiveApologies, canGiveApologiesForOthers } from '@roundtable/shared/permissions';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { useState } from 'react';
import { api } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';

const FIELD_IDS: Record<string, string> = { userId: 'apology-user', reason: 'apology-reason' };

/**
 * Apologies: a member sends their own; the chair records them for any member.
 * Test hooks: `#apology-form`, `#apology-user`, `#apology-reason`.
 */
export function ApologyForm({
  meeting,
  me,
  onRecorded,
}: {
  meeting: MeetingDetail;
  me: UserResponse;
  onRecorded: (register: AttendanceRegister) => void;
}) {
  const forOthers = canGiveApologiesForOthers(meeting.myRole);
  const [userId, setUserId] = useState(me.id);
  const [reason, setReason] = useState('');
  const form = useFormSubmission();

  async function submit() {
    const body = form.validate(RecordApologyRequestSchema, { userId, reason });
    if (!body) return;
    await form.send(async () => {
      onRecorded(await api.meetings.attendance.recordApology(meeting.id, body));
      setReason('');
      form.clearErrors();
    });
  }

  return (
    <form
      id="apology-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 className="govuk-heading-s">{forOthers ? 'Record apologies' : 'Send your apologies'}</h3>
      <ErrorSummary
        errors={toSummary(form.errors, ['userId', 'reason'], (path) => FIELD_IDS[path], 'apology-reason')}
        description={form.generalError}
        attempt={form.attempt}
      />
      {forOthers && (
        <SelectField
          id="apology-user"
          name="userId"
          label="Who sent apologies"
          value={userId}
          options={meeting.members
            .filter((m) => canGiveApologies(meeting.myRole, me.id, m.userId))
            .map((m) => ({ value: m.userId, text: `${m.displayName} (${m.jobTitle})` }))}
          onChange={setUserId}
          error={form.errors.userId}
          labelClass="govuk-label--s"
        />
      )}
      <TextareaField
        id="apology-reason"
        name="reason"
        label="Reason"
        hint={`For example, clinic commitments; written information sent in advance. Up to ${LIMITS.apologyReasonMaxLength} characters.`}
        value={reason}
        onChange={setReason}
        error={form.errors.reason}
        rows={2}
        labelClass="govuk-label--s"
      />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={form.submitting}>
        {forOthers ? 'Record apologies' : 'Send apologies'}
      </button>
    </form>
  );
}
