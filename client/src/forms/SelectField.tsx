import { FormGroup } from './FormGroup';

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
  const { id, error } = props;
  return (
    <FormGroup id={id} label={props.label} error={error} hint={props.hint} labelClass={props.labelClass}>
      {(aria) => (
        <select
          className={`govuk-select${error ? ' govuk-select--error' : ''}`}
          id={id}
          name={props.name}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value as T)}
          {...aria}
        >
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.text}
            </option>
          ))}
        </select>
      )}
    </FormGroup>
  );
}
