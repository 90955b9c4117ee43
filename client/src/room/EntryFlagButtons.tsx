import type { AckResponse } from '@roundtable/shared/meeting-events';
import { RESTRICTION_KINDS, RESTRICTION_LABELS, type RestrictionKind } from '@roundtable/shared/templates';
import { useState } from 'react';

interface EntryFlagButtonsProps {
  restriction: RestrictionKind | null;
  /** What the buttons flag, for screen readers, e.g. "Police’s view". */
  entryName: string;
  /** Sends the new flag (null clears it). */
  onFlag: (restriction: RestrictionKind | null) => Promise<AckResponse<unknown>>;
}

/**
 * Toggle buttons (aria-pressed) that flag a whole entry "police restricted"
 * or "not for the family", or clear the flag by pressing the pressed one again.
 * Shown only to whoever recorded the entry and to the chair (the server
 * checks the same). Test hook: `[data-testid=entry-flag-buttons] [data-restriction-button=<kind>]`.
 */
export function EntryFlagButtons({ restriction, entryName, onFlag }: EntryFlagButtonsProps) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const toggle = async (kind: RestrictionKind) => {
    setSending(true);
    setError(null);
    const response = await onFlag(restriction === kind ? null : kind);
    setSending(false);
    if (!response.ok) setError(response.error.message);
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
            if (!sending) void toggle(kind);
          }}
        >
          {RESTRICTION_LABELS[kind]}
        </button>
      ))}
      {error && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
    </div>
  );
}
