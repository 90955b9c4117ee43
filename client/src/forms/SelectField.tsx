import { describedBy, ErrorMessage } from './ErrorMessage';

interface SelectFieldProps<T extends string> {
  id: string;
  name: string;
  label: string;
  value: T;
  options: readonly { value: T; text: string }[];
  onChange: (value: T) => void;
  error?: string;
  hint?: string;
  labelClass?: string;
}

/** GOV.UK select with label, hint and inline error. */
export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const { id, error, hint } = props;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className={`govuk-label ${props.labelClass ?? ''}`.trim()} htmlFor={id}>
        {props.label}
      </label>
      {hint && (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && errorId && <ErrorMessage id={errorId} message={error} />}
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={props.name}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
        aria-describedby={describedBy(hintId, errorId)}
        aria-invalid={error ? true : undefined}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
    </div>
  );
}
