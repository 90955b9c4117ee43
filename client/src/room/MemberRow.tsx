import { MEETING_ROLE_LABELS, MEETING_ROLES, type MeetingRole } from '@roundtable/shared/constants';
import type { MemberResponse } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState } from 'react';
import { RoleTag } from '../meetings/RoleTag';
import { inviteeAccessText } from '../people/inviteeAccess';
import { organisationAndAgency } from '../people/organisation';

interface MemberRowProps {
  member: MemberResponse;
  isMe: boolean;
  /** The signed-in user chairs the meeting: show role and removal controls. */
  canManage: boolean;
  busy: boolean;
  onChangeRole: (role: MeetingRole) => void;
  onRemove: () => void;
}

/** One member. Test hooks: `tr[data-member-id]`, `select[name="role"]`, buttons "Change role" and "Remove". */
export function MemberRow({ member, isMe, canManage, busy, onChangeRole, onRemove }: MemberRowProps) {
  const [role, setRole] = useState<MeetingRole>(member.role);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const selectId = `member-${member.userId}-role`;
  const who = isMe ? 'yourself' : member.displayName;

  useEffect(() => setRole(member.role), [member.role]);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (returnFocus.current) removeRef.current?.focus();
    returnFocus.current = false;
  }, [confirming]);

  function cancel() {
    // Return focus to the control that opened the confirmation.
    returnFocus.current = true;
    setConfirming(false);
  }

  return (
    <tr className="govuk-table__row" data-member-id={member.userId}>
      <th scope="row" className="govuk-table__header">
        {member.displayName}
        {isMe && ' (you)'}
        <span className="rt-presence__detail govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular">
          {member.jobTitle}
        </span>
        {member.invitee && (
          <span
            className="rt-presence__detail govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular"
            data-testid="invitee-access"
          >
            {inviteeAccessText(member.accessEndsAt)}
          </span>
        )}
      </th>
      <td className="govuk-table__cell" data-label="Agency">
        {organisationAndAgency(member)}
      </td>
      <td className="govuk-table__cell" data-label="Role">
        {canManage ? (
          <form
            className="rt-inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (role !== member.role) onChangeRole(role);
            }}
          >
            <div className="govuk-form-group">
              <label className="govuk-label govuk-visually-hidden" htmlFor={selectId}>
                Role of {member.displayName}
              </label>
              <select
                className="govuk-select"
                id={selectId}
                name="role"
                value={role}
                onChange={(event) => setRole(event.target.value as MeetingRole)}
              >
                {MEETING_ROLES.map((value) => (
                  <option key={value} value={value}>
                    {MEETING_ROLE_LABELS[value]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>
              Change role<span className="govuk-visually-hidden"> of {member.displayName}</span>
            </button>
          </form>
        ) : (
          <RoleTag role={member.role} />
        )}
      </td>
      {canManage && (
        <td className="govuk-table__cell">
          {confirming ? (
            <div className="rt-confirm">
              <p className="govuk-body govuk-!-margin-bottom-2 rt-focus-target" tabIndex={-1} ref={confirmRef}>
                Remove {who} from this strategy discussion? {isMe ? 'You' : 'They'} will lose access straight away.
              </p>
              <div className="govuk-button-group govuk-!-margin-bottom-0">
                <button
                  type="button"
                  className="govuk-button govuk-button--warning"
                  disabled={busy}
                  onClick={() => {
                    setConfirming(false);
                    onRemove();
                  }}
                >
                  Yes, remove<span className="govuk-visually-hidden"> {member.displayName}</span>
                </button>
                <button type="button" className="govuk-button govuk-button--secondary" onClick={cancel}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              ref={removeRef}
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              Remove<span className="govuk-visually-hidden"> {member.displayName}</span>
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
