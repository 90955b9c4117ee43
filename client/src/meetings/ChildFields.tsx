import { ChildInputFields } from '../children/ChildInputFields';
import type { ChildDraft, ChildField } from '../children/childDraft';

interface ChildFieldsProps {
  index: number;
  child: ChildDraft;
  errors: Partial<Record<ChildField, string>>;
  onChange: (child: ChildDraft) => void;
  onRemove?: () => void;
  unavailable?: ReadonlyMap<string, string>;
}

/** One child in the create form: an existing child found by ID, or a new one. */
export function ChildFields({ index, child, errors, onChange, onRemove, unavailable }: ChildFieldsProps) {
  const number = index + 1;
  return (
    <div className="rt-child" data-child-index={index}>
      <h3 className="govuk-heading-s">Child {number}</h3>
      <ChildInputFields
        idPrefix={`children-${index}`}
        who={`child ${number}`}
        draft={child}
        onChange={onChange}
        errors={errors}
        unavailable={unavailable}
      />
      {onRemove && (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onRemove}>
          Remove<span className="govuk-visually-hidden"> child {number}</span>
        </button>
      )}
    </div>
  );
}
