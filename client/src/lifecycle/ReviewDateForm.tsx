import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useState } from 'react';
import { api } from '../api';
import { parseDateInput } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { useFormSubmission } from '../forms/useFormSubmission';

function partsOf(date: string | null) {
  const [year = '', month = '', day = ''] = (date ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}

/** The chair sets or clears the review date (GOV.UK date input). Test hook: `#review-date-form`. */
export function ReviewDateForm({
  meeting,
  onMeetingChange,
}: {
  meeting: MeetingDetail;
  onMeetingChange: (detail: MeetingDetail) => void;
}) {
  const [parts, setParts] = useState(() => partsOf(meeting.reviewDate));
  const form = useFormSubmission();
  const error = form.errors.reviewDate;

  async function save(clear: boolean) {
    let reviewDate: string | null = null;
    if (!clear) {
      const parsed = parseDateInput(parts, 'Review date');
      if (parsed.error || !parsed.value) return form.fail({ reviewDate: parsed.error ?? 'Enter the review date' });
      reviewDate = parsed.value;
    }
    await form.send(async () => {
      onMeetingChange(await api.meetings.setReviewDate(meeting.id, { reviewDate }));
      if (clear) setParts(partsOf(null));
      form.clearErrors();
    });
  }

  const input = (key: 'day' | 'month' | 'year', label: string, width: string) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={`review-date-${key}`}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input ${width}${error ? ' govuk-input--error' : ''}`}
          id={`review-date-${key}`}
          name={`reviewDate-${key}`}
          type="text"
          inputMode="numeric"
          value={parts[key]}
          onChange={(event) => setParts((p) => ({ ...p, [key]: event.target.value }))}
        />
      </div>
    </div>
  );

  return (
    <form
      id="review-date-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save(false);
      }}
    >
      <ErrorSummary
        errors={error ? [{ fieldId: 'review-date-day', message: error }] : []}
        description={form.generalError}
        attempt={form.attempt}
      />
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <fieldset
          className="govuk-fieldset"
          role="group"
          aria-describedby={`review-date-hint${error ? ' review-date-error' : ''}`}
        >
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Review date</legend>
          <div className="govuk-hint" id="review-date-hint">
            When the next review strategy discussion is due. For example, 5 3 2026.
          </div>
          {error && (
            <p className="govuk-error-message" id="review-date-error">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <div className="govuk-date-input">
            {input('day', 'Day', 'govuk-input--width-2')}
            {input('month', 'Month', 'govuk-input--width-2')}
            {input('year', 'Year', 'govuk-input--width-4')}
          </div>
        </fieldset>
      </div>
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button govuk-button--secondary" disabled={form.submitting}>
          Save review date
        </button>
        {meeting.reviewDate && (
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void save(true)}>
            Clear review date
          </button>
        )}
      </div>
    </form>
  );
}
