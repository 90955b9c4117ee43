import { AGENCY_LABELS, type Agency, type MeetingRole } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { SendChange } from '../meeting-events/sendTypes';
import { EntryFlagButtons, type FlaggedEntry, mayChangeFlag } from '../room/EntryFlagButtons';

interface ViewFlagsProps {
  decision: DecisionResponse;
  role: MeetingRole;
  myUserId: string;
  /** The reader's agency: its members lift its restrictions; the chair lifting another agency's gives a reason. */
  myAgency: Agency;
  send: SendChange;
}

/**
 * Flags on the current agency views the user may flag (`flagChangeRuling`):
 * the views they recorded, every view for the chair, and their own agency's
 * restricted views to lift (DOMAIN.md §7). Views are final once
 * the meeting concludes. Test hook: `[data-testid=view-flags] [data-view-id]`.
 */
export function ViewFlags({ decision, role, myUserId, myAgency, send }: ViewFlagsProps) {
  const flagger = { role, userId: myUserId, agency: myAgency };
  const entryOf = (v: DecisionResponse['currentViews'][number]): FlaggedEntry => ({
    recordedByUserId: v.recordedBy.userId,
    owningAgency: v.agency,
    restriction: v.restriction,
  });
  const mine = decision.currentViews.filter((v) => mayChangeFlag(flagger, entryOf(v)));
  if (mine.length === 0) return null;
  return (
    <div data-testid="view-flags" className="govuk-!-margin-bottom-4">
      <h4 className="govuk-heading-s">Restriction flags on views</h4>
      <p className="govuk-hint">
        Flag a view that must not be shared: restricted to your agency, or “Not for the family”. A restricted view
        reaches only its agency and the chair; everyone else is told it is withheld. Press a pressed flag again to
        remove it.
      </p>
      <ul className="govuk-list">
        {mine.map((view) => {
          const name = `${AGENCY_LABELS[view.agency]}’s view`;
          return (
            <li key={view.id} data-view-id={view.id}>
              <p className="govuk-body govuk-!-margin-bottom-1">{name}</p>
              <EntryFlagButtons
                entry={entryOf(view)}
                flagger={flagger}
                entryName={name}
                onFlag={(restriction, sharing) => {
                  const payload = {
                    meetingId: decision.meetingId,
                    decisionId: decision.id,
                    viewId: view.id,
                    restriction,
                    ...sharing,
                  };
                  return send('view:flag', payload);
                }}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
