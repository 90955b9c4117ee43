import type { Agency } from '@roundtable/shared/constants';
import {
  type Audience,
  audienceAgencies,
  type LawfulBasis,
  isWidening,
  type ProtectedPersonResponse,
  ShareProtectedPersonRequestSchema,
} from '@roundtable/shared/need-to-know';
import { useState, type FormEvent } from 'react';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { type FieldErrors, toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';
import { AGENCY_CHOICES } from '../need-to-know/AudienceFields';
import { LawfulBasisAndReasonFields } from '../need-to-know/LawfulBasisAndReasonFields';

export const NEVER_NARROWED = 'Who knows their name can only be widened or lifted, never narrowed';
type Scope = 'agencies' | 'everyone';

interface ShareProtectedPersonFormProps {
  person: ProtectedPersonResponse & { audience: Audience };
  send: SendChange;
  onShared: (message: string) => void;
}

/**
 * Widens who may know a protected person's name, or lifts the restriction:
 * the agency that named them, or the chair, with a lawful basis and a reason
 * (an information-sharing decision; the trail links to it). Never narrows: what someone has read cannot be taken back.
 */
export function ShareProtectedPersonForm({ person, send, onShared }: ShareProtectedPersonFormProps) {
  const [scope, setScope] = useState<Scope>('agencies');
  const [agencies, setAgencies] = useState<Agency[]>([...audienceAgencies(person.audience)]);
  const [lawfulBasis, setLawfulBasis] = useState<LawfulBasis | ''>('');
  const [reason, setReason] = useState('');
  const form = useFormSubmission();
  const ids = {
    audience: `share-${person.id}-scope`,
    agencies: `share-${person.id}-agencies`,
    lawfulBasis: `share-${person.id}-basis`,
    reason: `share-${person.id}-reason`,
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const audience: Audience | null =
      scope === 'everyone' ? null : { kind: 'named-agencies', agencies, userIds: person.audience.userIds };
    const extra: FieldErrors = audience && !isWidening(person.audience, audience) ? { audience: NEVER_NARROWED } : {};
    const payload = {
      meetingId: person.meetingId,
      protectedPersonId: person.id,
      audience,
      lawfulBasis: lawfulBasis || undefined,
      reason,
    };
    if (!validateChange(form, ShareProtectedPersonRequestSchema, payload, extra)) return;
    await form.send(async () => {
      const parsed = ShareProtectedPersonRequestSchema.omit({ requestId: true }).parse(payload);
      unwrapAck(await send('protected-person:share', parsed));
      setReason('');
      setLawfulBasis('');
      form.clearErrors();
      onShared(
        audience
          ? `More people may now know who ${person.label} is`
          : `Everyone in the meeting may now know who ${person.label} is`,
      );
    });
  }

  const summary = toSummary(
    form.errors,
    ['audience', 'lawfulBasis', 'reason'],
    (path) =>
      path === 'audience.agencies'
        ? ids.agencies
        : path === 'reason' || path === 'lawfulBasis'
          ? ids[path]
          : ids.audience,
    ids.audience,
  );
  return (
    <details className="govuk-details govuk-!-margin-bottom-0">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Widen who may know<span className="govuk-visually-hidden"> who {person.label} is</span>
        </span>
      </summary>
      <div className="govuk-details__text">
        <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="share-protected-person-form">
          <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
          <RadiosField
            id={ids.audience}
            legend="Who may know their name?"
            legendClass="govuk-fieldset__legend--s"
            value={scope}
            options={[
              { value: 'agencies', text: 'Members of these agencies, and the chair' },
              { value: 'everyone', text: 'Everyone in the meeting' },
            ]}
            onChange={setScope}
            error={form.errors.audience}
            small
          />
          {scope === 'agencies' && (
            <CheckboxesField
              id={ids.agencies}
              legend="Which agencies?"
              legendClass="govuk-fieldset__legend--s"
              values={agencies}
              options={AGENCY_CHOICES}
              onChange={setAgencies}
              error={form.errors['audience.agencies']}
              small
            />
          )}
          <LawfulBasisAndReasonFields
            ids={ids}
            lawfulBasis={lawfulBasis}
            onLawfulBasisChange={setLawfulBasis}
            reason={reason}
            onReasonChange={setReason}
            errors={form.errors}
            basisLegend="Lawful basis for sharing it"
            basisLegendClass="govuk-fieldset__legend--s"
            basisHint="Sharing a protected person’s name is an information-sharing decision."
            reasonLabel="Why is it right to share their name?"
            reasonHint="Recorded with your name. Say who needs it and why."
          />
          <button type="submit" className="govuk-button govuk-button--secondary" disabled={form.submitting}>
            Widen who may know
          </button>
        </form>
      </div>
    </details>
  );
}
