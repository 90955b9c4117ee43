import { RecordHistoryQuerySchema, type RecordHistoryResponse } from '@roundtable/shared/audit';
import { LIMITS } from '@roundtable/shared/constants';
import { useState, type FormEvent } from 'react';
import { api, isApiError } from '../api';
import { londonLocalToIso } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary, type FieldErrors } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import { describeError, useFormSubmission } from '../forms/useFormSubmission';
import { WarningText } from '../forms/WarningText';

const FIELD_IDS: Record<string, string> = { reason: 'history-reason', at: 'history-at' };

interface RecordHistoryFormProps {
  meetingId: string;
  onLoaded: (record: RecordHistoryResponse) => void;
  onErrorsChange: (hasErrors: boolean) => void;
}

/**
 * Reading a record's content is justified and logged (DOMAIN.md §7): the reason
 * is required and kept in the audit trail with the reading. The time is
 * optional (now when empty). Test hook: `[data-testid=record-history-form]`.
 */
export function RecordHistoryForm({ meetingId, onLoaded, onErrorsChange }: RecordHistoryFormProps) {
  const [reason, setReason] = useState('');
  const [at, setAt] = useState('');
  const { errors, generalError, attempt, submitting, validate, send, clearErrors } = useFormSubmission({
    onFail: () => onErrorsChange(true),
  });

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const atIso = at === '' ? undefined : londonLocalToIso(at);
    const extra: FieldErrors = atIso === null ? { at: 'Enter a real date and time' } : {};
    const query = validate(RecordHistoryQuerySchema, { reason, at: atIso ?? undefined }, extra);
    if (query === undefined) return;
    await send(
      async () => {
        const record = await api.audit.recordHistory(meetingId, query);
        clearErrors();
        onErrorsChange(false);
        onLoaded(record);
      },
      (error) =>
        isApiError(error, 'MeetingNotFound')
          ? { fields: {}, description: 'This strategy discussion does not exist. Go back to the audit trail.' }
          : describeError(error),
    );
  }

  const summary = toSummary(errors, ['reason', 'at'], (path) => FIELD_IDS[path], 'history-reason');
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="record-history-form">
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <WarningText>
        Reading the record is recorded in the audit trail, with your name, the time and the reason you give here.
      </WarningText>
      <TextareaField
        id="history-reason"
        name="reason"
        label="Why do you need to read this record?"
        labelClass="govuk-label--s"
        hint={`For example, the multi-agency case audit you are carrying out. At most ${LIMITS.auditReasonMaxLength} characters.`}
        value={reason}
        onChange={setReason}
        error={errors.reason}
        rows={3}
      />
      <TextField
        id="history-at"
        name="at"
        type="datetime-local"
        label="Show the record as it was at (UK time, optional)"
        labelClass="govuk-label--s"
        hint="Leave empty to see it as it is now."
        value={at}
        onChange={setAt}
        error={errors.at}
      />
      <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
        Read the record
      </button>
    </form>
  );
}
