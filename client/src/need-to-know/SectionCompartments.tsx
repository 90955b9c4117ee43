import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { CompartmentView } from '@roundtable/shared/need-to-know';
import { useRef, useState, type ReactNode } from 'react';
import type { SendChange } from '../meeting-events/sendTypes';
import type { CaretUser } from '../room/RecordSection';
import { AddCompartmentForm } from './AddCompartmentForm';
import { CompartmentPanel } from './CompartmentPanel';

interface SectionCompartmentsProps {
  meetingId: string;
  sectionKey: string;
  sectionTitle: string;
  compartments: readonly CompartmentView[];
  role: MeetingRole;
  myAgency: Agency;
  /** Not an observer, not concluded: may add restricted information and write in it. */
  editable: boolean;
  /** May add restricted information here (beside the record's sections; `editable` by default). */
  canAdd?: boolean;
  caretUser: CaretUser;
  send: SendChange;
  /** Other controls for the section, in the same row as "Add restricted information" (the chair's family mark). */
  tools?: ReactNode;
}

/**
 * The restricted information beside one record section, and "Add restricted
 * information". Test hook: `[data-testid=section-compartments][data-section-key]`.
 */
export function SectionCompartments(props: SectionCompartmentsProps) {
  const { meetingId, sectionKey, sectionTitle, compartments, role, myAgency, editable, caretUser, send } = props;
  const canAdd = props.canAdd ?? editable;
  const [adding, setAdding] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  if (compartments.length === 0 && !canAdd && !props.tools) return null;
  const close = () => {
    setAdding(false);
    setTimeout(() => addButton.current?.focus());
  };
  return (
    <div className="rt-section-compartments" data-testid="section-compartments" data-section-key={sectionKey}>
      {compartments.map((compartment) => (
        <CompartmentPanel
          key={compartment.id}
          compartment={compartment}
          sectionTitle={sectionTitle}
          role={role}
          myAgency={myAgency}
          editable={editable}
          caretUser={caretUser}
          send={send}
        />
      ))}
      {(props.tools || (canAdd && !adding)) && (
        <div className="rt-section-tools">
          {props.tools}
          {canAdd && !adding && (
            <button
              type="button"
              ref={addButton}
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              data-testid="add-compartment"
              onClick={() => setAdding(true)}
            >
              Add restricted information<span className="govuk-visually-hidden"> to {sectionTitle}</span>
            </button>
          )}
        </div>
      )}
      {canAdd && adding && (
        <AddCompartmentForm
          meetingId={meetingId}
          sectionKey={sectionKey}
          sectionTitle={sectionTitle}
          myAgency={myAgency}
          send={send}
          onDone={close}
          onCancel={close}
        />
      )}
    </div>
  );
}
