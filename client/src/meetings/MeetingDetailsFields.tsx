import { MEETING_FORMAT_LABELS, MEETING_FORMATS, type MeetingFormat } from '@roundtable/shared/constants';
import type { FieldErrors } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';

const FORMAT_OPTIONS = MEETING_FORMATS.map((value) => ({ value, text: MEETING_FORMAT_LABELS[value] }));

export interface MeetingDetailsValues {
  reason: string;
  /** `datetime-local` value in UK time. */
  scheduledAt: string;
  format: MeetingFormat;
}

interface MeetingDetailsFieldsProps {
  /** Prefix for element ids, so two forms on one page do not clash (e.g. `edit-`). */
  idPrefix?: string;
  values: MeetingDetailsValues;
  onChange: (change: Partial<MeetingDetailsValues>) => void;
  errors: FieldErrors;
}

/** The reason, date and time, and format of a strategy discussion: shared by the create and edit forms. */
export function MeetingDetailsFields({ idPrefix = '', values, onChange, errors }: MeetingDetailsFieldsProps) {
  return (
    <>
      <TextareaField
        id={`${idPrefix}reason`}
        name="reason"
        label="Reason for the discussion"
        hint="Why the discussion is needed and any immediate action already taken. Do not include information that is restricted to one agency."
        value={values.reason}
        onChange={(reason) => onChange({ reason })}
        error={errors.reason}
        labelClass="govuk-label--s"
      />
      <TextField
        id={`${idPrefix}scheduledAt`}
        name="scheduledAt"
        type="datetime-local"
        label="Date and time"
        hint="UK time. For example, 2 March 2026 at 1pm."
        value={values.scheduledAt}
        onChange={(scheduledAt) => onChange({ scheduledAt })}
        error={errors.scheduledAt}
        labelClass="govuk-label--s"
      />
      <SelectField
        id={`${idPrefix}format`}
        name="format"
        label="Format"
        value={values.format}
        options={FORMAT_OPTIONS}
        onChange={(format) => onChange({ format })}
        error={errors.format}
        labelClass="govuk-label--s"
      />
    </>
  );
}
