import type { FgdmState } from '@roundtable/shared/fgdm';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { fgdmApi } from './fgdmApi';
import { EMPTY_SUPPORT_DRAFT, supportRequest, type SupportDraft } from './fgdmDrafts';

const IDS = {
  who: 'support-who',
  support: 'support-text',
  costPence: 'support-cost',
  frequency: 'support-frequency',
  approved: 'support-approved',
} as const;

/** Adds an item to the family network support package (DOMAIN-PATHWAY §5.3). Test hook: `#add-support-form`. */
export function AddSupportForm({ meetingId, onAdded }: { meetingId: string; onAdded: (state: FgdmState) => void }) {
  const [draft, setDraft] = useState<SupportDraft>(EMPTY_SUPPORT_DRAFT);
  const form = useFormSubmission();
  const set = (change: Partial<SupportDraft>) => setDraft((previous) => ({ ...previous, ...change }));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { body, errors } = supportRequest(draft);
    if (!body) return form.fail(errors);
    form.clearErrors();
    await form.send(async () => {
      onAdded(await fgdmApi.addSupportItem(meetingId, body));
      setDraft(EMPTY_SUPPORT_DRAFT);
    });
  }

  return (
    <form id="add-support-form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <h4 className="govuk-heading-s">Add support</h4>
      <ErrorSummary
        errors={toSummary(
          form.errors,
          ['who', 'support', 'costPence', 'frequency', 'approved'],
          (path) => (IDS as Record<string, string>)[path],
          IDS.who,
        )}
        description={form.generalError}
        attempt={form.attempt}
      />
      <TextField
        id={IDS.who}
        name="who"
        label="Who the support is for"
        hint="A person in the family network, by name or role, for example “Grandmother”."
        value={draft.who}
        onChange={(who) => set({ who })}
        error={form.errors.who}
        labelClass="govuk-label--s"
      />
      <TextareaField
        id={IDS.support}
        name="support"
        label="What support"
        hint="For example, a bed for the spare room, or help with travel for school pick-ups."
        value={draft.support}
        onChange={(support) => set({ support })}
        error={form.errors.support}
        rows={2}
        labelClass="govuk-label--s"
      />
      <TextField
        id={IDS.costPence}
        name="cost"
        label="Cost in pounds"
        hint="For example, 250 or 1200.50. Enter 0 if it costs nothing."
        value={draft.cost}
        onChange={(cost) => set({ cost })}
        error={form.errors.costPence}
        widthClass="govuk-input--width-10"
        labelClass="govuk-label--s"
      />
      <TextField
        id={IDS.frequency}
        name="frequency"
        label="How often and for how long"
        hint="For example, once, or weekly for 12 weeks."
        value={draft.frequency}
        onChange={(frequency) => set({ frequency })}
        error={form.errors.frequency}
        labelClass="govuk-label--s"
      />
      <RadiosField
        id={IDS.approved}
        legend="Is it approved?"
        value={draft.approved}
        options={[
          { value: 'yes', text: 'Yes, approved' },
          { value: 'no', text: 'Not yet' },
        ]}
        onChange={(approved) => set({ approved })}
        error={form.errors.approved}
        legendClass="govuk-fieldset__legend--s"
        inline
        small
      />
      <button type="submit" className="govuk-button govuk-button--secondary" disabled={form.submitting}>
        Add support
      </button>
    </form>
  );
}
