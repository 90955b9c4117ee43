import { PATHWAY_LIMITS, SetHouseholdRequestSchema, type HouseholdMember } from '@roundtable/shared/pathway';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { describedBy, ErrorMessage } from '../forms/ErrorMessage';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { useFormSubmission } from '../forms/useFormSubmission';

interface PersonDraft extends HouseholdMember {
  /** Stable React key; ids and error paths use the position instead. */
  key: number;
}

let nextKey = 1;
const draft = (member?: HouseholdMember): PersonDraft => ({
  key: nextKey++,
  name: member?.name ?? '',
  relationship: member?.relationship ?? '',
  parentalResponsibility: member?.parentalResponsibility ?? false,
});

export const householdFieldId = (index: number, field: 'name' | 'relationship' | 'pr') => `household-${index}-${field}`;

/** `members.2.relationship` → the input it is about. */
function idForPath(path: string): string | undefined {
  const match = /^members\.(\d+)\.(name|relationship|parentalResponsibility)/.exec(path);
  if (!match) return undefined;
  const field = match[2] === 'parentalResponsibility' ? 'pr' : (match[2] as 'name' | 'relationship');
  return householdFieldId(Number(match[1]), field);
}

interface HouseholdFormProps {
  childId: string;
  childName: string;
  household: readonly HouseholdMember[];
  onSaved: () => void;
  onCancel: () => void;
  onErrorsChange?: (hasErrors: boolean) => void;
}

/**
 * The adults in the child's household: name, relationship and whether they
 * hold parental responsibility. Saving replaces the list (siblings share it).
 */
export function HouseholdForm({
  childId,
  childName,
  household,
  onSaved,
  onCancel,
  onErrorsChange,
}: HouseholdFormProps) {
  const [people, setPeople] = useState<PersonDraft[]>(() =>
    household.length > 0 ? household.map((member) => draft(member)) : [draft()],
  );
  const { errors, setErrors, generalError, attempt, submitting, validate, send } = useFormSubmission({
    onFail: () => onErrorsChange?.(true),
  });
  const focusIndex = useRef<number | null>(0);

  useEffect(() => {
    if (focusIndex.current === null) return;
    const target =
      people.length === 0
        ? document.getElementById('household-add')
        : document.getElementById(householdFieldId(focusIndex.current, 'name'));
    target?.focus();
    focusIndex.current = null;
  }, [people.length]);

  function update(index: number, change: Partial<HouseholdMember>) {
    setPeople((list) => list.map((person, i) => (i === index ? { ...person, ...change } : person)));
  }
  function add() {
    focusIndex.current = people.length;
    setPeople((list) => [...list, draft()]);
  }
  function remove(index: number) {
    focusIndex.current = Math.max(0, index - 1);
    setPeople((list) => list.filter((_, i) => i !== index));
    setErrors({});
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const members = people.map(({ name, relationship, parentalResponsibility }) => ({
      name,
      relationship,
      parentalResponsibility,
    }));
    const parsed = validate(SetHouseholdRequestSchema, { members });
    if (parsed === undefined) return;
    await send(async () => {
      await api.children.setHousehold(childId, parsed);
      onErrorsChange?.(false);
      onSaved();
    });
  }

  const summary = toSummary(
    errors,
    ['members'],
    idForPath,
    people.length > 0 ? householdFieldId(0, 'name') : 'household-add',
  );

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="household-form">
      <h3 className="govuk-heading-s">Change the household</h3>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <p className="govuk-body">
        List the adults who live with {childName} or care for them. The household is shared with {childName}’s siblings.
      </p>
      {people.length === 0 && <p className="govuk-body">No adults listed. Saving now records an empty household.</p>}
      {people.map((person, index) => {
        const number = index + 1;
        const nameId = householdFieldId(index, 'name');
        const relationshipId = householdFieldId(index, 'relationship');
        const nameError = errors[`members.${index}.name`];
        const relationshipError = errors[`members.${index}.relationship`];
        return (
          <fieldset className="govuk-fieldset rt-child" key={person.key} data-household-index={index}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Person {number}</legend>
            <div className={`govuk-form-group${nameError ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label" htmlFor={nameId}>
                Full name<span className="govuk-visually-hidden"> of person {number}</span>
              </label>
              {nameError && <ErrorMessage id={`${nameId}-error`} message={nameError} />}
              <input
                className={`govuk-input govuk-!-width-two-thirds${nameError ? ' govuk-input--error' : ''}`}
                id={nameId}
                name={`members[${index}][name]`}
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={person.name}
                onChange={(event) => update(index, { name: event.target.value })}
                aria-describedby={describedBy(nameError && `${nameId}-error`)}
                aria-invalid={nameError ? true : undefined}
              />
            </div>
            <div className={`govuk-form-group${relationshipError ? ' govuk-form-group--error' : ''}`}>
              <label className="govuk-label" htmlFor={relationshipId}>
                Relationship to the children<span className="govuk-visually-hidden"> of person {number}</span>
              </label>
              <div id={`${relationshipId}-hint`} className="govuk-hint">
                For example, mother, stepfather, grandmother.
              </div>
              {relationshipError && <ErrorMessage id={`${relationshipId}-error`} message={relationshipError} />}
              <input
                className={`govuk-input govuk-!-width-one-half${relationshipError ? ' govuk-input--error' : ''}`}
                id={relationshipId}
                name={`members[${index}][relationship]`}
                type="text"
                autoComplete="off"
                value={person.relationship}
                onChange={(event) => update(index, { relationship: event.target.value })}
                aria-describedby={describedBy(`${relationshipId}-hint`, relationshipError && `${relationshipId}-error`)}
                aria-invalid={relationshipError ? true : undefined}
              />
            </div>
            <div className="govuk-form-group">
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id={householdFieldId(index, 'pr')}
                    name={`members[${index}][parentalResponsibility]`}
                    type="checkbox"
                    checked={person.parentalResponsibility}
                    onChange={(event) => update(index, { parentalResponsibility: event.target.checked })}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={householdFieldId(index, 'pr')}>
                    Has parental responsibility<span className="govuk-visually-hidden"> (person {number})</span>
                  </label>
                </div>
              </div>
            </div>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => remove(index)}>
              Remove<span className="govuk-visually-hidden"> person {number}</span>
            </button>
          </fieldset>
        );
      })}
      {people.length < PATHWAY_LIMITS.householdMembersMax && (
        <button type="button" className="govuk-button govuk-button--secondary" id="household-add" onClick={add}>
          Add {people.length === 0 ? 'a person' : 'another person'}
        </button>
      )}
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
          Save household
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
