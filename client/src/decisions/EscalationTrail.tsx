import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { DISSENT_PART_LABELS, ESCALATION_STAGE_LABELS, type DissentResponse } from '@roundtable/shared/decisions';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../dates';
import type { SendChange } from '../meeting-events/sendTypes';
import { personText } from './decisionText';
import { EscalationStepForm } from './EscalationStepForm';
import { ResolveEscalationForm } from './ResolveEscalationForm';

interface EscalationTrailProps {
  meetingId: string;
  dissent: DissentResponse;
  canEscalate: boolean;
  send: SendChange;
}

type Editing = 'none' | 'step' | 'resolve';

/**
 * One agency's dissent and its escalation trail (DOMAIN.md §3.7): every step
 * dated and attributed, then the outcome. Test hooks: `[data-dissent-id]` with
 * `data-escalation-status`, `li[data-step-id]`.
 */
export function EscalationTrail({ meetingId, dissent, canEscalate, send }: EscalationTrailProps) {
  const [editing, setEditing] = useState<Editing>('none');
  const buttons = useRef<HTMLDivElement>(null);
  const returnFocus = useRef(false);
  const { escalation } = dissent;
  const open = escalation.status === 'open';

  useEffect(() => {
    if (editing !== 'none' || !returnFocus.current) return;
    returnFocus.current = false;
    buttons.current?.querySelector('button')?.focus();
  }, [editing]);
  const done = () => {
    returnFocus.current = true;
    setEditing('none');
  };

  return (
    <div className="rt-dissent" data-dissent-id={dissent.id} data-escalation-status={escalation.status}>
      <h5 className="govuk-heading-s govuk-!-margin-bottom-2">
        {AGENCY_LABELS[dissent.agency]} dissents{' '}
        <strong className={`govuk-tag ${open ? 'govuk-tag--orange' : 'govuk-tag--green'}`}>
          {open ? `Escalation: ${ESCALATION_STAGE_LABELS[escalation.stage]}` : 'Resolved'}
        </strong>
      </h5>
      <p className="govuk-body govuk-!-margin-bottom-1" data-dissent-part={dissent.part}>
        <strong>Dissents from:</strong> {DISSENT_PART_LABELS[dissent.part]}
      </p>
      <p className="govuk-body rt-preserve-lines">{dissent.reasons}</p>
      <p className="govuk-body-s">
        Recorded by {personText(dissent.recordedBy)} on{' '}
        <time dateTime={dissent.recordedAt}>{formatDateTime(dissent.recordedAt)}</time>
      </p>
      <h6 className="govuk-heading-s govuk-!-font-size-16 govuk-!-margin-bottom-1">Escalation trail</h6>
      <ol className="govuk-list govuk-list--number">
        {escalation.steps.map((step) => (
          <li key={step.id} data-step-id={step.id} data-stage={step.stage}>
            <strong>{ESCALATION_STAGE_LABELS[step.stage]}</strong>,{' '}
            <time dateTime={step.recordedAt}>{formatDateTime(step.recordedAt)}</time>, by {personText(step.recordedBy)}
            <span className="rt-presence__detail rt-preserve-lines">{step.note}</span>
          </li>
        ))}
      </ol>
      {!open && (
        <div className="govuk-inset-text" data-testid="escalation-outcome">
          <strong>Outcome:</strong> <span className="rt-preserve-lines">{escalation.outcome}</span>
          {escalation.resolvedBy && escalation.resolvedAt && (
            <span className="rt-presence__detail govuk-body-s">
              Resolved by {personText(escalation.resolvedBy)} on {formatDateTime(escalation.resolvedAt)}
            </span>
          )}
        </div>
      )}
      {open && canEscalate && editing === 'step' && (
        <EscalationStepForm meetingId={meetingId} dissent={dissent} send={send} onDone={done} />
      )}
      {open && canEscalate && editing === 'resolve' && (
        <ResolveEscalationForm meetingId={meetingId} dissent={dissent} send={send} onDone={done} />
      )}
      {open && canEscalate && editing === 'none' && (
        <div className="govuk-button-group" ref={buttons}>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setEditing('step')}>
            Add an escalation step
            <span className="govuk-visually-hidden"> for {AGENCY_LABELS[dissent.agency]}’s dissent</span>
          </button>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setEditing('resolve')}>
            Resolve<span className="govuk-visually-hidden"> {AGENCY_LABELS[dissent.agency]}’s dissent</span>
          </button>
        </div>
      )}
    </div>
  );
}
