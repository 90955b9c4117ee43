import { describedBy, ErrorMessage } from '../forms/ErrorMessage';
import { childFieldId, type ChildDraft } from './childDraft';

interface ChildFieldsProps {
  index: number;
  child: ChildDraft;
  nameError?: string;
  dobError?: string;
  onChange: (child: ChildDraft) => void;
  onRemove?: () => void;
}

/** Name and optional date of birth (GOV.UK date input) for one child. */
export function ChildFields({ index, child, nameError, dobError, onChange, onRemove }: ChildFieldsProps) {
  const number = index + 1;
  const nameId = childFieldId.name(index);
  const dobHintId = `children-${index}-dob-hint`;
  const dobErrorId = dobError ? `children-${index}-dob-error` : undefined;
  const nameErrorId = nameError ? `${nameId}-error` : undefined;
  const datePart = (part: 'day' | 'month' | 'year', id: string, label: string, width: string) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={id}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input ${width}${dobError ? ' govuk-input--error' : ''}`}
          id={id}
          name={`children[${index}][dob-${part}]`}
          type="text"
          inputMode="numeric"
          value={child[part]}
          onChange={(event) => onChange({ ...child, [part]: event.target.value })}
        />
      </div>
    </div>
  );

  return (
    <div className="rt-child" data-child-index={index}>
      <h3 className="govuk-heading-s">Child {number}</h3>
      <div className={`govuk-form-group${nameError ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label" htmlFor={nameId}>
          Full name<span className="govuk-visually-hidden"> of child {number}</span>
        </label>
        {nameError && nameErrorId && <ErrorMessage id={nameErrorId} message={nameError} />}
        <input
          className={`govuk-input govuk-!-width-two-thirds${nameError ? ' govuk-input--error' : ''}`}
          id={nameId}
          name={`children[${index}][name]`}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={child.name}
          onChange={(event) => onChange({ ...child, name: event.target.value })}
          aria-describedby={describedBy(nameErrorId)}
          aria-invalid={nameError ? true : undefined}
        />
      </div>
      <div className={`govuk-form-group${dobError ? ' govuk-form-group--error' : ''}`}>
        <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy(dobHintId, dobErrorId)}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            Date of birth<span className="govuk-visually-hidden"> of child {number}</span> (optional)
          </legend>
          <div id={dobHintId} className="govuk-hint">
            For example, 27 3 2021. Leave blank if it is not known or the child is unborn.
          </div>
          {dobError && dobErrorId && <ErrorMessage id={dobErrorId} message={dobError} />}
          <div className="govuk-date-input">
            {datePart('day', childFieldId.dobDay(index), 'Day', 'govuk-input--width-2')}
            {datePart('month', childFieldId.dobMonth(index), 'Month', 'govuk-input--width-2')}
            {datePart('year', childFieldId.dobYear(index), 'Year', 'govuk-input--width-4')}
          </div>
        </fieldset>
      </div>
      {onRemove && (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onRemove}>
          Remove<span className="govuk-visually-hidden"> child {number}</span>
        </button>
      )}
    </div>
  );
}
