import { formatDate, formatDateTime } from '@roundtable/shared/dates';
import { AGENCY_LABELS, MEETING_FORMAT_LABELS, MEETING_ROLE_LABELS } from '@roundtable/shared/constants';
import { ACTION_STATUS_LABELS } from '@roundtable/shared/actions';
import { ESCALATION_STAGE_LABELS, HARM_ASSESSMENT_LABELS } from '@roundtable/shared/decisions';
import { type Audience, audienceLabel, LAWFUL_BASIS_LABELS } from '@roundtable/shared/need-to-know';
import { sealedRecordVariantLabel } from '@roundtable/shared/sealed-records';
import { RESTRICTION_BADGES } from '@roundtable/shared/templates';
import {
  censusCategoryCode,
  CONFERENCE_OUTCOME_LABELS,
  CP_CATEGORY_CENSUS_CODES,
  CP_CATEGORY_LABELS,
  ESCALATION_ROUTE_LABELS,
  STEP_DOWN_LABELS,
} from '@roundtable/shared/pathway';
import type { CompartmentModel, ConferenceOutcomeModel, PersonModel, SealedRecordModel } from './sealed-record.model';

/**
 * Words both renderers print, so the HTML page and the PDF of one version say
 * exactly the same thing. Dates and times come from the one shared UK
 * formatter (GOV.UK style, Europe/London): "2 March 2026 at 1pm", "midday",
 * "12:30am"; a value that is not a date fails the seal with InvalidDateError
 * rather than print "Invalid Date" into a record.
 */
export { formatDate, formatDateTime };

export const formatLabel = (format: keyof typeof MEETING_FORMAT_LABELS): string => MEETING_FORMAT_LABELS[format];
export const agencyLabel = (agency: keyof typeof AGENCY_LABELS): string => AGENCY_LABELS[agency];
export const harmLabel = (harm: keyof typeof HARM_ASSESSMENT_LABELS | null): string =>
  harm === null ? 'Withheld' : HARM_ASSESSMENT_LABELS[harm];
export const stageLabel = (stage: keyof typeof ESCALATION_STAGE_LABELS): string => ESCALATION_STAGE_LABELS[stage];
export const statusLabel = (status: keyof typeof ACTION_STATUS_LABELS): string => ACTION_STATUS_LABELS[status];
export const restrictionBadge = (kind: keyof typeof RESTRICTION_BADGES): string => RESTRICTION_BADGES[kind];

/** A meeting role in lower case for running text, e.g. "observer". */
function roleWord(role: NonNullable<PersonModel['role']>): string {
  return MEETING_ROLE_LABELS[role].replace(/\s*\(.*\)$/, '').toLowerCase();
}

/**
 * How the record names a professional: "Priya Patel, Detective Constable
 * (Police)"; in the family version, by agency and role: "Police (participant)".
 */
export function personLabel(person: PersonModel): string {
  const agency = agencyLabel(person.agency);
  if (person.name === null) return person.role ? `${agency} (${roleWord(person.role)})` : agency;
  return `${nameAndTitle(person)} (${agency})`;
}

/** Name and job title; in the family version, a statement that the name is not shown. */
export function nameAndTitle(person: PersonModel): string {
  if (person.name === null) return 'Not named in the family version';
  return [person.name, person.jobTitle, person.organisation].filter((part) => part).join(', ');
}

/** A meeting role's label, e.g. "Chair". */
export function roleLabel(role: PersonModel['role']): string {
  return role ? MEETING_ROLE_LABELS[role] : 'Not a member';
}

/**
 * The outline level of a heading typed into a section: its own level moved
 * under the section's heading (`floor` is the first level available), never
 * more than one below the heading before it, and at most 6.
 */
export function headingLevel(floor: number, typed: number | null, previous: number): number {
  return Math.min(6, floor + (typed ?? 1) - 1, previous + 1);
}

