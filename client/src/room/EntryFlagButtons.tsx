import type { AckResponse } from '@roundtable/shared/meeting-events';
import { RESTRICTION_KINDS, RESTRICTION_LABELS, type RestrictionKind } from '@roundtable/shared/templates';
import { useId, useRef, useState, type FormEvent } from 'react';

/** Flags that keep an entry from members outside the agency (not "not for the family", a family-version filter). */
const RESTRICTING: readonly string[] = ['police-restricted', 'health-restricted'];

/** True when the flag restricts who among the members may read the entry. */
export function isRestrictingFlag(restriction: RestrictionKind | null): boolean {
  return restriction !== null && RESTRICTING.includes(restriction);
}

interface EntryFlagButtonsProps {
  restriction: RestrictionKind | null;
  /** What the buttons flag, for screen readers, e.g. "Police’s view". */
  entryName: string;
  /**
   * The chair is lifting or loosening another agency's restriction: asked for
   * a reason first, which the server records in the audit trail.
   */
  reasonNeeded?: (next: RestrictionKind | null) => boolean;
  /** Sends the new flag (null clears it), with the reason when one was asked for. */
  onFlag: (restriction: RestrictionKind | null, reason?: string) => Promise<AckResponse<unknown>>;
}

/**
 * Toggle buttons (aria-pressed) that flag a whole entry "police restricted",
 * "health restricted" or "not for the family", or clear the flag by pressing
 * the pressed one again. Shown only to whoever recorded the entry and to the
 * chair (the server checks the same). A chair lifting another agency's
 * restriction gives a reason first. Test hooks:
 * `[data-testid=entry-flag-buttons] [data-restriction-button=<kind>]`, `[data-testid=flag-reason-form]`.
 */
export function EntryFlagButtons({ restriction, entryName, reasonNeeded, onFlag }: EntryFlagButtonsProps) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ next: RestrictionKind | null } | null>(null);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const reasonField = useRef<HTMLTextAreaElement>(null);

  const send = async (next: RestrictionKind | null, withReason?: string) => {
    setSending(true);
    setError(null);
    const response = await onFlag(next, withReason);
    setSending(false);
    if (!response.ok) setError(response.error.message);
    else {
      setAsking(null);
      setReason('');
    }
  };

  const toggle = (kind: RestrictionKind) => {
    const next = restriction === kind ? null : kind;
    if (reasonNeeded?.(next)) {
      setAsking({ next });
      setError(null);
      setTimeout(() => reasonField.current?.focus());
    } else void send(next);
  };

  const submitReason = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!asking) return;
    if (reason.trim() === '') {
      setError('Enter why you are lifting this restriction');
      reasonField.current?.focus();
      return;
    }
    void send(asking.next, reason.trim());
  };

  return (
    <div
      className="rt-restriction-toolbar"
      role="group"
      aria-label={`Flags for ${entryName}`}
      data-testid="entry-flag-buttons"
    >
      {RESTRICTION_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className="govuk-button govuk-button--secondary rt-restriction-toolbar__button"
          aria-pressed={restriction === kind}
          aria-disabled={sending}
          data-restriction-button={kind}
          onClick={() => {
            if (!sending) toggle(kind);
          }}
        >
          {RESTRICTION_LABELS[kind]}
        </button>
      ))}
      {asking && (
        <form noValidate onSubmit={submitReason} data-testid="flag-reason-form" className="govuk-!-width-full">
          <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label govuk-label--s" htmlFor={reasonId}>
              Why are you lifting this restriction?
            </label>
            <div className="govuk-hint" id={`${reasonId}-hint`}>
              Another agency restricted {entryName}. As chair you can lift it; your reason is recorded in the audit
              trail.
            </div>
            {error && (
              <p className="govuk-error-message" id={`${reasonId}-error`}>
                <span className="govuk-visually-hidden">Error:</span> {error}
              </p>
            )}
            <textarea
              ref={reasonField}
              className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
              id={reasonId}
              rows={2}
              value={reason}
              aria-describedby={`${reasonId}-hint${error ? ` ${reasonId}-error` : ''}`}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-!-margin-bottom-0" aria-disabled={sending}>
              Lift restriction
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={() => {
                setAsking(null);
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && !asking && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
    </div>
  );
}
