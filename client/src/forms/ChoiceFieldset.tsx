import type { ReactNode } from 'react';
import { describedBy, ErrorMessage } from './ErrorMessage';

interface ChoiceFieldsetProps {
  id: string;
  legend: string;
  error?: string;
  hint?: string;
  legendClass?: string;
  children: ReactNode;
}

/**
 * GOV.UK form group with a fieldset, legend, hint and inline error: the frame
 * of a group of radios or checkboxes. The fieldset points at the hint and the
 * error, so they are read with the legend.
 */
export function ChoiceFieldset({ id, legend, error, hint, legendClass, children }: ChoiceFieldsetProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(hintId, errorId)}>
        <legend className={`govuk-fieldset__legend ${legendClass ?? 'govuk-fieldset__legend--s'}`}>{legend}</legend>
        {hint && (
          <div id={hintId} className="govuk-hint">
            {hint}
          </div>
        )}
        {error && errorId && <ErrorMessage id={errorId} message={error} />}
        {children}
      </fieldset>
    </div>
  );
}

/** The id of the n-th input of a group: the first has the group's id, so the error summary can link to it. */
export function choiceId(groupId: string, index: number): string {
  return index === 0 ? groupId : `${groupId}-${index + 1}`;
}
