import { canManageMeeting, isRecordFinal } from '@roundtable/shared/permissions';
import type { ChildResponse, MeetingDetail } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { AddMeetingChildForm } from './AddMeetingChildForm';

interface MeetingChildrenEditorProps {
  meeting: MeetingDetail;
  onMeetingChange: (detail: MeetingDetail) => void;
}

/**
 * The chair adds or removes a child before the meeting concludes (issue 17
 * item 1). A removed child's record stays; the server refuses the last child
 * and anyone but the chair. Test hooks: `[data-testid=meeting-children-editor]`,
 * `li[data-child-id]` (the child's record id).
 */
export function MeetingChildrenEditor({ meeting, onMeetingChange }: MeetingChildrenEditorProps) {
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; attempt: number }>({ message: '', attempt: 0 });
  const [announcement, setAnnouncement] = useState('');
  const openButton = useRef<HTMLButtonElement>(null);
  const panelHeading = useRef<HTMLHeadingElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<'panel' | 'opener' | 'add' | null>(null);

  useEffect(() => {
    if (focusAfter.current === 'panel') panelHeading.current?.focus();
    if (focusAfter.current === 'opener') openButton.current?.focus();
    if (focusAfter.current === 'add') addButton.current?.focus();
    focusAfter.current = null;
  }, [open, adding, meeting]);

  if (!canManageMeeting(meeting.myRole) || isRecordFinal(meeting.status)) return null;

  async function remove(child: ChildResponse) {
    setBusy(true);
    setConfirming(null);
    try {
      await api.children.meeting.remove(meeting.id, child.childId);
      const detail = await api.meetings.get(meeting.id);
      setFailure((current) => ({ ...current, message: '' }));
      setAnnouncement(`${child.name} has been removed from this meeting`);
      focusAfter.current = 'panel';
      onMeetingChange(detail);
    } catch (error) {
      setFailure((current) => ({ message: errorMessage(error), attempt: current.attempt + 1 }));
    } finally {
      setBusy(false);
    }
  }

  if (!open)
    return (
      <>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          ref={openButton}
          onClick={() => {
            focusAfter.current = 'panel';
            setOpen(true);
          }}
        >
          Add or remove children
        </button>
        <p className="govuk-visually-hidden" role="status">
          {announcement}
        </p>
      </>
    );

  const lastChild = meeting.children.length <= 1;
  return (
    <section
      className="govuk-!-margin-bottom-6"
      aria-labelledby="meeting-children-heading"
      data-testid="meeting-children-editor"
    >
      <h3 className="govuk-heading-s rt-focus-target" id="meeting-children-heading" tabIndex={-1} ref={panelHeading}>
        Add or remove children
      </h3>
      <ErrorSummary errors={[]} description={failure.message || undefined} attempt={failure.attempt} />
      <p className="govuk-body" role="status">
        {announcement}
      </p>
      <ul className="govuk-list">
        {meeting.children.map((child) => (
          <li key={child.id} data-child-id={child.childId} className="govuk-!-margin-bottom-3">
            {confirming === child.childId ? (
              <div className="rt-confirm">
                <p className="govuk-body govuk-!-margin-bottom-2">
                  Remove {child.name} from this meeting? Their record is kept, and the removal shows in their
                  chronology.
                </p>
                <div className="govuk-button-group govuk-!-margin-bottom-0">
                  <button
                    type="button"
                    className="govuk-button govuk-button--warning"
                    disabled={busy}
                    onClick={() => void remove(child)}
                  >
                    Yes, remove<span className="govuk-visually-hidden"> {child.name}</span>
                  </button>
                  <button
                    type="button"
                    className="govuk-button govuk-button--secondary"
                    onClick={() => setConfirming(null)}
                  >
                    Cancel<span className="govuk-visually-hidden"> removing {child.name}</span>
                  </button>
                </div>
              </div>
            ) : (
              <div className="rt-inline-form">
                <span className="govuk-body govuk-!-margin-bottom-0">{child.name}</span>
                {!lastChild && (
                  <button
                    type="button"
                    className="govuk-button govuk-button--secondary"
                    disabled={busy}
                    onClick={() => setConfirming(child.childId)}
                  >
                    Remove<span className="govuk-visually-hidden"> {child.name}</span>
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {lastChild && (
        <p className="govuk-hint">A meeting must be about at least one child, so the last cannot be removed.</p>
      )}
      {adding ? (
        <AddMeetingChildForm
          meeting={meeting}
          onAdded={(detail, message) => {
            setAnnouncement(message);
            setAdding(false);
            focusAfter.current = 'panel';
            onMeetingChange(detail);
          }}
          onCancel={() => {
            focusAfter.current = 'add';
            setAdding(false);
          }}
        />
      ) : (
        <div className="govuk-button-group">
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            ref={addButton}
            onClick={() => setAdding(true)}
          >
            Add a child
          </button>
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => {
              focusAfter.current = 'opener';
              setAnnouncement('');
              setOpen(false);
            }}
          >
            Done
          </button>
        </div>
      )}
    </section>
  );
}
