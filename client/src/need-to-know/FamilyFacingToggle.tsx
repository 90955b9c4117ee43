import type { FamilyFacingItem } from '@roundtable/shared/need-to-know';
import { useId, useState } from 'react';
import type { SendChange } from '../meeting-events/sendTypes';

interface FamilyFacingToggleProps {
  meetingId: string;
  item: FamilyFacingItem;
  /** What is shared, for the label: "Share Strengths with the family". */
  name: string;
  marked: boolean;
  send: SendChange;
}

/**
 * The chair's "Share with the family" mark on one item (`family-facing:set`):
 * only marked items go into the family version. A GOV.UK small checkbox that
 * sends at once; the mark shown is the server's. Test hook:
 * `[data-testid=family-facing-toggle][data-item-type][data-item-id]`.
 */
export function FamilyFacingToggle({ meetingId, item, name, marked, send }: FamilyFacingToggleProps) {
  const id = useId();
  const [sending, setSending] = useState(false);
  // What was asked for, shown at once until the server answers (then the mark is the server's).
  const [asked, setAsked] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);

  const toggle = async (familyFacing: boolean) => {
    setSending(true);
    setAsked(familyFacing);
    setError(null);
    const response = await send('family-facing:set', { meetingId, item, familyFacing });
    setSending(false);
    setAsked(null);
    if (!response.ok) setError(response.error.message);
  };

  return (
    <div
      className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}
      data-testid="family-facing-toggle"
      data-item-type={item.type}
      data-item-id={item.id}
    >
      {error && (
        <p className="govuk-error-message" id={`${id}-error`} role="alert">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={id}
            type="checkbox"
            checked={asked ?? marked}
            aria-disabled={sending}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => {
              if (!sending) void toggle(event.target.checked);
            }}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            Share with the family<span className="govuk-visually-hidden">: {name}</span>
          </label>
        </div>
      </div>
    </div>
  );
}

/** The family version's rule, in words, once per place the chair marks items. */
export function FamilyVersionHint() {
  return (
    <p className="govuk-hint" data-testid="family-version-hint">
      Only what you mark “Share with the family” goes into the family version. A paragraph with a passage flagged “Not
      for the family” is withheld whole, and the family version says a paragraph was withheld.
    </p>
  );
}
