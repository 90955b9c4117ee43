import { WithdrawSupportItemRequestSchema, type FgdmState, type SupportItem } from '@roundtable/shared/fgdm';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { fgdmApi } from './fgdmApi';

interface WithdrawSupportFormProps {
  meetingId: string;
  item: SupportItem;
  onWithdrawn: (state: FgdmState) => void;
  onCancel: () => void;
}

/** Withdraws one support item, saying why (it stays on record). Test hook: `[data-testid=withdraw-support-form]`. */
export function WithdrawSupportForm({ meetingId, item, onWithdrawn, onCancel }: WithdrawSupportFormProps) {
  const [reason, setReason] = useState('');
  const form = useFormSubmission();
  const id = `withdraw-${item.id}-reason`;
  const fieldRef = useRef<HTMLFormElement>(null);
  useEffect(() => fieldRef.current?.querySelector('textarea')?.focus(), []);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const valid = form.validate(WithdrawSupportItemRequestSchema, { reason });
    if (!valid) return;
    form.clearErrors();
    await form.send(async () => onWithdrawn(await fgdmApi.withdrawSupportItem(meetingId, item.id, valid)));
  }

  return (
    <form ref={fieldRef} noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="withdraw-support-form">
      <ErrorSummary
        errors={toSummary(form.errors, ['reason'], () => id, id)}
        description={form.generalError}
        attempt={form.attempt}
      />
      <TextareaField
        id={id}
        name="reason"
        label={`Why is the support for ${item.who} withdrawn?`}
        value={reason}
        onChange={setReason}
        error={form.errors.reason}
        rows={2}
        labelClass="govuk-label--s"
      />
      <div className="govuk-button-group govuk-!-margin-bottom-0">
        <button type="submit" className="govuk-button govuk-button--warning" disabled={form.submitting}>
          Withdraw the support
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
