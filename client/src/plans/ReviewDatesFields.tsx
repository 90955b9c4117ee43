import { PATHWAY_LIMITS } from '@roundtable/shared/pathway';
import type { FieldErrors } from '../forms/fieldErrors';
import { DateInputField, type DateParts } from '../forms/DateInputField';
import { planFieldIds } from './planDraft';

interface ReviewDatesFieldsProps {
  idPrefix: string;
  dates: readonly { key: string; date: DateParts }[];
  errors: FieldErrors;
  /** `focusId`: where focus goes after the change (the "Add" button after a removal). */
  onChange: (dates: { key: string; date: DateParts }[], focusId?: string) => void;
  onAdd: () => void;
}

/** The plan's review points: any number of dates, each one a GOV.UK date input. */
export function ReviewDatesFields({ idPrefix, dates, errors, onChange, onAdd }: ReviewDatesFieldsProps) {
  const ids = planFieldIds(idPrefix);
  const listError = errors['content.reviewDates'];
  return (
    <div className="govuk-form-group">
      <h4 className="govuk-heading-m">Review dates</h4>
      {dates.length === 0 && <p className="govuk-body">No review dates set.</p>}
      {listError && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {listError}
        </p>
      )}
      {dates.map((review, r) => (
        <div key={review.key}>
          <DateInputField
            id={ids.reviewDate(r)}
            legend={`Review date ${r + 1}`}
            hint="For example, 27 3 2026."
            value={review.date}
            onChange={(date) => onChange(dates.map((d, i) => (i === r ? { ...d, date } : d)))}
            error={errors[`content.reviewDates.${r}`]}
          />
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() =>
              onChange(
                dates.filter((_, i) => i !== r),
                ids.addReviewDate,
              )
            }
          >
            Remove<span className="govuk-visually-hidden"> review date {r + 1}</span>
          </button>
        </div>
      ))}
      {dates.length < PATHWAY_LIMITS.reviewDatesMax && (
        <button type="button" className="govuk-button govuk-button--secondary" id={ids.addReviewDate} onClick={onAdd}>
          Add a review date
        </button>
      )}
    </div>
  );
}
