import { ProblemSummary, SuccessBanner } from '../layout/Banners';
import { MEETING_ROLE_LABELS, type MeetingRole } from '@roundtable/shared/constants';
import { canManageMeeting } from '@roundtable/shared/permissions';
import type { MeetingDetail, MemberResponse, UserResponse } from '@roundtable/shared/schemas';
import { useState } from 'react';
import { api, errorMessage, isApiError } from '../api';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { useStepUp } from '../step-up/useStepUp';
import { InviteWithoutAccountForm } from '../invitations/InviteWithoutAccountForm';
import { InviteMemberForm } from './InviteMemberForm';
import { MemberRow } from './MemberRow';

interface MembersPanelProps {
  meeting: MeetingDetail;
  me: UserResponse;
  onMeetingChange: (detail: MeetingDetail) => void;
  /** The user is no longer a member (removed themselves, or the meeting answered 404). */
  onLostAccess: () => void;
}

/** Members of the discussion; the chair can invite, change roles and remove. The server enforces every rule. */
export function MembersPanel({ meeting, me, onMeetingChange, onLostAccess }: MembersPanelProps) {
  const canManage = canManageMeeting(meeting.myRole);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  // Membership changes need a recent sign-in: the server may ask the chair to confirm it is them.
  const { withStepUp } = useStepUp();

  async function run(
    action: () => Promise<MeetingDetail>,
    success: (detail: MeetingDetail) => string,
    leaving = false,
  ) {
    setBusy(true);
    setNotice(undefined);
    setProblem(undefined);
    try {
      const detail = await withStepUp(action);
      if (leaving) return onLostAccess();
      onMeetingChange(detail);
      setNotice(success(detail));
    } catch (error) {
      if (isApiError(error, 'MeetingNotFound')) return onLostAccess();
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const changeRole = (member: MemberResponse, role: MeetingRole) =>
    run(
      () => api.meetings.members.changeRole(meeting.id, member.userId, role),
      () => `${member.displayName} is now ${MEETING_ROLE_LABELS[role].toLowerCase()}`,
    );
  const remove = (member: MemberResponse) =>
    run(
      () => api.meetings.members.remove(meeting.id, member.userId),
      () => `${member.displayName} has been removed`,
      member.userId === me.id,
    );

  return (
    <section aria-labelledby="members-heading" id="members" className="govuk-!-margin-top-6">
      <h2 className="govuk-heading-m" id="members-heading">
        Members
      </h2>
      {notice && (
        <SuccessBanner id="members-notice-title" headingLevel={3}>
          {notice}
        </SuccessBanner>
      )}
      {problem && <ProblemSummary problem={problem} testId="members-error" />}
      <ScrollableTable label="Members of this strategy discussion" stack>
        <table className="govuk-table" id="members-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Members of this strategy discussion</caption>
          <TableHead columns={['Name', 'Agency', 'Role', canManage && { label: 'Remove', visuallyHidden: true }]} />
          <tbody className="govuk-table__body">
            {meeting.members.map((member) => (
              <MemberRow
                key={member.userId}
                member={member}
                isMe={member.userId === me.id}
                canManage={canManage}
                busy={busy}
                onChangeRole={(role) => void changeRole(member, role)}
                onRemove={() => void remove(member)}
              />
            ))}
          </tbody>
        </table>
      </ScrollableTable>
      {canManage && (
        <InviteMemberForm
          meeting={meeting}
          onInvited={(detail, message) => {
            setProblem(undefined);
            setNotice(message);
            onMeetingChange(detail);
          }}
        />
      )}
      {canManage && meeting.status !== 'concluded' && <InviteWithoutAccountForm meetingId={meeting.id} />}
    </section>
  );
}
