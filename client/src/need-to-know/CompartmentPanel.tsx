import { AGENCY_LABELS, type Agency, type MeetingRole } from '@roundtable/shared/constants';
import { audienceLabel, type CompartmentView } from '@roundtable/shared/need-to-know';
import { useRef, useState } from 'react';
import { formatDateTime } from '../dates';
import type { SendChange } from '../meeting-events/sendTypes';
import type { CaretUser } from '../room/RecordSection';
import { CompartmentEditor } from './CompartmentEditor';
import { ShareCompartmentForm } from './ShareCompartmentForm';

interface CompartmentPanelProps {
  compartment: CompartmentView;
  sectionTitle: string;
  role: MeetingRole;
  myAgency: Agency;
  /** The record can be written (not an observer, not concluded). */
  editable: boolean;
  caretUser: CaretUser;
  send: SendChange;
}

/**
 * One compartment beside a record section. Open: a marked inset with who may
 * see it and who added it, its own editor, and (for the owning agency and the
 * chair) "Share more widely". Withheld: only the notice, never the text or the
 * author. Test hooks: `[data-testid=compartment][data-compartment-id][data-access]`,
 * `[data-testid=compartment-tag]`, `[data-testid=withheld-notice]`.
 */
export function CompartmentPanel(props: CompartmentPanelProps) {
  const { compartment, sectionTitle, role, myAgency, editable, caretUser, send } = props;
  const [sharing, setSharing] = useState(false);
  const shareButton = useRef<HTMLButtonElement>(null);

  if (compartment.access === 'withheld') {
    return (
      <div
        className="govuk-inset-text rt-compartment rt-compartment--withheld"
        data-testid="compartment"
        data-compartment-id={compartment.id}
        data-access="withheld"
      >
        <p className="govuk-body govuk-!-margin-bottom-0" data-testid="withheld-notice">
          {compartment.notice}
        </p>
      </div>
    );
  }

  const { audience, createdBy } = compartment;
  const tag = audience ? `Restricted: ${audienceLabel(audience)}` : 'Restriction lifted';
  const hintId = `compartment-${compartment.id}-hint`;
  const canShare =
    audience !== null && (role === 'chair' || (role !== 'observer' && myAgency === compartment.ownerAgency));
  const who = createdBy && `${createdBy.displayName} (${createdBy.organisation ?? AGENCY_LABELS[createdBy.agency]})`;
  const close = () => {
    setSharing(false);
    shareButton.current?.focus();
  };

  return (
    <section
      className="govuk-inset-text rt-compartment"
      aria-label={`${tag} information in ${sectionTitle}`}
      data-testid="compartment"
      data-compartment-id={compartment.id}
      data-access="open"
    >
      <p className="govuk-body govuk-!-margin-bottom-1">
        <strong
          className={`govuk-tag ${audience ? 'govuk-tag--red' : 'govuk-tag--grey'} rt-compartment__tag`}
          data-testid="compartment-tag"
        >
          {tag}
        </strong>
      </p>
      <p className="govuk-hint govuk-!-font-size-16" id={hintId}>
        {who ? `Added by ${who}, ` : 'Moved from the shared record (the record history says who wrote it), '}
        <time dateTime={compartment.createdAt}>{formatDateTime(compartment.createdAt)}</time>.{' '}
        {audience
          ? 'Only its audience receives this text; everyone else is told it is withheld.'
          : 'Every member of this meeting can now see it.'}
      </p>
      <CompartmentEditor
        meetingId={compartment.meetingId}
        compartmentId={compartment.id}
        label={`${tag} information in ${sectionTitle}`}
        hintId={hintId}
        editable={editable}
        caretUser={caretUser}
      />
      {canShare && audience && (
        <div className="govuk-!-margin-top-3">
          {sharing ? (
            <ShareCompartmentForm
              compartment={{ ...compartment, audience }}
              asChair={role === 'chair' && myAgency !== compartment.ownerAgency}
              send={send}
              onDone={close}
              onCancel={close}
            />
          ) : (
            <button
              type="button"
              ref={shareButton}
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={() => setSharing(true)}
            >
              Share more widely
              <span className="govuk-visually-hidden">
                : {tag} information in {sectionTitle}
              </span>
            </button>
          )}
        </div>
      )}
    </section>
  );
}
