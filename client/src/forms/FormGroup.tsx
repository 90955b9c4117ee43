import type { ReactNode } from 'react';
import { describedBy, ErrorMessage } from './ErrorMessage';

/** The attributes a control needs so screen readers announce its hint and error. */
export interface FieldAria {
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

interface FormGroupProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  labelClass?: string;
  /** Renders the control; spread `aria` onto it so it points at the hint and error below. */
  children: (aria: FieldAria) => ReactNode;
}

/**
 * GOV.UK form group shared by the single-control fields: label, hint, inline error,
 * then the control. Keeping the hint/error ids here means every field composes
 * aria-describedby the same way.
 */
export function FormGroup({ id, label, error, hint, labelClass, children }: FormGroupProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className={`govuk-label ${labelClass ?? ''}`.trim()} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && errorId && <ErrorMessage id={errorId} message={error} />}
      {children({
        'aria-describedby': describedBy(hintId, errorId),
        'aria-invalid': error ? true : undefined,
      })}
    </div>
  );
}
