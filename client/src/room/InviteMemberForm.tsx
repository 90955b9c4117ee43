import { MEETING_ROLE_LABELS, MEETING_ROLES, type MeetingRole } from '@roundtable/shared/constants';
import { AddMemberRequestSchema, type MeetingDetail } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { api, isApiError } from '../api';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextField } from '../forms/TextField';
import { useStepUp } from '../step-up/useStepUp';
import { describeError, useFormSubmission } from '../forms/useFormSubmission';

const ROLE_OPTIONS = MEETING_ROLES.map((value) => ({ value, text: MEETING_ROLE_LABELS[value] }));
const FIELD_IDS: Record<string, string> = { email: 'invite-email', role: 'invite-role', invitee: 'invite-invitee' };

interface InviteMemberFormProps {
  meeting: MeetingDetail;
  onInvited: (detail: MeetingDetail, message: string) => void;
}

/** Chair only: add a Roundtable user to the discussion by email address. */
export function InviteMemberForm({ meeting, onInvited }: InviteMemberFormProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MeetingRole>('participant');
  const [invitee, setInvitee] = useState(false);
  const { errors, generalError, attempt, submitting, clearErrors, validate, send } = useFormSubmission();
  const { withStepUp } = useStepUp();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(AddMemberRequestSchema, { email, role, invitee });
    if (parsed === undefined) return;

    await send(
      async () => {
        const detail = await withStepUp(() => api.meetings.members.add(meeting.id, parsed));
        const known = new Set(meeting.members.map((member) => member.userId));
        const added = detail.members.find((member) => !known.has(member.userId));
        clearErrors();
        setEmail('');
        setInvitee(false);
        onInvited(
          detail,
          added
            ? `${added.displayName} has been added as ${MEETING_ROLE_LABELS[added.role].toLowerCase()}${added.invitee ? ' for this meeting only' : ''}`
            : 'Member added',
        );
      },
      // An unknown or already-added address is a problem with the email field, not the whole form.
      (error) =>
        isApiError(error, 'UserNotFound', 'MemberAlreadyExists')
          ? { fields: { email: error.message } }
          : describeError(error),
    );
  }

  const summary = toSummary(errors, ['email', 'role', 'invitee'], (path) => FIELD_IDS[path], 'invite-email');

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="invite-member-form">
      <h3 className="govuk-heading-s">Invite a member</h3>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <TextField
        id="invite-email"
        name="email"
        type="email"
        label="Email address"
        hint="They must already have a Roundtable account."
        value={email}
        onChange={setEmail}
        error={errors.email}
        autoComplete="off"
        spellCheck={false}
        widthClass="govuk-input--width-30"
      />
      <SelectField
        id="invite-role"
        name="role"
        label="Role"
        value={role}
        options={ROLE_OPTIONS}
        onChange={setRole}
        error={errors.role}
      />
      <CheckboxesField
        id="invite-invitee"
        legend="Access"
        legendClass="govuk-fieldset__legend--s"
        values={invitee ? ['invitee'] : []}
        options={[
          {
            value: 'invitee',
            text: 'Invited for this meeting only',
            hint: 'For a practitioner such as a GP: their access ends a set time after the meeting concludes.',
          },
        ]}
        onChange={(values) => setInvitee(values.includes('invitee'))}
        error={errors.invitee}
        small
      />
      <button type="submit" className="govuk-button" disabled={submitting}>
        Invite member
      </button>
    </form>
  );
}
