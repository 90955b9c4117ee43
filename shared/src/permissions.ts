/**
 * Who may do what in a strategy discussion (DOMAIN.md §3.1, §3.6–3.7, §7),
 * decided once, here. The server enforces these functions (and answers a
 * refusal with its own code and message); the client calls the same ones to
 * offer only the controls the server would accept. Pure and runtime-neutral:
 * they look at a meeting role, an agency, user ids and the meeting's status,
 * never at a database, a socket or the DOM.
 *
 * The four meeting roles: the chair (the local authority's decision-maker),
 * participants (who speak for their agency), the minute taker (types the
 * record, cannot decide) and observers (read only, everywhere, always).
 */
import type { Agency, MeetingRole } from './constants';
import type { MeetingStatus } from './lifecycle';
import type { SealedRecordVariant } from './sealed-records';
import { isRestricting, type RestrictionKind } from './templates';

/** Roles that write the record and the safety plan; observers read. */
const DOCUMENT_WRITERS: readonly MeetingRole[] = ['chair', 'participant', 'minute-taker'];

/** Agency views, dissent and safety plan scores: the chair and participants, never the minute taker or observers. */
function speaksForAgency(role: MeetingRole): boolean {
  return role === 'chair' || role === 'participant';
}

// ---------------------------------------------------------------- the meeting

/**
 * True once the strategy discussion has concluded: its record, safety plan,
 * agency views, decisions, scores and attendance are final (corrections are
 * addenda). Scheduled and live meetings are alike here. The action log and
 * escalations stay open after the conclusion: they are follow-up work.
 */
export function isRecordFinal(status: MeetingStatus): boolean {
  return status === 'concluded';
}

/**
 * Convening a strategy discussion, being made its chair, and starting or
 * concluding it as chair: accounts an administrator has given the
 * permission to convene and chair (`canChair`: team managers, child
 * protection chairs; DOMAIN.md §3.1, §8), never a safeguarding partner
 * reviewer (auditor). Not the agency, and not the administrator role: a
 * student, business support or an administrator does not convene unless an
 * administrator says so.
 */
export function canConveneMeeting(account: { canChair: boolean; isAuditor: boolean }): boolean {
  return account.canChair && !account.isAuditor;
}

/** Why an account without the permission is refused (the server's message, the client's explanation). */
export const CANNOT_CONVENE =
  'Your account cannot convene or chair meetings. Ask an administrator to give it permission to convene and chair';

/** Why someone without the permission cannot be made chair. */
export function cannotBeChair(displayName: string): string {
  return `${displayName}’s account cannot chair meetings. Ask an administrator to give it permission to convene and chair, or choose another role`;
}

/**
 * Running the meeting: changing its details, inviting members, changing
 * their roles and removing them, starting and concluding it, setting its
 * review date and convening its review discussion. The chair only.
 */
export function canManageMeeting(role: MeetingRole): boolean {
  return role === 'chair';
}

/**
 * Giving apologies for a member who cannot attend: every member for
 * themselves, the chair for any member. Once the record is final the
 * register is too (see `isRecordFinal`).
 */
export function canGiveApologies(role: MeetingRole, userId: string, forUserId: string): boolean {
  return forUserId === userId || canGiveApologiesForOthers(role);
}

/** Giving apologies on behalf of another member: the chair only. */
export function canGiveApologiesForOthers(role: MeetingRole): boolean {
  return role === 'chair';
}

// ---------------------------------------------------------------- the record and the safety plan

/**
 * Editing a section of a live document (the record or the safety plan, over
 * collab): the chair, participants and the minute taker, while the meeting
 * is scheduled or live. Read only for every role once it has concluded.
 */
export function canEditDocument(role: MeetingRole, status: MeetingStatus): boolean {
  return DOCUMENT_WRITERS.includes(role) && !isRecordFinal(status);
}

/**
 * Adding an addendum to a section of a concluded record: whoever could write
 * the record (the chair, participants, the minute taker). Addenda exist only
 * after the conclusion; until then the record itself is changed.
 */
export function canAddAddendum(role: MeetingRole): boolean {
  return DOCUMENT_WRITERS.includes(role);
}

/** Signing an addendum off, which seals a new version of the record: the chair only. */
export function canSignOffAddendum(role: MeetingRole): boolean {
  return role === 'chair';
}

/**
 * Recording an agency's score on the safety plan's scale: the chair and
 * participants, for their own agency (minute takers type, observers read).
 * Final with the record (see `isRecordFinal`).
 */
export function canScoreSafetyPlan(role: MeetingRole): boolean {
  return speaksForAgency(role);
}

/**
 * Moving the discussion through the record's sections (the agenda): the
 * chair, until the meeting concludes.
 */
export function canMoveAgenda(role: MeetingRole, status: MeetingStatus): boolean {
  return role === 'chair' && !isRecordFinal(status);
}

// ---------------------------------------------------------------- decisions (DOMAIN.md §3.6–3.7, §4)

/** Opening a decision, and closing it to further agency views: the chair only. */
export function canOpenOrCloseDecision(role: MeetingRole): boolean {
  return role === 'chair';
}

/** Recording (or changing) the view of one's own agency: the chair and participants. */
export function canRecordView(role: MeetingRole): boolean {
  return speaksForAgency(role);
}

/**
 * Recording or correcting the local authority's decision: the local
 * authority decides (DOMAIN.md §3.6), so only a chair from children's social
 * care. A chair from another agency may not.
 */
export function canRecordLaDecision(role: MeetingRole, agency: Agency): boolean {
  return role === 'chair' && agency === 'childrens-social-care';
}

