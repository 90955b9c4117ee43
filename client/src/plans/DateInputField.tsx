import { describedBy, ErrorMessage } from '../forms/ErrorMessage';

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** The parts of a `YYYY-MM-DD` date, as a person types them ("4", "5", "2026"). */
export function datePartsOf(date: string | null | undefined): DateParts {
  const [year = '', month = '', day = ''] = (date ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}

/** The day input's id: where an error summary link for the whole date lands. */
export const dateDayId = (id: string) => `${id}-day`;

interface DateInputFieldProps {
  /** The inputs are `<id>-day`, `<id>-month` and `<id>-year`. */
  id: string;
  legend: string;
  value: DateParts;
  onChange: (value: DateParts) => void;
  hint?: string;
  error?: string;
}

/** GOV.UK date input (day, month, year), in a fieldset whose legend says which date it is. */
export function DateInputField({ id, legend, value, onChange, hint, error }: DateInputFieldProps) {
  const hintId = `${id}-hint`;
  const errorId = error ? `${id}-error` : undefined;
  const part = (key: keyof DateParts, label: string, width: string) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${key}`}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input ${width}${error ? ' govuk-input--error' : ''}`}
          id={`${id}-${key}`}
          name={`${id}-${key}`}
          type="text"
          inputMode="numeric"
          value={value[key]}
          onChange={(event) => onChange({ ...value, [key]: event.target.value })}
        />
      </div>
    </div>
  );
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy(hintId, errorId)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div id={hintId} className="govuk-hint">
          {hint ?? 'For example, 27 3 2026.'}
        </div>
        {error && errorId && <ErrorMessage id={errorId} message={error} />}
        <div className="govuk-date-input">
          {part('day', 'Day', 'govuk-input--width-2')}
          {part('month', 'Month', 'govuk-input--width-2')}
          {part('year', 'Year', 'govuk-input--width-4')}
        </div>
      </fieldset>
    </div>
  );
}
