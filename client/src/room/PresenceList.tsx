import { MEETING_ROLE_LABELS, type MeetingRole } from '@roundtable/shared/constants';
import type { PresenceUser } from '@roundtable/shared/realtime';
import type { UserResponse } from '@roundtable/shared/schemas';
import { presenceColour } from '../collab/caretRendering';
import { organisationAndAgency } from '../people/organisation';

interface PresenceListProps {
  me: UserResponse;
  myRole: MeetingRole;
  people: readonly PresenceUser[];
  announcement: string;
  connected: boolean;
}

/**
 * Who is in the record now. Test hooks: `#presence-list` with one
 * `li[data-user-id]` per person; the signed-in user's own item has
 * `data-self="true"`.
 */
export function PresenceList({ me, myRole, people, announcement, connected }: PresenceListProps) {
  return (
    <section aria-labelledby="presence-heading">
      <h2 className="govuk-heading-m" id="presence-heading">
        Who is here now
      </h2>
      {!connected && <p className="govuk-body-s">Others present are shown when you are connected.</p>}
      <ul className="govuk-list" id="presence-list">
        <li className="rt-presence__item" data-user-id={me.id} data-self="true">
          {/* Others see us in the colour the server assigns, which we do not know: no swatch for ourselves. */}
          <span className="rt-presence__swatch rt-presence__swatch--self" aria-hidden="true" />
          <span>
            <strong>{me.displayName} (you)</strong>
            <span className="rt-presence__detail govuk-body-s govuk-!-margin-bottom-0">
              {me.jobTitle}, {organisationAndAgency(me)} – {MEETING_ROLE_LABELS[myRole]}
            </span>
          </span>
        </li>
        {people.map((person) => (
          <li className="rt-presence__item" key={person.id} data-user-id={person.id}>
            <span
              className="rt-presence__swatch"
              aria-hidden="true"
              style={{ backgroundColor: presenceColour({ colour: person.colour }) }}
            />
            <span>
              <strong>{person.name}</strong>
              <span className="rt-presence__detail govuk-body-s govuk-!-margin-bottom-0">
                {person.jobTitle}, {organisationAndAgency(person)} – {MEETING_ROLE_LABELS[person.role]}
              </span>
            </span>
          </li>
        ))}
      </ul>
      <div className="govuk-visually-hidden" aria-live="polite" aria-atomic="true" data-testid="presence-announcements">
        {announcement}
      </div>
    </section>
  );
}