/**
 * Recording one's own agency's dissent from the local authority's decision:
 * the chair and participants, whether or not their agency gave a view, never
 * the minute taker or observers. Which parts of the decision there are to
 * dissent from, and whether the agency already has, is the decision's state,
 * not the person's: see `dissentPartsOf`.
 */
export function canRecordDissent(role: MeetingRole): boolean {
  return speaksForAgency(role);
}

/**
 * Whether an agency can dissent from the local authority's decision at all:
 * every agency but children's social care, whose chair made the decision
 * (see `canRecordLaDecision`); disagreement inside the local authority goes
 * to its own managers.
 */
export function canAgencyDissent(agency: Agency): boolean {
  return agency !== 'childrens-social-care';
}

/**
 * Acting on an escalation (adding a step, resolving it): the chair, or a
 * participant of the dissenting agency. Another agency's participant may not.
 */
export function canActOnEscalation(role: MeetingRole, agency: Agency, dissentingAgency: Agency): boolean {
  return role === 'chair' || (role === 'participant' && agency === dissentingAgency);
}

// ---------------------------------------------------------------- actions and entries (DOMAIN.md §3.5 item 11, §7)

/** Adding an action to the log: anyone but an observer, also after the conclusion. */
export function canAddAction(role: MeetingRole): boolean {
  return role !== 'observer';
}

/**
 * Changing an action's details: the chair, its owner, or whoever recorded
 * it; never an observer, even one who owns or recorded it.
 */
export function canEditAction(
  role: MeetingRole,
  userId: string,
  action: { ownerUserId: string; recordedByUserId: string },
): boolean {
  if (role === 'observer') return false;
  return role === 'chair' || userId === action.ownerUserId || userId === action.recordedByUserId;
}

/**
 * Setting an action's status (open, done, cancelled): the chair or its
 * owner; not whoever recorded it, and never an observer.
 */
export function canSetActionStatus(role: MeetingRole, userId: string, action: { ownerUserId: string }): boolean {
  if (role === 'observer') return false;
  return role === 'chair' || userId === action.ownerUserId;
}

/**
 * Flagging an entry (an agency view, an action) as restricted, or changing
 * a "not for the family" flag: whoever recorded it, or the chair. Never an
 * observer, even for an entry they recorded before they were made one.
 * Lifting a restriction follows `flagChangeRuling`.
 */
export function canFlagEntry(role: MeetingRole, userId: string, entry: { recordedByUserId: string }): boolean {
  if (role === 'observer') return false;
  return role === 'chair' || userId === entry.recordedByUserId;
}

/** The answer to a flag change: allowed, allowed only with a reason (the chair, another agency's restriction), or refused. */
export type FlagChangeRuling = 'allowed' | 'reason-required' | 'refused';

/**
 * Changing an entry's flag from `from` to `to` (DOMAIN.md §7 "police controls
 * own restricted entries"; docs/SECURITY.md "Restricted entries"):
 * - setting a restriction (police or health restricted): whoever recorded the
 *   entry, or the chair;
 * - lifting or loosening one (to another flag or none): a member of the owning
 *   agency (the agency of whoever recorded it), or the chair with a reason;
 * - changing only "not for the family": whoever recorded it, or the chair.
 * Police restricted → health restricted both lifts and sets: both rules apply.
 * Observers never change a flag.
 */
export function flagChangeRuling(
  member: { role: MeetingRole; userId: string; agency: Agency },
  entry: { recordedByUserId: string; owningAgency: Agency },
  from: RestrictionKind | null,
  to: RestrictionKind | null,
  hasReason: boolean,
): FlagChangeRuling {
  if (member.role === 'observer') return 'refused';
  const recorderOrChair = canFlagEntry(member.role, member.userId, entry);
  const sets = isRestricting(to) && to !== from;
  const lifts = isRestricting(from) && to !== from;
  if ((sets || !lifts) && !recorderOrChair) return 'refused';
  if (!lifts || member.agency === entry.owningAgency) return 'allowed';
  if (member.role !== 'chair') return 'refused';
  return hasReason ? 'allowed' : 'reason-required';
}

// ---------------------------------------------------------------- sealed records (DOMAIN.md §6 "Records", §7)

/** Who reads a sealed record: a member in their meeting role, or a safeguarding partner reviewer (auditor). */
export type RecordReader = MeetingRole | 'auditor';

/**
 * The variants of one sealed version a reader is shown in the list (docs/SEALED-RECORDS.md
 * "Versions per reader"). Auditors and the chair: every variant (the chair is in every audience).
 * Any other member: their own version and the family version. `own` is the variant sealed for
 * them (null when there is none, e.g. a version sealed before per-reader records).
 */
export function listedRecordVariants(
  reader: RecordReader,
  variants: readonly SealedRecordVariant[],
  own: SealedRecordVariant | null,
): SealedRecordVariant[] {
  if (reader === 'auditor' || reader === 'chair') return [...variants];
  return variants.filter((variant) => variant === own || variant === 'family');
}

/** Whether a reader may export sealed records at all: observers read but never export (DOMAIN.md §7). */
export function canExportRecords(reader: RecordReader): boolean {
  return reader !== 'observer';
}

/** Downloading one variant of a sealed version: a listed variant, never by an observer. */
export function canDownloadRecord(
  reader: RecordReader,
  variant: SealedRecordVariant,
  own: SealedRecordVariant | null,
): boolean {
  return canExportRecords(reader) && listedRecordVariants(reader, [variant], own).includes(variant);
}
