/**
 * Need-to-know (DOMAIN.md §6–§7, docs/SECURITY.md "Need-to-know"): who may
 * receive restricted information, and the contracts of the three things that
 * carry it: restricted compartments, protected persons and information-sharing
 * decisions. Pure and runtime-neutral; the server enforces every rule here on
 * every channel, and the client calls the same functions to offer only what
 * the server would accept.
 *
 * A Yjs document is sent whole to whoever opens it, so restricted text never
 * lives in the shared record: it lives in a **compartment**, its own Yjs
 * document (`meetings/<meetingId>/compartments/<compartmentId>`), opened only
 * by its audience. Everyone else learns only that something was withheld, and
 * from whom ("Information withheld: police restricted").
 */
import { z } from 'zod';
import { AGENCIES, type Agency, type MeetingRole } from './constants';
import type { DocumentKind } from './realtime';

// ---------------------------------------------------------------- audiences

/**
 * police-only: police members and the chair. health-only: health members and
 * the chair. named-agencies: members of the listed agencies and the chair.
 * Observers are never in an agency's audience: the chair names them one by one
 * (`userIds`) when they may see it.
 */
export const AUDIENCE_KINDS = ['police-only', 'health-only', 'named-agencies'] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];

export interface Audience {
  kind: AudienceKind;
  /** For named-agencies only: the agencies whose members are in it (police-only and health-only imply theirs). */
  agencies: Agency[];
  /** Members named individually (an observer the chair allows, a GP invited for this meeting). */
  userIds: string[];
}

const agencyList = z
  .array(z.enum(AGENCIES, { error: `Agencies must be among: ${AGENCIES.join(', ')}` }))
  .max(AGENCIES.length)
  .refine((list) => new Set(list).size === list.length, { error: 'Each agency may be listed once' });

export const AudienceSchema = z
  .strictObject({
    kind: z.enum(AUDIENCE_KINDS, { error: `Audience must be one of: ${AUDIENCE_KINDS.join(', ')}` }),
    agencies: agencyList.default([]),
    userIds: z
      .array(z.uuid({ error: 'userIds must be member ids' }))
      .max(50)
      .default([]),
  })
  .superRefine((audience, ctx) => {
    if (audience.kind === 'named-agencies' && audience.agencies.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['agencies'], message: 'Name at least one agency for this audience' });
    }
    if (audience.kind !== 'named-agencies' && audience.agencies.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['agencies'], message: 'Only a named-agencies audience lists agencies' });
    }
  });

/** The agencies whose (non-observer) members are in an audience. */
export function audienceAgencies(audience: Audience): readonly Agency[] {
  if (audience.kind === 'police-only') return ['police'];
  if (audience.kind === 'health-only') return ['health'];
  return audience.agencies;
}

/** A member as need-to-know sees them: their role in the meeting and their agency. */
export interface AudienceMember {
  userId: string;
  role: MeetingRole;
  agency: Agency;
}

/**
 * True when a member may receive what is restricted to `audience`. The chair
 * always; a named member always; an observer only when named; anyone else
 * when their agency is in it. A lifted restriction (`null`) reaches every member.
 */
export function isInAudience(member: AudienceMember, audience: Audience | null): boolean {
  if (audience === null) return true;
  if (member.role === 'chair' || audience.userIds.includes(member.userId)) return true;
  if (member.role === 'observer') return false;
  return audienceAgencies(audience).includes(member.agency);
}

/**
 * True when `next` reaches everyone `current` reaches, and more or the same:
 * restrictions are widened or lifted, never narrowed (what someone has read
 * cannot be taken back from them).
 */
export function isWidening(current: Audience, next: Audience | null): boolean {
  if (next === null) return true;
  const nextAgencies = audienceAgencies(next);
  return (
    audienceAgencies(current).every((agency) => nextAgencies.includes(agency)) &&
    current.userIds.every((userId) => next.userIds.includes(userId))
  );
}

const AGENCY_NAMES: Record<Agency, string> = {
  'childrens-social-care': "children's social care",
  police: 'police',
  health: 'health',
  education: 'education',
  other: 'other agencies',
};

