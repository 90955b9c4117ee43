import { createHash } from 'node:crypto';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { PresenceUser } from '@roundtable/shared/realtime';
import { FAMILY_RELATIONSHIP_LABELS } from '@roundtable/shared/family';
import type { AuthenticatedUser, FamilyPrincipal } from '../../platform';

/**
 * Caret and avatar colours: GOV.UK palette colours that keep at least 4.5:1
 * contrast against white text, so a name label on a caret stays legible.
 */
export const PRESENCE_COLOURS = [
  '#1d70b8', // blue
  '#00703c', // green
  '#d4351c', // red
  '#4c2c92', // purple
  '#912b88', // bright purple
  '#d53880', // pink
  '#b14c00', // dark orange
  '#005a30', // dark green
  '#003078', // dark blue
  '#942514', // dark red
] as const;

/** A stable colour for a user: the same person has the same caret colour in every meeting and session. */
export function presenceColour(userId: string): string {
  const digest = createHash('sha256').update(userId).digest();
  return PRESENCE_COLOURS[digest.readUInt32BE(0) % PRESENCE_COLOURS.length] as string;
}

/** What other people see about this user in a document: set by the server from its own records. */
export function toPresenceUser(user: AuthenticatedUser, role: MeetingRole): PresenceUser {
  return {
    id: user.id,
    name: user.displayName,
    jobTitle: user.jobTitle,
    agency: user.agency,
    organisation: user.organisation,
    role,
    colour: presenceColour(user.id),
  };
}

/**
 * A family member's presence in the family plan document, which only the
 * meeting's family members open: their name as invited and their relationship.
 */
export function toFamilyPresence(family: FamilyPrincipal): PresenceUser {
  return {
    id: family.participantId,
    name: family.displayName,
    jobTitle: FAMILY_RELATIONSHIP_LABELS[family.relationship],
    agency: 'other',
    organisation: null,
    role: 'participant',
    colour: presenceColour(family.participantId),
  };
}
