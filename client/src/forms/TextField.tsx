import type { HTMLInputTypeAttribute } from 'react';
import { describedBy, ErrorMessage } from './ErrorMessage';

interface TextFieldProps {
  id: string;
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  type?: HTMLInputTypeAttribute;
  autoComplete?: string;
  spellCheck?: boolean;
  inputMode?: 'text' | 'email' | 'numeric';
  /** e.g. 'govuk-input--width-20' */
  widthClass?: string;
  labelClass?: string;
}

/** GOV.UK text input with label, hint and inline error. */
export function TextField(props: TextFieldProps) {
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
      <input
        className={['govuk-input', props.widthClass, error && 'govuk-input--error'].filter(Boolean).join(' ')}
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        autoComplete={props.autoComplete}
        spellCheck={props.spellCheck}
        inputMode={props.inputMode}
        aria-describedby={describedBy(hintId, errorId)}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}
