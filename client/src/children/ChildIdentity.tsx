import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { ChildRecord } from '@roundtable/shared/pathway';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { formatDate } from '../dates';
import { ChangeIdentityForm, type IdentityField } from './ChangeIdentityForm';
import { ChangeLcppForm } from './ChangeLcppForm';
import { formatNhsNumber } from './nhsNumber';
import { PathwayStageTag } from './PathwayStageTag';

type Editing = { form: 'identity'; focus: IdentityField } | { form: 'lcpp' } | null;

interface ChildIdentityProps {
  record: ChildRecord;
  /** Offer the "Change" actions (the reader sees the whole record); the server still decides. */
  canChange: boolean;
  onChanged: () => Promise<void>;
  onErrorsChange: (hasErrors: boolean) => void;
}

/**
 * Who the child is: date of birth, case-system ID, NHS number, LCPP and stage
 * as a GOV.UK summary list, each identity row with its "Change" action.
 * Test hooks: `#child-identity`, `[data-row=<field>]`.
 */
export function ChildIdentity({ record, canChange, onChanged, onErrorsChange }: ChildIdentityProps) {
  const { child } = record;
  const [editing, setEditing] = useState<Editing>(null);
  const opener = useRef<string | null>(null);

  useEffect(() => {
    // Back on the "Change" action that opened the form, once the list is shown again.
    if (editing || !opener.current) return;
    document.querySelector<HTMLElement>(`[data-change="${opener.current}"]`)?.focus();
    opener.current = null;
  }, [editing]);

  function open(next: NonNullable<Editing>, row: string) {
    opener.current = row;
    setEditing(next);
  }
  function close() {
    onErrorsChange(false);
    setEditing(null);
  }
  async function saved() {
    await onChanged();
    close();
  }

  if (editing?.form === 'identity')
    return (
      <ChangeIdentityForm
        child={child}
        focus={editing.focus}
        onSaved={() => void saved()}
        onCancel={close}
        onErrorsChange={onErrorsChange}
      />
    );
  if (editing?.form === 'lcpp')
    return (
      <ChangeLcppForm record={record} onSaved={() => void saved()} onCancel={close} onErrorsChange={onErrorsChange} />
    );

  const row = (key: string, label: string, value: ReactNode, change?: () => void) => (
    <div className={`govuk-summary-list__row${change ? '' : ' govuk-summary-list__row--no-actions'}`} data-row={key}>
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{value}</dd>
      {change && (
        <dd className="govuk-summary-list__actions">
          <button type="button" className="govuk-link rt-link-button" data-change={key} onClick={change}>
            Change<span className="govuk-visually-hidden"> {label}</span>
          </button>
        </dd>
      )}
    </div>
  );
  const changeIdentity = (focus: IdentityField) =>
    canChange ? () => open({ form: 'identity', focus }, focus) : undefined;

  return (
    <dl className="govuk-summary-list" id="child-identity">
      {row('name', 'Name', child.name, changeIdentity('name'))}
      {row(
        'dateOfBirth',
        'Date of birth',
        child.dateOfBirth ? <time dateTime={child.dateOfBirth}>{formatDate(child.dateOfBirth)}</time> : 'Not recorded',
        changeIdentity('dateOfBirth'),
      )}
      {row('caseSystemId', 'Case-system ID', child.caseSystemId ?? 'Not recorded', changeIdentity('caseSystemId'))}
      {row(
        'nhsNumber',
        'NHS number',
        child.nhsNumber ? formatNhsNumber(child.nhsNumber) : 'Not recorded',
        changeIdentity('nhsNumber'),
      )}
      {row(
        'lcpp',
        'Lead child protection practitioner',
        record.lcpp ? `${record.lcpp.displayName}, ${AGENCY_LABELS[record.lcpp.agency]}` : 'Not named yet',
        canChange ? () => open({ form: 'lcpp' }, 'lcpp') : undefined,
      )}
      {row('stage', 'Stage', <PathwayStageTag stage={record.stage} />)}
    </dl>
  );
}
