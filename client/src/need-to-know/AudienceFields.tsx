import { AGENCIES, AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import type { Audience, AudienceKind } from '@roundtable/shared/need-to-know';
import { CheckboxesField } from '../forms/CheckboxesField';
import { RadiosField } from '../forms/RadiosField';

export const AUDIENCE_KIND_CHOICES: { value: AudienceKind; text: string; hint: string }[] = [
  { value: 'police-only', text: 'Police only', hint: 'Police members of this meeting and the chair' },
  { value: 'health-only', text: 'Health only', hint: 'Health members of this meeting and the chair' },
  { value: 'named-agencies', text: 'Named agencies', hint: 'Members of the agencies you choose, and the chair' },
];

/** Every agency as a checkbox choice. */
export const AGENCY_CHOICES = AGENCIES.map((value) => ({ value, text: AGENCY_LABELS[value] }));

/** The audience a member of `agency` would most likely choose: their own agency. */
export function defaultAudience(agency: Agency): Audience {
  if (agency === 'police') return { kind: 'police-only', agencies: [], userIds: [] };
  if (agency === 'health') return { kind: 'health-only', agencies: [], userIds: [] };
  return { kind: 'named-agencies', agencies: [agency], userIds: [] };
}

interface AudienceFieldsProps {
  /** Prefix of the inputs' ids: `<id>-kind`, `<id>-agencies`. */
  id: string;
  legend: string;
  hint?: string;
  audience: Audience;
  onChange: (audience: Audience) => void;
  /** Audience kinds offered (all by default). */
  kinds?: readonly AudienceKind[];
  errors: { kind?: string; agencies?: string };
}

/**
 * Who may see restricted information: police only, health only, or the
 * agencies named in checkboxes (shown once "Named agencies" is chosen).
 * Observers are never in an agency's audience.
 */
export function AudienceFields({ id, legend, hint, audience, onChange, kinds, errors }: AudienceFieldsProps) {
  const options = AUDIENCE_KIND_CHOICES.filter((choice) => !kinds || kinds.includes(choice.value));
  return (
    <>
      <RadiosField
        id={`${id}-kind`}
        legend={legend}
        hint={hint}
        value={audience.kind}
        options={options}
        onChange={(kind) =>
          onChange({ ...audience, kind, agencies: kind === 'named-agencies' ? audience.agencies : [] })
        }
        error={errors.kind}
        small
      />
      {audience.kind === 'named-agencies' && (
        <CheckboxesField
          id={`${id}-agencies`}
          legend="Which agencies may see it?"
          hint="Select all that apply. The chair can always see it."
          values={audience.agencies}
          options={AGENCY_CHOICES}
          onChange={(agencies) => onChange({ ...audience, agencies })}
          error={errors.agencies}
          small
        />
      )}
    </>
  );
}
