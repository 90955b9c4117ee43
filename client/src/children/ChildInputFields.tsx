import type { ChildRef } from '@roundtable/shared/pathway';
import { describedBy, ErrorMessage } from '../forms/ErrorMessage';
import { ChildLookup } from './ChildLookup';
import { childFieldIds, type ChildDraft, type ChildField } from './childDraft';
import { DateInputField } from '../forms/DateInputField';

interface ChildInputFieldsProps {
  /** Prefix of every input id (`children-0`, `add-child`). */
  idPrefix: string;
  /** Hidden text naming the child when a form has several ("child 2"). */
  who?: string;
  draft: ChildDraft;
  onChange: (draft: ChildDraft) => void;
  errors: Partial<Record<ChildField, string>>;
  unavailable?: ReadonlyMap<string, string>;
}

/**
 * One child: an existing child (found by case-system ID or NHS number) or a
 * new one (name, optional date of birth, case-system ID and NHS number).
 * Children are never matched on name alone.
 */
export function ChildInputFields({ idPrefix, who, draft, onChange, errors, unavailable }: ChildInputFieldsProps) {
  const ids = childFieldIds(idPrefix);
  const hidden = (text: string) => (who ? <span className="govuk-visually-hidden"> {text}</span> : null);
  const set = (change: Partial<ChildDraft>) => onChange({ ...draft, ...change });

  return (
    <>
      <div className="govuk-form-group">
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            Is {who ?? 'the child'} already on Roundtable?
          </legend>
          <div className="govuk-radios govuk-radios--small govuk-radios--inline">
            {(
              [
                ['new', 'No, add a new child'],
                ['existing', 'Yes, find their record'],
              ] as const
            ).map(([mode, text], index) => {
              const id = index === 0 ? ids.mode : `${ids.mode}-${mode}`;
              return (
                <div className="govuk-radios__item" key={mode}>
                  <input
                    className="govuk-radios__input"
                    id={id}
                    name={ids.mode}
                    type="radio"
                    value={mode}
                    checked={draft.mode === mode}
                    onChange={() => set({ mode })}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={id}>
                    {text}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>
      {draft.mode === 'existing' ? (
        <ChildLookup
          id={ids.childId}
          who={who}
          query={draft.query}
          onQueryChange={(query) => set({ query })}
          picked={draft.picked}
          onPick={(picked: ChildRef | null) => set({ picked })}
          unavailable={unavailable}
          error={errors.childId}
        />
      ) : (
        <>
          <div className={`govuk-form-group${errors.name ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label" htmlFor={ids.name}>
              Full name{hidden(`of ${who}`)}
            </label>
            {errors.name && <ErrorMessage id={`${ids.name}-error`} message={errors.name} />}
            <input
              className={`govuk-input govuk-!-width-two-thirds${errors.name ? ' govuk-input--error' : ''}`}
              id={ids.name}
              name={`${idPrefix}-name`}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={draft.name}
              onChange={(event) => set({ name: event.target.value })}
              aria-describedby={describedBy(errors.name && `${ids.name}-error`)}
              aria-invalid={errors.name ? true : undefined}
            />
          </div>
          <DateInputField
            id={`${idPrefix}-dob`}
            legend={<>Date of birth{hidden(`of ${who}`)} (optional)</>}
            hint="For example, 27 3 2021. Leave blank if it is not known or the child is unborn."
            value={draft}
            onChange={({ day, month, year }) => set({ day, month, year })}
            error={errors.dateOfBirth}
          />
          <OptionalIdField
            id={ids.caseSystemId}
            label="Case-system ID (optional)"
            who={who}
            hint="The child’s ID in the local authority’s case management system, if they have one."
            value={draft.caseSystemId}
            onChange={(caseSystemId) => set({ caseSystemId })}
            error={errors.caseSystemId}
            width="govuk-input--width-20"
          />
          <OptionalIdField
            id={ids.nhsNumber}
            label="NHS number (optional)"
            who={who}
            hint="10 digits, like 943 476 5919."
            value={draft.nhsNumber}
            onChange={(nhsNumber) => set({ nhsNumber })}
            error={errors.nhsNumber}
            width="govuk-input--width-10"
            numeric
          />
        </>
      )}
    </>
  );
}

function OptionalIdField(props: {
  id: string;
  label: string;
  who?: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  width: string;
  numeric?: boolean;
}) {
  const { id, error } = props;
  const hintId = `${id}-hint`;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {props.label}
        {props.who && <span className="govuk-visually-hidden"> of {props.who}</span>}
      </label>
      <div id={hintId} className="govuk-hint">
        {props.hint}
      </div>
      {error && errorId && <ErrorMessage id={errorId} message={error} />}
      <input
        className={`govuk-input ${props.width}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        inputMode={props.numeric ? 'numeric' : undefined}
        autoComplete="off"
        spellCheck={false}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-describedby={describedBy(hintId, errorId)}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}
