import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { londonLocalToIso } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';

/**
 * The chair convenes a review strategy discussion (DOMAIN.md §3.4): same
 * children and members, open actions carried over. Opens the new meeting.
 * Test hooks: `#review-form`, `#review-scheduledAt`.
 */
export function CreateReviewForm({ meeting, onCancel }: { meeting: MeetingDetail; onCancel: () => void }) {
  const navigate = useNavigate();
  const [scheduledAt, setScheduledAt] = useState('');
  const form = useFormSubmission();

  async function submit() {
    const iso = scheduledAt ? londonLocalToIso(scheduledAt) : undefined;
    if (iso === null) return form.fail({ scheduledAt: 'Enter a real date and time, like 5 March 2026 at 10am' });
    await form.send(async () => {
      const review = await api.meetings.createReview(meeting.id, iso ? { scheduledAt: iso } : {});
      void navigate(`/meetings/${review.id}`);
    });
  }

  return (
    <form
      id="review-form"
      noValidate
      className="rt-confirm govuk-!-margin-bottom-6"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2 className="govuk-heading-m">Convene a review strategy discussion</h2>
      <ErrorSummary
        errors={form.errors.scheduledAt ? [{ fieldId: 'review-scheduledAt', message: form.errors.scheduledAt }] : []}
        description={form.generalError}
        attempt={form.attempt}
      />
      <p className="govuk-body">
        The review gets the same children and members, and the open actions are carried over to it. This record keeps
        them as they are.
      </p>
      <TextField
        id="review-scheduledAt"
        name="scheduledAt"
        type="datetime-local"
        label="Date and time (optional)"
        hint="UK time. Leave empty to use 10am on the review date, or now if there is none."
        value={scheduledAt}
        onChange={setScheduledAt}
        error={form.errors.scheduledAt}
        labelClass="govuk-label--s"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          Convene the review
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
