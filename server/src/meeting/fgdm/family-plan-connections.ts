/**
 * What the FGDM needs of the family's live draft connections: when the
 * meeting closes, the family's connections to `meetings/<id>/family-plan`
 * end (docs/FAMILY.md). The meeting area owns this interface; the realtime
 * area, which holds the connections, provides it.
 */
export abstract class FamilyPlanConnections {
  /** Closes every family connection to the meeting's family plan document. */
  abstract endFamilyEditing(meetingId: string): void;
}
