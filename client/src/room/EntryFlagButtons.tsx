import type { AckResponse } from '@roundtable/shared/meeting-events';
import type { LawfulBasis } from '@roundtable/shared/need-to-know';
import { RESTRICTION_KINDS, RESTRICTION_LABELS, type RestrictionKind } from '@roundtable/shared/templates';
import { useId, useRef, useState, type FormEvent } from 'react';
import { RadiosField } from '../forms/RadiosField';
import { LAWFUL_BASIS_CHOICES } from '../need-to-know/ShareCompartmentForm';

/** Flags that keep an entry from members outside the agency (not "not for the family", a family-version filter). */
const RESTRICTING: readonly string[] = ['police-restricted', 'health-restricted'];

/** True when the flag restricts who among the members may read the entry. */
export function isRestrictingFlag(restriction: RestrictionKind | null): boolean {
  return restriction !== null && RESTRICTING.includes(restriction);
}

/** Why a restriction is lifted, and on what lawful basis (recorded as an information-sharing decision). */
export interface FlagDecision {
  reason: string;
  lawfulBasis: LawfulBasis;
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
  /**
   * Sends the new flag (null clears it), with the reason and lawful basis when
   * they were asked for: lifting it so is an information-sharing decision.
   */
  onFlag: (restriction: RestrictionKind | null, decision?: FlagDecision) => Promise<AckResponse<unknown>>;
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
  const [lawfulBasis, setLawfulBasis] = useState<LawfulBasis | ''>('');
  const [basisError, setBasisError] = useState<string | null>(null);
  const reasonId = useId();
  const reasonField = useRef<HTMLTextAreaElement>(null);

  const send = async (next: RestrictionKind | null, decision?: FlagDecision) => {
    setSending(true);
    setError(null);
    const response = await onFlag(next, decision);
    setSending(false);
    if (!response.ok) setError(response.error.message);
    else {
      setAsking(null);
      setReason('');
      setLawfulBasis('');
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
    const missingReason = reason.trim() === '';
    setError(missingReason ? 'Enter why you are lifting this restriction' : null);
    setBasisError(lawfulBasis === '' ? 'Choose the lawful basis for sharing it' : null);
    if (lawfulBasis === '') {
      document.getElementById(`${reasonId}-basis`)?.focus();
      return;
    }
    if (missingReason) {
      reasonField.current?.focus();
      return;
    }
    void send(asking.next, { reason: reason.trim(), lawfulBasis });
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
          <RadiosField
            id={`${reasonId}-basis`}
            legend="Lawful basis for sharing it"
            hint="Lifting a restriction is an information-sharing decision."
            value={lawfulBasis}
            options={LAWFUL_BASIS_CHOICES}
            onChange={setLawfulBasis}
            error={basisError ?? undefined}
            small
          />
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
                setBasisError(null);
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
