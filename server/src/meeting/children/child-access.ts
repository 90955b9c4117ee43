import type { ChildReaderFacts } from './children.repository';

/** The one answer for a child who does not exist and a child the caller may not know of (existence does not leak). */
export const CHILD_NOT_FOUND = 'No child with that id is known to you';

/**
 * How much of a child's record a reader sees (need-to-know, docs/PATHWAY.md
 * "A child's record"): all of it for the child's LCPP, a chair of any
 * meeting about the child and a team manager of the LCPP; only the meetings
 * they belong to for any other member of a meeting about the child; nothing
 * (null: not found) for anyone else.
 */
export function childRecordScope(facts: ChildReaderFacts): 'all' | 'own-meetings' | null {
  if (facts.isLcpp || facts.chairsAMeeting || facts.managesTheLcpp) return 'all';
  return facts.memberOfAMeeting ? 'own-meetings' : null;
}

/** Who may correct a child's identity and household: a chair of a meeting about the child, or their LCPP. */
export function mayChangeChildRecord(facts: ChildReaderFacts): boolean {
  return facts.chairsAMeeting || facts.isLcpp;
}
