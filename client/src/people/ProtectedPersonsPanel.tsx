import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import {
  audienceLabel,
  PROTECTED_PERSON_ROLE_LABELS,
  type ProtectedPersonResponse,
} from '@roundtable/shared/need-to-know';
import type { UserResponse } from '@roundtable/shared/schemas';
import { useState } from 'react';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import type { SendChange } from '../meeting-events/sendTypes';
import { AddProtectedPersonForm } from './AddProtectedPersonForm';
import { organisationAndAgency } from './organisation';
import { ShareProtectedPersonForm } from './ShareProtectedPersonForm';

interface ProtectedPersonsPanelProps {
  meetingId: string;
  me: UserResponse;
  role: MeetingRole;
  status: MeetingStatus;
  people: readonly ProtectedPersonResponse[];
  /** False until the room's live state has arrived. */
  loaded: boolean;
  send: SendChange;
}

/**
 * "People to protect" (DOMAIN §6 golden rule 5): the referrer, neighbours,
 * staff whose identity must not reach whoever could harm them. Everyone sees
 * how the record refers to them; the name only reaches the audience, so the
 * others read "Identity withheld". Test hooks: `#protected-persons`,
 * `tr[data-protected-person-id]`.
 */
export function ProtectedPersonsPanel({
  meetingId,
  me,
  role,
  status,
  people,
  loaded,
  send,
}: ProtectedPersonsPanelProps) {
  const [notice, setNotice] = useState<string>();
  const canAdd = role !== 'observer' && status !== 'concluded';
  // The server's rule: the agency that named them, or the chair (with a reason).
  const mayWiden = (person: ProtectedPersonResponse) =>
    role === 'chair' || (role !== 'observer' && me.agency === person.ownerAgency);
  return (
    <section aria-labelledby="protected-persons-heading" id="protected-persons" className="govuk-!-margin-top-6">
      <h2 className="govuk-heading-m" id="protected-persons-heading">
        People to protect
      </h2>
      <p className="govuk-body">
        People whose identity must not reach anyone who could harm them. Refer to them in the record by how they are
        listed here, never by name.
      </p>
      {notice && (
        <div className="govuk-inset-text" role="status">
          {notice}
        </div>
      )}
      {!loaded ? (
        <p className="govuk-body">Loading…</p>
      ) : people.length === 0 ? (
        <p className="govuk-body">Nobody has been named yet.</p>
      ) : (
        <ScrollableTable label="People to protect" stack>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">People to protect</caption>
            <TableHead columns={['Referred to as', 'Who they are', 'Name', 'Who may know their name', 'Named by']} />
            <tbody className="govuk-table__body">
              {people.map((person) => (
                <tr className="govuk-table__row" key={person.id} data-protected-person-id={person.id}>
                  <th scope="row" className="govuk-table__header">
                    {person.label}
                  </th>
                  <td className="govuk-table__cell" data-label="Who they are">
                    {PROTECTED_PERSON_ROLE_LABELS[person.role]}
                  </td>
                  <td className="govuk-table__cell" data-label="Name">
                    {person.name ?? <strong className="govuk-tag govuk-tag--grey">Identity withheld</strong>}
                  </td>
                  <td className="govuk-table__cell" data-label="Who may know their name">
                    {person.audience ? audienceLabel(person.audience) : 'Everyone in the meeting'}
                    {person.audience && mayWiden(person) && (
                      <ShareProtectedPersonForm
                        person={{ ...person, audience: person.audience }}
                        send={send}
                        onShared={setNotice}
                      />
                    )}
                  </td>
                  <td className="govuk-table__cell" data-label="Named by">
                    {person.addedBy.displayName}, {organisationAndAgency(person.addedBy)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollableTable>
      )}
      {canAdd && <AddProtectedPersonForm meetingId={meetingId} me={me} role={role} send={send} onAdded={setNotice} />}
    </section>
  );
}
