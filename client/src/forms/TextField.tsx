import type { HTMLInputTypeAttribute } from 'react';
import { FormGroup } from './FormGroup';

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
  const { id, error } = props;
  return (
    <FormGroup id={id} label={props.label} error={error} hint={props.hint} labelClass={props.labelClass}>
      {(aria) => (
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
          {...aria}
        />
      )}
    </FormGroup>
  );
}
