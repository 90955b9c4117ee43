import { useEffect, useRef, useState } from 'react';
import { ChoiceFieldset } from '../forms/ChoiceFieldset';
import { AUDIT_EVENT_GROUPS, AUDIT_EVENT_LABELS } from './auditLabels';

const FIRST_TYPE = AUDIT_EVENT_GROUPS[0]?.types[0];

interface EventTypeCheckboxesProps {
  /** The first checkbox's id (the error summary links to it). */
  id: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  error?: string;
}

/**
 * GOV.UK small checkboxes, one per event type, in the areas docs/AUDIT.md uses,
 * inside a details component so the form stays short. It is open when a type is
 * chosen or in error. All share the name `type`, as the API's repeated parameter.
 */
export function EventTypeCheckboxes({ id, values, onChange, error }: EventTypeCheckboxesProps) {
  const chosen = new Set(values);
  // Set once: afterwards the user opens and closes it (the form is new for each filtered view).
  const [initiallyOpen] = useState(values.length > 0);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // An error arrives after the server answered: show the field it is about.
    if (error && details.current) details.current.open = true;
  }, [error]);
  const summary = values.length === 0 ? 'Event type: any' : `Event type: ${values.length} chosen`;

  function toggle(type: string, checked: boolean) {
    const next = new Set(chosen);
    if (checked) next.add(type);
    else next.delete(type);
    onChange(AUDIT_EVENT_GROUPS.flatMap((group) => group.types).filter((t) => next.has(t)));
  }

  return (
    <details className="govuk-details" open={initiallyOpen} ref={details}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">
        <ChoiceFieldset id={id} legend="Event type" hint="Choose none to see every type." error={error}>
          {AUDIT_EVENT_GROUPS.map((group, groupIndex) => {
            const headingId = `${id}-group-${groupIndex}`;
            return (
              <div key={group.title} role="group" aria-labelledby={headingId} className="govuk-!-margin-bottom-4">
                <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1" id={headingId}>
                  {group.title}
                </p>
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  {group.types.map((type) => {
                    const inputId = type === FIRST_TYPE ? id : `${id}-${type.replaceAll('.', '-')}`;
                    return (
                      <div className="govuk-checkboxes__item" key={type}>
                        <input
                          className="govuk-checkboxes__input"
                          id={inputId}
                          name="type"
                          type="checkbox"
                          value={type}
                          checked={chosen.has(type)}
                          onChange={(event) => toggle(type, event.target.checked)}
                        />
                        <label className="govuk-label govuk-checkboxes__label" htmlFor={inputId}>
                          {AUDIT_EVENT_LABELS[type]} <span className="rt-event-code">({type})</span>
                        </label>
                      </div>
                    );
                  })}
                </div>
              </div>
            );
          })}
        </ChoiceFieldset>
      </div>
    </details>
  );
}
