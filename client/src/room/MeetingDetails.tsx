import { AGENCY_LABELS, MEETING_FORMAT_LABELS } from '@roundtable/shared/constants';
import { canManageMeeting } from '@roundtable/shared/permissions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { MeetingChildrenEditor } from '../children/MeetingChildrenEditor';
import { formatDate, formatDateTime } from '../dates';
import { RoleTag } from '../meetings/RoleTag';
import { EditMeetingForm } from './EditMeetingForm';

/**
 * The strategy discussion's header facts (DOMAIN.md §3.5 item 1–2), and a
 * warning when a minimum agency has no member: a warning, never a block,
 * because urgent discussions happen by phone with whoever is available.
 */
export function MeetingDetails({
  meeting,
  onMeetingChange,
}: {
  meeting: MeetingDetail;
  onMeetingChange: (detail: MeetingDetail) => void;
}) {
  const missing = meeting.missingMinimumAgencies.map((agency) => AGENCY_LABELS[agency]);
  const [editing, setEditing] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const stopEditing = () => {
    returnFocus.current = true;
    setEditing(false);
  };
  useEffect(() => {
    // Back on the button that opened the form, once it is rendered again.
    if (editing || !returnFocus.current) return;
    returnFocus.current = false;
    changeButton.current?.focus();
  }, [editing]);
  return (
    <>
      {missing.length > 0 && (
        <div className="govuk-warning-text" data-testid="missing-agencies-warning">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            No member from {missing.join(', ')} has been invited. A strategy discussion should include children’s social
            care, police and health; you can still go ahead.
          </strong>
        </div>
      )}
      {editing ? (
        <EditMeetingForm
          meeting={meeting}
          onCancel={stopEditing}
          onSaved={(detail) => {
            onMeetingChange(detail);
            stopEditing();
          }}
        />
      ) : (
        <dl className="govuk-summary-list" id="meeting-details">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Children</dt>
            <dd className="govuk-summary-list__value">
              {meeting.children.length === 0 ? (
                'None recorded'
              ) : (
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {meeting.children.map((child) => (
                    <li key={child.id} data-child-id={child.id}>
                      <Link className="govuk-link" to={`/children/${child.childId}`}>
                        {child.name}
                      </Link>
                      {child.dateOfBirth ? `, born ${formatDate(child.dateOfBirth)}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Date and time</dt>
            <dd className="govuk-summary-list__value">
              <time dateTime={meeting.scheduledAt}>{formatDateTime(meeting.scheduledAt)}</time>
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Format</dt>
            <dd className="govuk-summary-list__value">{MEETING_FORMAT_LABELS[meeting.format]}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Reason</dt>
            <dd className="govuk-summary-list__value rt-preserve-lines">{meeting.reason}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Your role</dt>
            <dd className="govuk-summary-list__value">
              <RoleTag role={meeting.myRole} />
            </dd>
          </div>
        </dl>
      )}
      {!editing && canManageMeeting(meeting.myRole) && (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          ref={changeButton}
          onClick={() => setEditing(true)}
        >
          Change reason, date or format
        </button>
      )}
      {!editing && <MeetingChildrenEditor meeting={meeting} onMeetingChange={onMeetingChange} />}
    </>
  );
}
