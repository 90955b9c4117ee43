import { MEETING_ROLE_LABELS, MEETING_ROLES, type MeetingRole } from '@roundtable/shared/constants';
import { AddMemberRequestSchema, type MeetingDetail } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { api, isApiError } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextField } from '../forms/TextField';
import { useStepUp } from '../step-up/useStepUp';
import { describeError, useFormSubmission } from '../forms/useFormSubmission';

const ROLE_OPTIONS = MEETING_ROLES.map((value) => ({ value, text: MEETING_ROLE_LABELS[value] }));
const FIELD_IDS: Record<string, string> = { email: 'invite-email', role: 'invite-role' };

interface InviteMemberFormProps {
  meeting: MeetingDetail;
  onInvited: (detail: MeetingDetail, message: string) => void;
}

/** Chair only: add a Roundtable user to the discussion by email address. */
export function InviteMemberForm({ meeting, onInvited }: InviteMemberFormProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MeetingRole>('participant');
  const { errors, generalError, attempt, submitting, clearErrors, validate, send } = useFormSubmission();
  const { withStepUp } = useStepUp();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(AddMemberRequestSchema, { email, role });
    if (parsed === undefined) return;

    await send(
      async () => {
        const detail = await withStepUp(() => api.meetings.members.add(meeting.id, parsed));
        const known = new Set(meeting.members.map((member) => member.userId));
        const added = detail.members.find((member) => !known.has(member.userId));
        clearErrors();
        setEmail('');
        onInvited(
          detail,
          added
            ? `${added.displayName} has been added as ${MEETING_ROLE_LABELS[added.role].toLowerCase()}`
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

  const summary = toSummary(errors, ['email', 'role'], (path) => FIELD_IDS[path], 'invite-email');

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
      <button type="submit" className="govuk-button" disabled={submitting}>
        Invite member
      </button>
    </form>
  );
}
