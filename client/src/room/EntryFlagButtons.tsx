import type { AckResponse } from '@roundtable/shared/meeting-events';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { LawfulBasis } from '@roundtable/shared/need-to-know';
import { type FlagChangeRuling, flagChangeRuling } from '@roundtable/shared/permissions';
import { RESTRICTION_KINDS, RESTRICTION_LABELS, type RestrictionKind } from '@roundtable/shared/templates';
import { useId, useRef, useState, type FormEvent } from 'react';
import { RadiosField } from '../forms/RadiosField';
import { LAWFUL_BASIS_CHOICES } from '../need-to-know/LawfulBasisAndReasonFields';

/** Flags that keep an entry from members outside the agency (not "not for the family", a family-version filter). */
const RESTRICTING: readonly string[] = ['police-restricted', 'health-restricted'];

/** True when the flag restricts who among the members may read the entry. */
export function isRestrictingFlag(restriction: RestrictionKind | null): boolean {
  return restriction !== null && RESTRICTING.includes(restriction);
}

/** Who is changing a flag: the member as the server's flag rule sees them. */
export interface Flagger {
  role: MeetingRole;
  userId: string;
  agency: Agency;
}

/** An entry as the flag rule sees it: who recorded it, and the agency that owns its restriction. */
export interface FlaggedEntry {
  recordedByUserId: string;
  owningAgency: Agency;
  restriction: RestrictionKind | null;
}

/** An action as the flag rule sees it: its restriction is owned by the agency of whoever recorded it. */
export function flaggedAction(action: {
  createdBy: { userId: string; agency: Agency };
  restriction: RestrictionKind | null;
}): FlaggedEntry {
  return {
    recordedByUserId: action.createdBy.userId,
    owningAgency: action.createdBy.agency,
    restriction: action.restriction,
  };
}

/** What pressing `kind`'s button would ask of the server: toggling it on, or off when it is pressed. */
function rulingFor(flagger: Flagger, entry: FlaggedEntry, kind: RestrictionKind): FlagChangeRuling {
  const next = entry.restriction === kind ? null : kind;
  return flagChangeRuling(flagger, entry, entry.restriction, next, false);
}

/** True when the member may change the entry's flag in some way (shared/src/permissions.ts `flagChangeRuling`). */
export function mayChangeFlag(flagger: Flagger, entry: FlaggedEntry): boolean {
  return RESTRICTION_KINDS.some((kind) => rulingFor(flagger, entry, kind) !== 'refused');
}

/** Why a restriction is lifted, and on what lawful basis (recorded as an information-sharing decision). */
export interface FlagDecision {
  reason: string;
  lawfulBasis: LawfulBasis;
}

interface EntryFlagButtonsProps {
  entry: FlaggedEntry;
  /**
   * The member pressing the buttons: only the changes the server would accept
   * are offered, and a chair lifting another agency's restriction is asked for
   * a reason first, which is recorded as an information-sharing decision.
   */
  flagger: Flagger;
  /** What the buttons flag, for screen readers, e.g. "Police’s view". */
  entryName: string;
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
export function EntryFlagButtons({ entry, flagger, entryName, onFlag }: EntryFlagButtonsProps) {
  const { restriction } = entry;
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
    if (rulingFor(flagger, entry, kind) === 'reason-required') {
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
      {RESTRICTION_KINDS.filter((kind) => rulingFor(flagger, entry, kind) !== 'refused').map((kind) => (
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
