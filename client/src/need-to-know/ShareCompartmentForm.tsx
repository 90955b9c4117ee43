import { AGENCIES, AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import {
  audienceAgencies,
  isWidening,
  type Audience,
  type LawfulBasis,
  type OpenCompartment,
  ShareCompartmentRequestSchema,
} from '@roundtable/shared/need-to-know';
import { useState, type FormEvent } from 'react';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';
import { LawfulBasisAndReasonFields } from './LawfulBasisAndReasonFields';

type Scope = 'lift' | 'widen';

interface ShareCompartmentFormProps {
  compartment: OpenCompartment & { audience: Audience };
  /** The chair sharing another agency's information: said in the hint (the reason is audited). */
  asChair: boolean;
  send: SendChange;
  onDone: () => void;
  onCancel: () => void;
}

/**
 * Shares restricted information more widely (`compartment:share`): lift the
 * restriction, or name more agencies; never narrower. An information-sharing
 * decision, so a lawful basis and a reason are required and recorded.
 * Test hook: `[data-testid=share-compartment-form]`.
 */
export function ShareCompartmentForm({ compartment, asChair, send, onDone, onCancel }: ShareCompartmentFormProps) {
  const current = compartment.audience;
  const [scope, setScope] = useState<Scope | ''>('');
  const [agencies, setAgencies] = useState<Agency[]>([...audienceAgencies(current)]);
  const [lawfulBasis, setLawfulBasis] = useState<LawfulBasis | ''>('');
  const [reason, setReason] = useState('');
  const form = useFormSubmission();
  const id = `share-compartment-${compartment.id}`;
  const ids: Record<string, string> = {
    scope: `${id}-scope`,
    audience: `${id}-scope`,
    agencies: `${id}-agencies`,
    'audience.agencies': `${id}-agencies`,
    lawfulBasis: `${id}-lawful-basis`,
    reason: `${id}-reason`,
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const audience: Audience | null =
      scope === 'lift' ? null : { kind: 'named-agencies', agencies, userIds: current.userIds };
    const extra: Record<string, string> = {};
    if (scope === '') extra.scope = 'Choose how widely to share it';
    else if (audience && !isWidening(current, audience))
      extra.agencies = `Keep ${audienceAgencies(current)
        .map((agency) => AGENCY_LABELS[agency])
        .join(' and ')}: information can be shared more widely, never taken back`;
    else if (audience && audienceAgencies(current).length === agencies.length)
      extra.agencies = 'Select at least one more agency';
    const payload = { meetingId: compartment.meetingId, compartmentId: compartment.id, audience, lawfulBasis, reason };
    if (!validateChange(form, ShareCompartmentRequestSchema, payload, extra) || lawfulBasis === '') return;
    await form.send(async () => {
      unwrapAck(await send('compartment:share', { ...payload, lawfulBasis }));
      onDone();
    });
  }

  const summary = toSummary(
    form.errors,
    ['scope', 'audience', 'agencies', 'lawfulBasis', 'reason'],
    (path) => ids[path],
    ids.scope!,
  );
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="share-compartment-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <RadiosField<Scope>
        id={ids.scope!}
        legend="How widely should it be shared?"
        hint={
          asChair
            ? `This is ${AGENCY_LABELS[compartment.ownerAgency].toLowerCase()} information. As chair you can share it; your reason is recorded in the audit trail.`
            : 'Once shared, it cannot be restricted again.'
        }
        value={scope}
        options={[
          { value: 'widen', text: 'Share with more agencies' },
          { value: 'lift', text: 'Lift the restriction', hint: 'Every member of this meeting will see it' },
        ]}
        onChange={setScope}
        error={form.errors.scope}
        small
      />
      {scope === 'widen' && (
        <CheckboxesField
          id={ids.agencies!}
          legend="Which agencies may see it?"
          hint="Select all that apply. Agencies that can already see it stay selected."
          values={agencies}
          options={AGENCIES.map((value) => ({ value, text: AGENCY_LABELS[value] }))}
          onChange={setAgencies}
          error={form.errors.agencies ?? form.errors['audience.agencies']}
          small
        />
      )}
      <LawfulBasisAndReasonFields
        ids={{ lawfulBasis: ids.lawfulBasis!, reason: ids.reason! }}
        lawfulBasis={lawfulBasis}
        onLawfulBasisChange={setLawfulBasis}
        reason={reason}
        onReasonChange={setReason}
        errors={form.errors}
        basisLegend="Lawful basis for sharing"
        basisHint="Consent is usually not the right basis for safeguarding."
        reasonLabel="Why is it being shared?"
        reasonHint="Recorded as an information-sharing decision, with your name."
        reasonLabelClass="govuk-label--s"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button govuk-!-margin-bottom-0" disabled={form.submitting}>
          Share
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