/** "Police only", "Health only", "Police, health and education". */
export function audienceLabel(audience: Audience): string {
  if (audience.kind === 'police-only') return 'Police only';
  if (audience.kind === 'health-only') return 'Health only';
  const names = audience.agencies.map((agency) => AGENCY_NAMES[agency]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  return list.charAt(0).toUpperCase() + list.slice(1);
}

/** What a reader outside the audience is told in its place, in the room and in every record. */
export function withheldNotice(audience: Audience): string {
  if (audience.kind === 'police-only') return 'Information withheld: police restricted';
  if (audience.kind === 'health-only') return 'Information withheld: health restricted';
  return `Information withheld: restricted to ${audienceLabel(audience).toLowerCase()}`;
}

// ---------------------------------------------------------------- lawful bases (DOMAIN.md §6)

export const LAWFUL_BASES = [
  'public-task',
  'legal-obligation',
  'vital-interests',
  'safeguarding-children',
  'law-enforcement',
] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, string> = {
  'public-task': 'Public task (UK GDPR Article 6(1)(e))',
  'legal-obligation': 'Legal obligation (UK GDPR Article 6(1)(c))',
  'vital-interests': 'Vital interests (UK GDPR Article 6(1)(d))',
  'safeguarding-children': 'Safeguarding of children (DPA 2018 Schedule 1 paragraph 18)',
  'law-enforcement': 'Law enforcement processing (DPA 2018 Part 3)',
};

export const LawfulBasisSchema = z.enum(LAWFUL_BASES, {
  error: 'Choose the lawful basis for sharing it',
});

/** Limits of the free text in sharing decisions and protected persons. */
export const NEED_TO_KNOW_LIMITS = {
  reasonMaxChars: 2_000,
  whatMaxChars: 500,
  withWhomMaxChars: 300,
  personNameMaxChars: 200,
  personLabelMaxChars: 100,
  compartmentsPerMeeting: 200,
} as const;

const requestId = z.uuid({ error: 'requestId must be a UUID generated by the client for this change' });
const meetingId = z.uuid({ error: 'meetingId must be an id' });
const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .min(1, { error: `Enter ${field}` })
    .max(max, { error: `${field} must be ${max} characters or fewer` });

/** Who did something, as every member may see them. */
export interface Attribution {
  userId: string;
  displayName: string;
  agency: Agency;
  /** The organisation within the agency ("Testshire Police"), when the account has one. */
  organisation: string | null;
}

// ---------------------------------------------------------------- compartments

/** A compartment its reader may open: its audience and who owns it. Its text is in its Yjs document. */
export interface OpenCompartment {
  access: 'open';
  id: string;
  meetingId: string;
  /** The record section it sits beside (`MeetingDetail.templates`). */
  sectionKey: string;
  /** The shared document whose section it sits beside: the record, or (moved out of it at start-up) the safety plan. */
  documentKind: DocumentKind;
  /** The agency that controls it: only its members (and the chair, with a reason) widen or lift it. */
  ownerAgency: Agency;
  /** null once lifted: then every member reads it. */
  audience: Audience | null;
  /**
   * null for information the start-up migration moved out of the shared
   * record (an inline "police restricted" passage): shown as "Moved from the
   * shared record"; the record history says who wrote it.
   */
  createdBy: Attribution | null;
  createdAt: string;
  revision: number;
}

/** A compartment its reader may not open: where it is, and the words that say so. Never its text or author. */
export interface WithheldCompartment {
  access: 'withheld';
  id: string;
  meetingId: string;
  sectionKey: string;
  documentKind: DocumentKind;
  notice: string;
  revision: number;
}

export type CompartmentView = OpenCompartment | WithheldCompartment;

/** `compartment:create`: restricted information beside a section; the creator's agency owns it. */
export const CreateCompartmentRequestSchema = z.strictObject({
  requestId,
  meetingId,
  sectionKey: z.string().min(1).max(100),
  audience: AudienceSchema,
});
export type CreateCompartmentRequest = z.input<typeof CreateCompartmentRequestSchema>;

/**
 * `compartment:share`: widens a compartment's audience, or lifts it (`audience: null`).
 * An information-sharing decision: lawful basis and reason required, recorded in the trail.
 */
export const ShareCompartmentRequestSchema = z.strictObject({
  requestId,
  meetingId,
  compartmentId: z.uuid({ error: 'compartmentId must be an id' }),
  audience: AudienceSchema.nullable(),
  lawfulBasis: LawfulBasisSchema,
  reason: text('a reason', NEED_TO_KNOW_LIMITS.reasonMaxChars),
});
export type ShareCompartmentRequest = z.input<typeof ShareCompartmentRequestSchema>;

// ---------------------------------------------------------------- information-sharing decisions (DOMAIN.md §6 golden rule 7)

export const SHARING_OUTCOMES = ['shared', 'refused'] as const;
export type SharingOutcome = (typeof SHARING_OUTCOMES)[number];

/** `sharing-decision:record`: a decision to share, or not to share, recorded with its reasons. */
export const RecordSharingDecisionRequestSchema = z.strictObject({
  requestId,
  meetingId,
  outcome: z.enum(SHARING_OUTCOMES, { error: 'Say whether the information was shared or refused' }),
  what: text('what information', NEED_TO_KNOW_LIMITS.whatMaxChars),
  withWhom: text('who it was shared with or refused to', NEED_TO_KNOW_LIMITS.withWhomMaxChars),
  lawfulBasis: LawfulBasisSchema,
  reason: text('a reason', NEED_TO_KNOW_LIMITS.reasonMaxChars),
});
export type RecordSharingDecisionRequest = z.input<typeof RecordSharingDecisionRequestSchema>;

export interface SharingDecisionResponse {
  id: string;
  meetingId: string;
  outcome: SharingOutcome;
  what: string;
  withWhom: string;
  lawfulBasis: LawfulBasis;
  reason: string;
  /** The compartment it widened or lifted, when it came from `compartment:share`. */
  compartmentId: string | null;
  decidedBy: Attribution;
  decidedAt: string;
}

// ---------------------------------------------------------------- protected persons (DOMAIN.md §6 golden rule 5)

export const PROTECTED_PERSON_ROLES = ['referrer', 'neighbour', 'staff', 'family-member', 'other'] as const;
export type ProtectedPersonRole = (typeof PROTECTED_PERSON_ROLES)[number];

/**
 * `protected-person:add`: a person whose identity must not reach whoever could
 * harm them. The record refers to them by `label` ("the referrer"); their name
 * reaches only the audience, and never the family version.
 */
export const AddProtectedPersonRequestSchema = z.strictObject({
  requestId,
  meetingId,
  role: z.enum(PROTECTED_PERSON_ROLES, { error: `Role must be one of: ${PROTECTED_PERSON_ROLES.join(', ')}` }),
  label: text('how the record refers to them', NEED_TO_KNOW_LIMITS.personLabelMaxChars),
  name: text('their name', NEED_TO_KNOW_LIMITS.personNameMaxChars),
  audience: AudienceSchema,
});
export type AddProtectedPersonRequest = z.input<typeof AddProtectedPersonRequestSchema>;

export interface ProtectedPersonResponse {
  id: string;
  meetingId: string;
  role: ProtectedPersonRole;
  label: string;
  /** null for a reader outside the audience: the identity is withheld. */
  name: string | null;
  audience: Audience | null;
  addedBy: Attribution;
  /** The agency that controls it (the adder's): only its members, or the chair with a reason, widen it. */
  ownerAgency: Agency;
  addedAt: string;
  revision: number;
}

/**
 * `protected-person:share`: widens who may know a protected person's name, or
 * lifts the restriction (`audience: null`). Never narrows. The owning agency's
 * members, or the chair with a reason; anyone else is refused (audited).
 */
export const ShareProtectedPersonRequestSchema = z.strictObject({
  requestId,
  meetingId,
  protectedPersonId: z.uuid({ error: 'protectedPersonId must be an id' }),
  audience: AudienceSchema.nullable(),
  /** Widening is an information-sharing decision (DOMAIN.md §6 golden rule 7): recorded with its basis. */
  lawfulBasis: LawfulBasisSchema,
  reason: text('a reason', NEED_TO_KNOW_LIMITS.reasonMaxChars),
});
export type ShareProtectedPersonRequest = z.input<typeof ShareProtectedPersonRequestSchema>;

/** What the room says of a person's role. */
export const PROTECTED_PERSON_ROLE_LABELS: Record<ProtectedPersonRole, string> = {
  referrer: 'Referrer',
  neighbour: 'Neighbour',
  staff: 'Member of staff',
  'family-member': 'Family member',
  other: 'Other',
};

// ---------------------------------------------------------------- the family version (issue: default reversed)

/**
 * What the chair can mark family-facing. Nothing of these reaches the family
 * version unless marked: a record section, the decision's reasons, an agency's
 * view, a dissent, an action. A paragraph holding a "not for the family"
 * passage is withheld whole, with a notice, even in a family-facing section.
 */
export const FAMILY_FACING_ITEM_TYPES = ['section', 'decision-reasons', 'view', 'dissent', 'action'] as const;
export type FamilyFacingItemType = (typeof FAMILY_FACING_ITEM_TYPES)[number];

export const FamilyFacingItemSchema = z.strictObject({
  type: z.enum(FAMILY_FACING_ITEM_TYPES, { error: `type must be one of: ${FAMILY_FACING_ITEM_TYPES.join(', ')}` }),
  /** A section key for `section`; the decision, view, dissent or action id otherwise. */
  id: z.string().min(1).max(100),
});
export type FamilyFacingItem = z.infer<typeof FamilyFacingItemSchema>;

/** `family-facing:set`: the chair marks an item family-facing, or takes the mark away. */
export const SetFamilyFacingRequestSchema = z.strictObject({
  requestId,
  meetingId,
  item: FamilyFacingItemSchema,
  familyFacing: z.boolean({ error: 'familyFacing must be true or false' }),
});
export type SetFamilyFacingRequest = z.input<typeof SetFamilyFacingRequestSchema>;

/** The family version withholds a paragraph that holds a "not for the family" passage, and says so in these words. */
export const FAMILY_PARAGRAPH_WITHHELD = 'A paragraph has been withheld from this version';
