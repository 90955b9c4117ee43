import { ProblemSummary, SuccessBanner } from '../layout/Banners';
import { formatDateTime } from '@roundtable/shared/dates';
import {
  FAMILY_RELATIONSHIP_LABELS,
  type FamilyMemberResponse,
  type FamilyMemberStatus,
} from '@roundtable/shared/family';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import { canManageMeeting } from '@roundtable/shared/permissions';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { InviteFamilyMemberForm } from './InviteFamilyMemberForm';

const STATUS_TEXT: Record<FamilyMemberStatus, string> = {
  invited: 'Can sign in',
  'access-ended': 'Access ended',
  revoked: 'Access removed',
};

function accessText(member: FamilyMemberResponse): string {
  if (member.status === 'invited' && member.accessEndsAt) {
    return `Can sign in until ${formatDateTime(member.accessEndsAt)}`;
  }
  return STATUS_TEXT[member.status];
}

/** One family member, with the chair's remove-and-confirm. */
function FamilyMemberRow({
  member,
  canManage,
  busy,
  onRevoke,
}: {
  member: FamilyMemberResponse;
  canManage: boolean;
  busy: boolean;
  onRevoke: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  return (
    <tr className="govuk-table__row" data-family-member-id={member.id}>
      <th scope="row" className="govuk-table__header">
        {member.displayName}
        <span className="rt-presence__detail govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular">
          {member.email}
        </span>
      </th>
      <td className="govuk-table__cell" data-label="Relationship">
        {FAMILY_RELATIONSHIP_LABELS[member.relationship]}
      </td>
      <td className="govuk-table__cell" data-label="Access">
        {accessText(member)}
      </td>
      {canManage && (
        <td className="govuk-table__cell">
          {member.status !== 'invited' ? null : confirming ? (
            <div className="rt-confirm">
              <p className="govuk-body govuk-!-margin-bottom-2 rt-focus-target" tabIndex={-1} ref={confirmRef}>
                Remove {member.displayName}’s access to this meeting? They will be signed out straight away.
              </p>
              <div className="govuk-button-group govuk-!-margin-bottom-0">
                <button
                  type="button"
                  className="govuk-button govuk-button--warning"
                  disabled={busy}
                  onClick={() => {
                    setConfirming(false);
                    onRevoke();
                  }}
                >
                  Yes, remove access<span className="govuk-visually-hidden"> for {member.displayName}</span>
                </button>
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary"
                  onClick={() => setConfirming(false)}
                >
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              Remove access<span className="govuk-visually-hidden"> for {member.displayName}</span>
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

/**
 * The meeting's family members (docs/FAMILY.md): everyone in the meeting sees
 * who they are; the chair (or coordinator) invites them and removes their
 * access. The server enforces every rule.
 */
export function FamilyMembersPanel({
  meetingId,
  role,
  status,
}: {
  meetingId: string;
  role: MeetingRole;
  status: MeetingStatus;
}) {
  const canManage = canManageMeeting(role);
  const [members, setMembers] = useState<FamilyMemberResponse[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();

  const load = useCallback(async () => {
    try {
      setMembers((await api.family.members.list(meetingId)).familyMembers);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }, [meetingId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function revoke(member: FamilyMemberResponse) {
    setBusy(true);
    setNotice(undefined);
    setProblem(undefined);
    try {
      await api.family.members.revoke(meetingId, member.id);
      setNotice(`${member.displayName} can no longer sign in to this meeting`);
      await load();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="family-members-heading" id="family-members" className="govuk-!-margin-top-6">
      <h2 className="govuk-heading-m" id="family-members-heading">
        Family members
      </h2>
      {notice && (
        <SuccessBanner id="family-members-notice-title" headingLevel={3}>
          {notice}
        </SuccessBanner>
      )}
      {problem && <ProblemSummary problem={problem} testId="family-members-error" />}
      {members === null ? (
        <p className="govuk-body" role="status">
          Loading…
        </p>
      ) : members.length === 0 ? (
        <p className="govuk-body">No family members have been invited to this meeting.</p>
      ) : (
        <ScrollableTable label="Family members of this meeting" stack>
          <table className="govuk-table" id="family-members-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Family members of this meeting</caption>
            <TableHead
              columns={[
                'Name',
                'Relationship',
                'Access',
                canManage && { label: 'Remove access', visuallyHidden: true },
              ]}
            />
            <tbody className="govuk-table__body">
              {members.map((member) => (
                <FamilyMemberRow
                  key={member.id}
                  member={member}
                  canManage={canManage}
                  busy={busy}
                  onRevoke={() => void revoke(member)}
                />
              ))}
            </tbody>
          </table>
        </ScrollableTable>
      )}
      {canManage && status !== 'concluded' && (
        <InviteFamilyMemberForm
          meetingId={meetingId}
          onInvited={(member) => {
            setProblem(undefined);
            setNotice(`${member.displayName} has been invited. We have emailed them how to sign in.`);
            void load();
          }}
        />
      )}
    </section>
  );
}
