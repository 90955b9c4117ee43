import { isOverdue, type ActionResponse } from '@roundtable/shared/actions';
import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../dates';
import { decisionName } from '../decisions/decisionText';
import type { SendChange } from '../meeting-events/sendTypes';
import { FamilyFacingMark } from '../need-to-know/familyFacingContext';
import { withheldNoticeOf } from '../need-to-know/withheld';
import { EntryFlagButtons, type Flagger, flaggedAction } from '../room/EntryFlagButtons';
import { RestrictionTag } from '../room/RestrictionTag';
import { ActionForm } from './ActionForm';
import { ActionHistory } from './ActionHistory';
import { ActionStatusForm } from './ActionStatusForm';
import { ActionStatusTag, OverdueTag } from './ActionTags';

interface ActionRowProps {
  action: ActionResponse;
  meeting: MeetingDetail;
  decisions: readonly DecisionResponse[];
  /** The chair, the owner or the creator. */
  canEdit: boolean;
  /** The chair or the owner. */
  canSetStatus: boolean;
  /** May change its flag in some way (`mayChangeFlag`): the recorder, the chair, or its agency to lift it. */
  canFlag: boolean;
  /** The reader, as the flag rule sees them. */
  flagger: Flagger;
  /** The table has a column for the buttons (some row has them). */
  controlsColumn: boolean;
  now: Date;
  send: SendChange;
}

/**
 * One action, and below it (while open) the form to change it or its status.
 * Test hook: `tr[data-action-id]` with `data-status` and `data-overdue`.
 */
export function ActionRow(props: ActionRowProps) {
  const { action, meeting, decisions, canEdit, canSetStatus, canFlag, controlsColumn, now, send } = props;
  const [editing, setEditing] = useState<'none' | 'details' | 'status'>('none');
  const controls = useRef<HTMLTableCellElement>(null);
  const returnFocus = useRef<'details' | 'status' | null>(null);
  const overdue = isOverdue(action, now);
  const child = meeting.children.find((c) => c.id === action.childId);
  const decision = decisions.find((d) => d.id === action.decisionId);
  const withheld = withheldNoticeOf(action);

  useEffect(() => {
    if (editing !== 'none' || !returnFocus.current) return;
    controls.current?.querySelector<HTMLButtonElement>(`[data-opens="${returnFocus.current}"]`)?.focus();
    returnFocus.current = null;
  }, [editing]);
  const close = () => {
    returnFocus.current = editing === 'none' ? null : editing;
    setEditing('none');
  };

  return (
    <>
      <tr
        className={`govuk-table__row${overdue ? ' rt-action--overdue' : ''}`}
        data-action-id={action.id}
        data-status={action.status}
        data-overdue={overdue}
      >
        <td className="govuk-table__cell rt-preserve-lines" data-label="Action">
          {withheld ? <span data-testid="withheld-notice">{withheld}</span> : action.description}
          {action.restriction && (
            <>
              {' '}
              <RestrictionTag restriction={action.restriction} />
            </>
          )}
          {(child ?? decision) && (
            <span className="rt-presence__detail govuk-body-s">
              {child && `Child: ${child.name}`}
              {child && decision && '. '}
              {decision && `Decision: ${decisionName(decision, meeting.children)}`}
            </span>
          )}
          {!withheld && <ActionHistory action={action} meeting={meeting} decisions={decisions} />}
          {!withheld && (
            <FamilyFacingMark item={{ type: 'action', id: action.id }} name={`action: ${action.description}`} />
          )}
        </td>
        <td className="govuk-table__cell" data-label="Owner">
          {action.owner.displayName}
          <span className="rt-presence__detail govuk-body-s">{AGENCY_LABELS[action.ownerAgency]}</span>
        </td>
        <td className="govuk-table__cell" data-label="Due">
          <time dateTime={action.dueAt}>{formatDateTime(action.dueAt)}</time>
          {overdue && (
            <>
              <br />
              <OverdueTag />
            </>
          )}
        </td>
        <td className="govuk-table__cell" data-label="Status">
          <ActionStatusTag status={action.status} />
          {action.statusNote && (
            <span className="rt-presence__detail govuk-body-s rt-preserve-lines">{action.statusNote}</span>
          )}
        </td>
        {controlsColumn && (
          <td className="govuk-table__cell" ref={controls}>
            <div className="rt-action__controls">
              {canEdit && (
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                  data-opens="details"
                  aria-expanded={editing === 'details'}
                  onClick={() => setEditing(editing === 'details' ? 'none' : 'details')}
                >
                  Change<span className="govuk-visually-hidden"> action: {action.description}</span>
                </button>
              )}
              {canSetStatus && (
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                  data-opens="status"
                  aria-expanded={editing === 'status'}
                  onClick={() => setEditing(editing === 'status' ? 'none' : 'status')}
                >
                  Change status<span className="govuk-visually-hidden"> of action: {action.description}</span>
                </button>
              )}
            </div>
            {canFlag && (
              <EntryFlagButtons
                entry={flaggedAction(action)}
                flagger={props.flagger}
                entryName={`action: ${action.description}`}
                onFlag={(restriction, sharing) => {
                  const payload = {
                    meetingId: action.meetingId,
                    actionId: action.id,
                    restriction,
                    ...sharing,
                  };
                  return send('action:flag', payload);
                }}
              />
            )}
          </td>
        )}
      </tr>
      {editing !== 'none' && (
        <tr className="govuk-table__row" data-editing-action-id={action.id}>
          <td className="govuk-table__cell" colSpan={controlsColumn ? 5 : 4}>
            {editing === 'details' ? (
              <ActionForm
                meeting={meeting}
                decisions={decisions}
                send={send}
                action={action}
                onDone={close}
                onCancel={close}
              />
            ) : (
              <ActionStatusForm action={action} send={send} onDone={close} />
            )}
          </td>
        </tr>
      )}
    </>
  );
}
