import { FormGroup } from './FormGroup';

interface TextareaFieldProps {
  id: string;
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  rows?: number;
  labelClass?: string;
}

/** GOV.UK textarea with label, hint and inline error. */
export function TextareaField(props: TextareaFieldProps) {
  const { id, error } = props;
  return (
    <FormGroup id={id} label={props.label} error={error} hint={props.hint} labelClass={props.labelClass}>
      {(aria) => (
        <textarea
          className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
          id={id}
          name={props.name}
          rows={props.rows ?? 5}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          {...aria}
        />
      )}
    </FormGroup>
  );
}
