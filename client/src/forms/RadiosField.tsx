import { ChoiceFieldset, choiceId } from './ChoiceFieldset';

export interface Choice<T extends string> {
  value: T;
  text: string;
  hint?: string;
}

interface RadiosFieldProps<T extends string> {
  /** Also the radios' `name`; the first radio gets this id. */
  id: string;
  legend: string;
  value: T | '';
  options: readonly Choice<T>[];
  onChange: (value: T) => void;
  error?: string;
  hint?: string;
  legendClass?: string;
  inline?: boolean;
  small?: boolean;
}

/** GOV.UK radios in a fieldset with legend, hint, inline error and an optional hint per option. */
export function RadiosField<T extends string>(props: RadiosFieldProps<T>) {
  const { id, options } = props;
  const classes = ['govuk-radios', props.inline && 'govuk-radios--inline', props.small && 'govuk-radios--small'];
  return (
    <ChoiceFieldset id={id} legend={props.legend} error={props.error} hint={props.hint} legendClass={props.legendClass}>
      <div className={classes.filter(Boolean).join(' ')}>
        {options.map((option, index) => {
          const inputId = choiceId(id, index);
          const hintId = option.hint ? `${inputId}-item-hint` : undefined;
          return (
            <div className="govuk-radios__item" key={option.value}>
              <input
                className="govuk-radios__input"
                id={inputId}
                name={id}
                type="radio"
                value={option.value}
                checked={props.value === option.value}
                onChange={() => props.onChange(option.value)}
                aria-describedby={hintId}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={inputId}>
                {option.text}
              </label>
              {option.hint && (
                <div id={hintId} className="govuk-hint govuk-radios__hint">
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
