import { useEffect, useRef, type MouseEvent } from 'react';
import type { SummaryError } from './fieldErrors';

interface ErrorSummaryProps {
  errors: readonly SummaryError[];
  /** A problem that is not about one field (e.g. 403 Forbidden), shown above the list. */
  description?: string;
  /** Changes on every failed submission so focus moves to the summary again. */
  attempt: number;
}

/** Moves focus to a field and scrolls its label (or legend) into view, as GOV.UK Frontend does. */
function focusField(event: MouseEvent<HTMLAnchorElement>, fieldId: string) {
  const input = document.getElementById(fieldId);
  if (!input) return;
  event.preventDefault();
  const legend = input.closest('fieldset')?.querySelector('legend');
  const label = document.querySelector(`label[for="${CSS.escape(fieldId)}"]`);
  (legend ?? label ?? input).scrollIntoView();
  input.focus({ preventScroll: true });
}

/** GOV.UK error summary: shown at the top of a form, focused after each failed submission. */
export function ErrorSummary({ errors, description, attempt }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Focus only when a submission failed (attempt changed), not on every edit.
    if (attempt > 0) ref.current?.focus();
  }, [attempt]);

  if (errors.length === 0 && !description) return null;
  return (
    <div className="govuk-error-summary rt-focus-target" ref={ref} tabIndex={-1} data-testid="error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          {description && <p className="govuk-body">{description}</p>}
          {errors.length > 0 && (
            <ul className="govuk-list govuk-error-summary__list">
              {errors.map((error) => (
                <li key={`${error.fieldId}:${error.message}`}>
                  <a href={`#${error.fieldId}`} onClick={(event) => focusField(event, error.fieldId)}>
                    {error.message}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
