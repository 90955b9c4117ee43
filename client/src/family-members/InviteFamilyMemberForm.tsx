import {
  FAMILY_RELATIONSHIP_LABELS,
  FAMILY_RELATIONSHIPS,
  type FamilyMemberResponse,
  type FamilyRelationship,
  InviteFamilyMemberRequestSchema,
} from '@roundtable/shared/family';
import { useState, type FormEvent } from 'react';
import { api, isApiError } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextField } from '../forms/TextField';
import { describeError, useFormSubmission } from '../forms/useFormSubmission';
import { useStepUp } from '../step-up/useStepUp';

const RELATIONSHIP_OPTIONS = FAMILY_RELATIONSHIPS.map((value) => ({ value, text: FAMILY_RELATIONSHIP_LABELS[value] }));
const FIELD_IDS: Record<string, string> = {
  displayName: 'family-invite-name',
  email: 'family-invite-email',
  relationship: 'family-invite-relationship',
};

/** Chair only: invite a parent, carer, young person or family network member to this one meeting. */
export function InviteFamilyMemberForm({
  meetingId,
  onInvited,
}: {
  meetingId: string;
  onInvited: (member: FamilyMemberResponse) => void;
}) {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [relationship, setRelationship] = useState<FamilyRelationship | ''>('');
  const { errors, generalError, attempt, submitting, clearErrors, validate, send } = useFormSubmission();
  const { withStepUp } = useStepUp();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(InviteFamilyMemberRequestSchema, { displayName, email, relationship });
    if (parsed === undefined) return;
    await send(
      async () => {
        const member = await withStepUp(() => api.family.members.invite(meetingId, parsed));
        clearErrors();
        setDisplayName('');
        setEmail('');
        setRelationship('');
        onInvited(member);
      },
      // Already invited: a problem with the email field.
      (error) => (isApiError(error, 'Conflict') ? { fields: { email: error.message } } : describeError(error)),
    );
  }

  const summary = toSummary(
    errors,
    ['displayName', 'email', 'relationship'],
    (path) => FIELD_IDS[path],
    'family-invite-name',
  );
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="invite-family-form">
      <h3 className="govuk-heading-s">Invite a family member</h3>
      <p className="govuk-body">
        We email them how to sign in with the meeting reference and a one-time code. The email says nothing about the
        child or the meeting’s content.
      </p>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <TextField
        id="family-invite-name"
        name="displayName"
        label="Their name"
        value={displayName}
        onChange={setDisplayName}
        error={errors.displayName}
        autoComplete="off"
        widthClass="govuk-input--width-20"
      />
      <TextField
        id="family-invite-email"
        name="email"
        type="email"
        label="Their email address"
        value={email}
        onChange={setEmail}
        error={errors.email}
        autoComplete="off"
        spellCheck={false}
        widthClass="govuk-input--width-30"
      />
      <RadiosField
        id="family-invite-relationship"
        legend="Relationship to the child"
        legendClass="govuk-fieldset__legend--s"
        value={relationship}
        options={RELATIONSHIP_OPTIONS}
        onChange={setRelationship}
        error={errors.relationship}
        small
      />
      <button type="submit" className="govuk-button" disabled={submitting}>
        Invite family member
      </button>
    </form>
  );
}
