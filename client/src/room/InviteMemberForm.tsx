import { MEETING_ROLE_LABELS, MEETING_ROLES, type MeetingRole } from '@roundtable/shared/constants';
import { AddMemberRequestSchema, type MeetingDetail } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { errorMessage, isApiError } from '../api/ApiError';
import { roundtableApi } from '../api/roundtableApi';
import { ErrorSummary } from '../forms/ErrorSummary';
import { fromServerFields, fromZodIssues, toSummary, type FieldErrors } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextField } from '../forms/TextField';

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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [generalError, setGeneralError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);

  function fail(next: FieldErrors, general?: string) {
    setErrors(next);
    setGeneralError(general);
    setAttempt((n) => n + 1);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = AddMemberRequestSchema.safeParse({ email, role });
    if (!parsed.success) return fail(fromZodIssues(parsed.error.issues));

    setSubmitting(true);
    try {
      const detail = await roundtableApi.addMember(meeting.id, parsed.data);
      const known = new Set(meeting.members.map((member) => member.userId));
      const added = detail.members.find((member) => !known.has(member.userId));
      setErrors({});
      setGeneralError(undefined);
      setEmail('');
      onInvited(
        detail,
        added
          ? `${added.displayName} has been added as ${MEETING_ROLE_LABELS[added.role].toLowerCase()}`
          : 'Member added',
      );
    } catch (error) {
      if (isApiError(error, 'ValidationFailed') && error.fields.length > 0) fail(fromServerFields(error.fields));
      else if (isApiError(error, 'UserNotFound', 'MemberAlreadyExists')) fail({ email: error.message });
      else fail({}, errorMessage(error));
    } finally {
      setSubmitting(false);
    }
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
