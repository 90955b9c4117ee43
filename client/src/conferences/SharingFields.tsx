import { PATHWAY_LIMITS } from '@roundtable/shared/pathway';
import type { FieldErrors } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextareaField } from '../forms/TextareaField';

export type SharedAnswer = 'yes' | 'no' | '';

/** The request's fields from the answers; an unanswered question stays undefined so the schema asks for it. */
export function sharingRequest(shared: SharedAnswer, reason: string) {
  return {
    sharedWithParents: shared === '' ? undefined : shared === 'yes',
    notSharedReason: shared === 'no' ? reason : '',
  };
}

export const sharingFieldIds = (prefix: string) => ({
  sharedWithParents: `${prefix}-shared`,
  notSharedReason: `${prefix}-not-shared-reason`,
});

interface SharingFieldsProps {
  idPrefix: string;
  shared: SharedAnswer;
  reason: string;
  errors: FieldErrors;
  onShared: (shared: SharedAnswer) => void;
  onReason: (reason: string) => void;
}

/**
 * Whether the parents see a report before the conference, and if not, the
 * safeguarding reason (DOMAIN-PATHWAY §1.4: the family should hear nothing
 * new in the room; withholding is the exception, documented). The reason is
 * asked for only when the answer is no.
 */
export function SharingFields({ idPrefix, shared, reason, errors, onShared, onReason }: SharingFieldsProps) {
  const ids = sharingFieldIds(idPrefix);
  return (
    <>
      <RadiosField
        id={ids.sharedWithParents}
        legend="Can the parents see this report before the conference?"
        hint="Parents should hear nothing new in the conference. Their copy goes to them before it."
        value={shared}
        options={[
          { value: 'yes', text: 'Yes, share it with the parents' },
          { value: 'no', text: 'No, not for now', hint: 'Only for a safeguarding reason. You will be asked why.' },
        ]}
        onChange={onShared}
        error={errors.sharedWithParents}
        small
      />
      {shared === 'no' && (
        <TextareaField
          id={ids.notSharedReason}
          name="notSharedReason"
          label="Why the parents cannot see it"
          hint={`The safeguarding reason, for example information from a police investigation. The chair and other agencies can read this; the parents cannot. Up to ${PATHWAY_LIMITS.reasonsMaxLength} characters.`}
          value={reason}
          onChange={onReason}
          error={errors.notSharedReason}
          rows={3}
          labelClass="govuk-label--s"
        />
      )}
    </>
  );
}