/** An option key as its label; unknown keys as they are. */
export function optionLabel(labels: Record<string, string>, key: string): string {
  return labels[key] ?? key;
}

/** What the record is, by its meeting's type: "Strategy discussion record", "Initial child protection conference record". */
export function recordTitle(model: SealedRecordModel): string {
  return `${model.header.typeLabel} record`;
}

/** The document title, e.g. "Strategy discussion record SD-DEMO-001, version 2 (family version)". */
export function documentTitle(model: SealedRecordModel): string {
  return `${recordTitle(model)} ${model.header.reference}, version ${model.version} (${sealedRecordVariantLabel(
    model.variant,
  ).toLowerCase()})`;
}

/** One line saying which version this is and why it was sealed. */
export function versionLine(model: SealedRecordModel): string {
  const why = model.reason === 'concluded' ? 'sealed when the discussion concluded' : 'sealed after an addendum';
  return `Version ${model.version}, ${why}, on ${formatDateTime(model.sealedAt)}. ${sealedRecordVariantLabel(model.variant)}.`;
}

/** Handling marking (DOMAIN.md §6: child protection records are typically OFFICIAL-SENSITIVE). */
export const HANDLING_MARKING = 'OFFICIAL-SENSITIVE';

/** The heading of the statement of what a version leaves out. */
export function omissionsTitle(model: SealedRecordModel): string {
  return model.variant === 'family' ? 'This is the family version' : 'What this version leaves out';
}

/** The heading of restricted information shown in a version: who may read it, and which agency controls it. */
export function compartmentHeading(c: CompartmentModel): string {
  const who = c.audience ? `Restricted: ${audienceLabel(c.audience)}` : 'Restriction lifted: shared with every member';
  const by = c.createdBy ? `, recorded by ${personLabel(c.createdBy)}` : '';
  return `${who} (controlled by ${agencyLabel(c.ownerAgency)}${by})`;
}

/** Who may read a protected person's name, in words. */
export function protectedAudience(audience: Audience | null): string {
  return audience ? audienceLabel(audience) : 'Every member';
}

export const IDENTITY_WITHHELD = 'Identity withheld';
export const lawfulBasisLabel = (basis: keyof typeof LAWFUL_BASIS_LABELS): string => LAWFUL_BASIS_LABELS[basis];
export const sharingOutcomeLabel = (outcome: 'shared' | 'refused'): string =>
  outcome === 'shared' ? 'Shared' : 'Refused';
export const LEFT_OUT = 'Left out of this version';

// ---------------------------------------------------------------- the pathway section (plan meetings)

/** The heading of a plan meeting's section: a conference decides outcomes; every plan meeting reviews the plan. */
export const pathwayTitle = (conference: boolean): string =>
  conference ? 'Outcome for each child and the child protection plan' : 'The child protection plan';

export const outcomeLabel = (outcome: ConferenceOutcomeModel['outcome']): string => CONFERENCE_OUTCOME_LABELS[outcome];

/** Categories with their census codes, e.g. "Neglect (NEG), Emotional abuse (EMO); census code MUL". */
export function categoriesLabel(categories: ConferenceOutcomeModel['categories']): string {
  if (categories.length === 0) return 'None';
  const each = categories.map((c) => `${CP_CATEGORY_LABELS[c]} (${CP_CATEGORY_CENSUS_CODES[c]})`).join(', ');
  return categories.length > 1 ? `${each}; census code ${censusCategoryCode(categories)}` : each;
}

/** What follows the outcome: the step-down or the escalation route. */
export function nextStepLabel(o: Pick<ConferenceOutcomeModel, 'stepDown' | 'route'>): string {
  if (o.stepDown) return `Step down to: ${STEP_DOWN_LABELS[o.stepDown]}`;
  if (o.route) return `Escalated to: ${ESCALATION_ROUTE_LABELS[o.route]}`;
  return 'None';
}
