import type { ChildRecord } from '@roundtable/shared/pathway';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { HouseholdForm } from './HouseholdForm';

interface HouseholdSectionProps {
  record: ChildRecord;
  canChange: boolean;
  onChanged: () => Promise<void>;
  onErrorsChange: (hasErrors: boolean) => void;
}

/**
 * The adults in the child's household and the siblings the reader may see,
 * each linking to their own page. Test hooks: `#household`, `#household-members`,
 * `#siblings li[data-child-id]`.
 */
export function HouseholdSection({ record, canChange, onChanged, onErrorsChange }: HouseholdSectionProps) {
  const [editing, setEditing] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (editing || !returnFocus.current) return;
    returnFocus.current = false;
    changeButton.current?.focus();
  }, [editing]);

  function close() {
    returnFocus.current = true;
    onErrorsChange(false);
    setEditing(false);
  }

  return (
    <section aria-labelledby="household-heading" id="household" className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="household-heading">
        Household and siblings
      </h2>
      {editing ? (
        <HouseholdForm
          childId={record.child.id}
          childName={record.child.name}
          household={record.household}
          onSaved={() => void onChanged().then(close)}
          onCancel={close}
          onErrorsChange={onErrorsChange}
        />
      ) : (
        <>
          {record.household.length === 0 ? (
            <p className="govuk-body">No adults are recorded in {record.child.name}’s household.</p>
          ) : (
            <>
              <h3 className="govuk-heading-s">Adults in the household</h3>
              <ScrollableTable label="Adults in the household" stack>
                <table className="govuk-table" id="household-members">
                  <caption className="govuk-table__caption govuk-visually-hidden">Adults in the household</caption>
                  <TableHead columns={['Name', 'Relationship', 'Parental responsibility']} />
                  <tbody className="govuk-table__body">
                    {record.household.map((member, index) => (
                      <tr className="govuk-table__row" key={index}>
                        <th scope="row" className="govuk-table__header">
                          {member.name}
                        </th>
                        <td className="govuk-table__cell" data-label="Relationship">
                          {member.relationship}
                        </td>
                        <td className="govuk-table__cell" data-label="Parental responsibility">
                          {member.parentalResponsibility ? 'Yes' : 'No'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollableTable>
            </>
          )}
          {canChange && (
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              ref={changeButton}
              onClick={() => setEditing(true)}
            >
              Change the household
            </button>
          )}
        </>
      )}
      <h3 className="govuk-heading-s">Siblings</h3>
      {record.siblings.length === 0 ? (
        <p className="govuk-body">No siblings are recorded that you can see.</p>
      ) : (
        <ul className="govuk-list" id="siblings">
          {record.siblings.map((sibling) => (
            <li key={sibling.id} data-child-id={sibling.id}>
              <Link className="govuk-link" to={`/children/${sibling.id}`}>
                {sibling.name}
              </Link>
              {sibling.dateOfBirth ? `, born ${formatDate(sibling.dateOfBirth)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
