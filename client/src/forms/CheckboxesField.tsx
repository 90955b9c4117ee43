import { ChoiceFieldset, choiceId } from './ChoiceFieldset';
import type { Choice } from './RadiosField';

interface CheckboxesFieldProps<T extends string> {
  /** Also the checkboxes' `name`; the first checkbox gets this id. */
  id: string;
  legend: string;
  values: readonly T[];
  options: readonly Choice<T>[];
  onChange: (values: T[]) => void;
  error?: string;
  hint?: string;
  legendClass?: string;
  small?: boolean;
}

/** GOV.UK checkboxes in a fieldset. `onChange` gets the checked values in the options' order. */
export function CheckboxesField<T extends string>(props: CheckboxesFieldProps<T>) {
  const { id, options, values } = props;
  function toggle(value: T, checked: boolean) {
    const next = new Set(values);
    if (checked) next.add(value);
    else next.delete(value);
    props.onChange(options.map((option) => option.value).filter((v) => next.has(v)));
  }
  return (
    <ChoiceFieldset id={id} legend={props.legend} error={props.error} hint={props.hint} legendClass={props.legendClass}>
      <div className={`govuk-checkboxes${props.small ? ' govuk-checkboxes--small' : ''}`}>
        {options.map((option, index) => {
          const inputId = choiceId(id, index);
          const hintId = option.hint ? `${inputId}-item-hint` : undefined;
          return (
            <div className="govuk-checkboxes__item" key={option.value}>
              <input
                className="govuk-checkboxes__input"
                id={inputId}
                name={id}
                type="checkbox"
                value={option.value}
                checked={values.includes(option.value)}
                onChange={(event) => toggle(option.value, event.target.checked)}
                aria-describedby={hintId}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={inputId}>
                {option.text}
              </label>
              {option.hint && (
                <div id={hintId} className="govuk-hint govuk-checkboxes__hint">
                  {option.hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </ChoiceFieldset>
  );
}
