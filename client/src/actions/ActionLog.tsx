import type { ActionResponse } from '@roundtable/shared/actions';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import { canAddAction, canEditAction, canSetActionStatus } from '@roundtable/shared/permissions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState } from 'react';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import type { SendChange } from '../meeting-events/sendTypes';
import { flaggedAction, mayChangeFlag } from '../room/EntryFlagButtons';
import { ActionForm } from './ActionForm';
import { ActionRow } from './ActionRow';
import { useNow } from './useNow';

interface ActionLogProps {
  meeting: MeetingDetail;
  role: MeetingRole;
  myUserId: string;
  /** The reader's agency: the chair lifting another agency's restriction gives a reason. */
  myAgency: Agency;
  actions: readonly ActionResponse[];
  decisions: readonly DecisionResponse[];
  loaded: boolean;
  send: SendChange;
}

/**
 * The live action log (DOMAIN.md §3.5 item 11): what, who, by when, status.
 * Overdue open actions are re-checked every minute. Test hooks: `#action-log`
 * (the table), `tr[data-action-id]`.
 */
export function ActionLog({ meeting, role, myUserId, myAgency, actions, decisions, loaded, send }: ActionLogProps) {
  const canAdd = canAddAction(role);
  const flagger = { role, userId: myUserId, agency: myAgency };
  const mayChange = (a: ActionResponse) => ({
    edit: canEditAction(role, myUserId, { ownerUserId: a.owner.userId, recordedByUserId: a.createdBy.userId }),
    setStatus: canSetActionStatus(role, myUserId, { ownerUserId: a.owner.userId }),
    flag: mayChangeFlag(flagger, flaggedAction(a)),
  });
  const anyChangeable = actions.some((a) => {
    const may = mayChange(a);
    return may.edit || may.setStatus || may.flag;
  });
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (adding || !returnFocus.current) return;
    returnFocus.current = false;
    addButton.current?.focus();
  }, [adding]);
  const stopAdding = () => {
    returnFocus.current = true;
    setAdding(false);
  };

  return (
    <section aria-labelledby="actions-heading" id="actions" className="govuk-!-margin-top-6">
      <h2 className="govuk-heading-l" id="actions-heading">
        Action log
      </h2>
      {!loaded && (
        <p className="govuk-body" role="status">
          Loading actions…
        </p>
      )}
      {loaded && actions.length === 0 && <p className="govuk-body">No actions have been added yet.</p>}
      {actions.length > 0 && (
        <ScrollableTable label="Action log" stack>
          <table className="govuk-table" id="action-log">
            <caption className="govuk-table__caption govuk-visually-hidden">Actions, soonest due first</caption>
            <TableHead
              columns={[
                'Action',
                'Owner',
                'Due',
                'Status',
                anyChangeable && { label: 'Changes', visuallyHidden: true },
              ]}
            />
            <tbody className="govuk-table__body">
              {actions.map((action) => {
                const may = mayChange(action);
                return (
                  <ActionRow
                    key={action.id}
                    action={action}
                    meeting={meeting}
                    decisions={decisions}
                    canEdit={may.edit}
                    canSetStatus={may.setStatus}
                    canFlag={may.flag}
                    flagger={flagger}
                    controlsColumn={anyChangeable}
                    now={now}
                    send={send}
                  />
                );
              })}
            </tbody>
          </table>
        </ScrollableTable>
      )}
      {canAdd &&
        (adding ? (
          <>
            <h3 className="govuk-heading-m">Add an action</h3>
            <ActionForm
              meeting={meeting}
              decisions={decisions}
              send={send}
              myAgency={myAgency}
              onDone={stopAdding}
              onCancel={stopAdding}
            />
          </>
        ) : (
          <button type="button" className="govuk-button" ref={addButton} onClick={() => setAdding(true)}>
            Add an action
          </button>
        ))}
    </section>
  );
}
