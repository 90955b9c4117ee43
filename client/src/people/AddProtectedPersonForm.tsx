import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import {
  AddProtectedPersonRequestSchema,
  type Audience,
  type AudienceKind,
  isInAudience,
  NEED_TO_KNOW_LIMITS,
  PROTECTED_PERSON_ROLE_LABELS,
  PROTECTED_PERSON_ROLES,
  type ProtectedPersonRole,
} from '@roundtable/shared/need-to-know';
import type { UserResponse } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { type FieldErrors, toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';
import { AGENCY_CHOICES, AUDIENCE_KIND_CHOICES } from '../need-to-know/AudienceFields';

const ROLE_OPTIONS = PROTECTED_PERSON_ROLES.map((value) => ({ value, text: PROTECTED_PERSON_ROLE_LABELS[value] }));

const IDS = {
  role: 'protected-person-role',
  label: 'protected-person-label',
  name: 'protected-person-name',
  audience: 'protected-person-audience',
  agencies: 'protected-person-agencies',
} as const;
const FIELD_ORDER = ['role', 'label', 'name', 'audience'];
const idForPath = (path: string): string | undefined =>
  path === 'audience.agencies' ? IDS.agencies : IDS[path.split('.')[0] as keyof typeof IDS];

export const AUDIENCE_MUST_INCLUDE_YOU =
  'Choose who may know their name so that it includes you (your own agency, or you by name)';

interface AddProtectedPersonFormProps {
  meetingId: string;
  me: UserResponse;
  role: MeetingRole;
  send: SendChange;
  onAdded: (message: string) => void;
}

/**
 * Names a person whose identity must be protected (DOMAIN §6 golden rule 5).
 * The record refers to them by the label; their name reaches only the audience
 * chosen here. Test hook: `[data-testid=add-protected-person-form]`.
 */
export function AddProtectedPersonForm({ meetingId, me, role, send, onAdded }: AddProtectedPersonFormProps) {
  const [personRole, setPersonRole] = useState<ProtectedPersonRole | ''>('');
  const [label, setLabel] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AudienceKind | ''>('');
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const form = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const audience: Audience | undefined = kind
      ? { kind, agencies: kind === 'named-agencies' ? agencies : [], userIds: [] }
      : undefined;
    const payload = { meetingId, role: personRole || undefined, label, name, audience };
    // The same rule the server applies: whoever names the person must be able to read it back.
    const extra: FieldErrors =
      audience &&
      (kind !== 'named-agencies' || agencies.length > 0) &&
      !isInAudience({ userId: me.id, role, agency: me.agency }, audience)
        ? { audience: AUDIENCE_MUST_INCLUDE_YOU }
        : {};
    if (!validateChange(form, AddProtectedPersonRequestSchema, payload, extra)) return;
    const parsed = AddProtectedPersonRequestSchema.omit({ requestId: true }).parse(payload);
    await form.send(async () => {
      const added = unwrapAck(await send('protected-person:add', parsed));
      setPersonRole('');
      setLabel('');
      setName('');
      setKind('');
      setAgencies([]);
      form.clearErrors();
      onAdded(`${added.label} has been added to the people to protect`);
    });
  }

  const summary = toSummary(form.errors, FIELD_ORDER, idForPath, IDS.role);
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="add-protected-person-form">
      <h3 className="govuk-heading-s">Add a person to protect</h3>
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <RadiosField
        id={IDS.role}
        legend="Who are they?"
        legendClass="govuk-fieldset__legend--s"
        value={personRole}
        options={ROLE_OPTIONS}
        onChange={setPersonRole}
        error={form.errors.role}
        small
      />
      <TextField
        id={IDS.label}
        name="label"
        label="How the record refers to them"
        hint={`For example, “the referrer” or “neighbour A”. Everyone in the meeting sees this. Up to ${NEED_TO_KNOW_LIMITS.personLabelMaxChars} characters.`}
        value={label}
        onChange={setLabel}
        error={form.errors.label}
        widthClass="govuk-input--width-20"
      />
      <TextField
        id={IDS.name}
        name="name"
        label="Their name"
        hint="Only the people you choose below will see it. It never goes in the family version."
        value={name}
        onChange={setName}
        error={form.errors.name}
        autoComplete="off"
        spellCheck={false}
        widthClass="govuk-input--width-20"
      />
      <RadiosField
        id={IDS.audience}
        legend="Who may know their name?"
        legendClass="govuk-fieldset__legend--s"
        value={kind}
        options={AUDIENCE_KIND_CHOICES}
        onChange={setKind}
        error={form.errors.audience ?? (kind === 'named-agencies' ? undefined : form.errors['audience.agencies'])}
        small
      />
      {kind === 'named-agencies' && (
        <CheckboxesField
          id={IDS.agencies}
          legend="Which agencies?"
          legendClass="govuk-fieldset__legend--s"
          values={agencies}
          options={AGENCY_CHOICES}
          onChange={setAgencies}
          error={form.errors['audience.agencies']}
          small
        />
      )}
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        Add person to protect
      </button>
    </form>
  );
}
