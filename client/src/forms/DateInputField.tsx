import type { ReactNode } from 'react';
import { describedBy, ErrorMessage } from '../forms/ErrorMessage';

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** The day input's id: where an error summary link for the whole date lands. */
export const dateDayId = (id: string) => `${id}-day`;

/** "2017-05-04" as the three parts of a GOV.UK date input; empty for anything else. */
export function toDateParts(isoDate: string | null): DateParts {
  const match = isoDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate) : null;
  if (!match) return EMPTY_DATE;
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? '' };
}

interface DateInputFieldProps {
  /** Prefix of the three inputs' ids (`<id>-day`, `-month`, `-year`); the error summary links to `<id>-day`. */
  id: string;
  legend: ReactNode;
  hint?: string;
  value: DateParts;
  onChange: (value: DateParts) => void;
  error?: string;
}

/** GOV.UK date input: day, month and year in a fieldset, with hint and inline error. */
export function DateInputField({ id, legend, hint, value, onChange, error }: DateInputFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
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
        {hint && (
          <div id={hintId} className="govuk-hint">
            {hint}
          </div>
        )}
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
