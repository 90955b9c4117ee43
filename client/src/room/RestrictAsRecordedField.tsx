import { AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import { RESTRICTION_LABELS, type RestrictionKind } from '@roundtable/shared/templates';
import { RadiosField } from '../forms/RadiosField';

/** The restriction an agency may put on its own entry as it records it: police and health have one each. */
const OWN_RESTRICTION: Partial<Record<Agency, RestrictionKind>> = {
  police: 'police-restricted',
  health: 'health-restricted',
};

export function ownRestriction(agency: Agency): RestrictionKind | undefined {
  return OWN_RESTRICTION[agency];
}

interface RestrictAsRecordedFieldProps {
  id: string;
  /** What is being recorded, e.g. "this view". */
  entry: string;
  agency: Agency;
  restricted: boolean;
  onChange: (restricted: boolean) => void;
}

/**
 * "Who may read this?" as an entry is first recorded, for an agency with a
 * restriction of its own (police, health): restricted from the start, the
 * entry is never sent to anyone outside its audience (docs/SECURITY.md
 * "Restricted entries"). Nothing for other agencies.
 */
export function RestrictAsRecordedField({ id, entry, agency, restricted, onChange }: RestrictAsRecordedFieldProps) {
  const restriction = ownRestriction(agency);
  if (!restriction) return null;
  return (
    <RadiosField
      id={id}
      legend={`Who may read ${entry}?`}
      value={restricted ? 'yes' : 'no'}
      options={[
        { value: 'no', text: 'Every member of the meeting' },
        {
          value: 'yes',
          text: `${RESTRICTION_LABELS[restriction]}: ${AGENCY_LABELS[agency]} members and the chair`,
          hint: 'Everyone else is told that something was withheld, never what it says. Your agency can lift it later.',
        },
      ]}
      onChange={(value) => onChange(value === 'yes')}
      small
    />
  );
}
