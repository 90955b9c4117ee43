import type { Agency, MeetingFormat, MeetingRole } from '@roundtable/shared/constants';
import type { DecisionStatus, DissentPart, EscalationStage, HarmAssessment } from '@roundtable/shared/decisions';
import type { ActionStatus } from '@roundtable/shared/actions';
import type { SealedRecordReason, SealedRecordVariant } from '@roundtable/shared/sealed-records';
import type { RestrictionKind } from '@roundtable/shared/templates';
import type { Audience, LawfulBasis, ProtectedPersonRole, SharingOutcome } from '@roundtable/shared/need-to-know';
import type { ConferenceRecordModel } from './conference-section';
import type { FamilyParticipationModel } from './family-participation-section';
import type { FgdmRecordModel } from './fgdm-section';
import type { ConferenceOutcome, CpCategory, EscalationRoute, StepDownTarget } from '@roundtable/shared/pathway';

/**
 * One model of the final record (DOMAIN.md §3.5), built once from the
 * database and the shared documents, and rendered by pure functions to HTML
 * and PDF. The family version is this model with restricted entries and
 * third-party identities taken out (family-version.ts), so both renderers
 * never decide what a reader may see.
 */
export interface SealedRecordModel {
  variant: SealedRecordVariant;
  version: number;
  reason: SealedRecordReason;
  /** When this version was sealed (ISO 8601); also the PDF's creation date, so a model renders to the same bytes. */
  sealedAt: string;
  header: RecordHeader;
  attendance: Attendance;
  /** The record document's sections in the meeting's template order, with signed-off addenda beside them. */
  sections: RecordSectionModel[];
  /** Signed-off addenda about the record as a whole rather than one section. */
  recordAddenda: AddendumModel[];
  decisions: DecisionModel[];
  actions: ActionModel[];
  /** Notices for the actions this version's readers may not see. */
  withheldActions: string[];
  safetyPlan: SafetyPlanModel | null;
  signOff: SignOff | null;
  /** People whose identity is protected (DOMAIN.md §6 golden rule 5): the record refers to them by label. */
  protectedPersons: ProtectedPersonModel[];
  /** Decisions to share information, or not to share it (DOMAIN.md §6 golden rule 7), oldest first. */
  sharingDecisions: SharingDecisionModel[];
  /** Notices for the sharing decisions this version's readers may not see. */
  withheldSharingDecisions: string[];
  /** What this version leaves out, stated at its top. Empty for the complete record. */
  omissions: string[];
  /** A conference's agency reports and parts held without the parents (conference-section.ts); absent or null otherwise. */
  conference?: ConferenceRecordModel | null;
  /** Family members' attendance, own words and safety-plan signatures (null: no family member was invited). */
  family?: FamilyParticipationModel | null;
  /** A family group decision-making meeting's stages, bottom lines, family plan, responses and support package (fgdm-section.ts); absent or null otherwise. */
  fgdm?: FgdmRecordModel | null;
  /** A conference's or core group's part of the child protection plan's story; absent for a strategy discussion. */
  pathway?: PathwayRecordModel;
}

/**
 * What a plan meeting (ICPC, core group, review conference) decided and
 * reviewed, per child (DOMAIN-PATHWAY §1.5, §4): a conference's outcome for
 * each child, and the version of each child's plan the meeting reviewed, with
 * the hash the trail holds.
 */
export interface PathwayRecordModel {
  /** Whether the meeting is a conference (it decides an outcome for each child). */
  conference: boolean;
  outcomes: ConferenceOutcomeModel[];
  planReviews: PlanReviewModel[];
}

export interface ConferenceOutcomeModel {
  child: string;
  outcome: ConferenceOutcome;
  categories: CpCategory[];
  stepDown: StepDownTarget | null;
  route: EscalationRoute | null;
  /** Null when left out (family version, unless the chair marked the conference decision's reasons family-facing). */
  reasons: string | null;
  /** The conference's plan decision naming the child, whose family-facing reasons mark lets the reasons into the family version. */
  decisionId: string | null;
  recordedBy: PersonModel;
  recordedAt: string;
}

export interface PlanReviewModel {
  child: string;
  version: number;
  /** sha256 of the canonical JSON of the version (plan.reviewed in the trail). */
  hash: string;
}

export interface ProtectedPersonModel {
  id: string;
  role: ProtectedPersonRole;
  label: string;
  /** Null when this version's readers are outside the audience: "Identity withheld". */
  name: string | null;
  /** Who may read the name; null when every member may. */
  audience: Audience | null;
}

export interface SharingDecisionModel {
  id: string;
  outcome: SharingOutcome;
  what: string;
  withWhom: string;
  lawfulBasis: LawfulBasis;
  reason: string;
  /** The compartment it widened or lifted, when it came from sharing one. */
  compartmentId: string | null;
  /** The agency that decided: its members (and the chair) read the decision. */
  decidedAgency: Agency;
  decidedBy: PersonModel;
  decidedByUserId: string;
  decidedAt: string;
}

/**
 * Restricted information beside a section (a compartment, docs/SECURITY.md
 * "Need-to-know"). In a version whose readers are outside its audience, only
 * `withheld` says that something is there; its text and author are absent.
 */
export interface CompartmentModel {
  id: string;
  ownerAgency: Agency;
  /** Null once lifted: every member reads it. */
  audience: Audience | null;
  createdBy: PersonModel | null;
  blocks: BlockModel[];
  /** The words printed in its place ("Information withheld: police restricted"); null when it is shown. */
  withheld: string | null;
}

/**
 * A professional as the record names them. In the family version `name` is
 * null: they are shown by agency and meeting role only.
 */
export interface PersonModel {
  name: string | null;
  /** The organisation within the agency ("Testshire Police"), when the account has one; null in the family version. */
  organisation: string | null;
  jobTitle: string | null;
  agency: Agency;
  role: MeetingRole | null;
}

export interface RecordHeader {
  meetingId: string;
  reference: string;
  /** The meeting type's label as this deployment names it ("Initial child protection conference"): the record's title. */
  typeLabel: string;
  scheduledAt: string;
  startedAt: string | null;
  concludedAt: string | null;
  format: MeetingFormat;
  chair: PersonModel | null;
  children: { name: string; dateOfBirth: string | null }[];
  /** Why the discussion was convened, as typed when it was convened. Null when left out (family version). */
  convenedBecause: string | null;
}

export interface Attendance {
  attended: PersonModel[];
  /** Invited and did not attend, with their reason (null when none was given, or in the family version). */
  absent: { person: PersonModel; reason: string | null }[];
}

export interface RunModel {
  text: string;
  restriction: RestrictionKind | null;
  /** Set where a restricted passage was withheld from this version: the run's text is then this notice. */
  withheld?: boolean;
}

export interface BlockModel {
  /** ProseMirror node name: paragraph, heading, listItem content, … */
  type: string;
  /** Heading level, when a heading. */
  level: number | null;
  /** Inside a bullet or numbered list. */
  listItem: boolean;
  runs: RunModel[];
}

export interface AddendumModel {
  id: string;
  blocks: BlockModel[];
  addedBy: PersonModel;
  signedOffBy: PersonModel | null;
  signedOffAt: string | null;
}

export interface RecordSectionModel {
  key: string;
  title: string;
  blocks: BlockModel[];
  /** Restricted compartments beside this section. */
  compartments: CompartmentModel[];
  addenda: AddendumModel[];
}

export interface ViewModel {
  id: string;
  recordedByUserId: string;
  agency: Agency;
  /** null only for a view withheld from the reader (docs/SECURITY.md "Restricted entries"). */
  harm: HarmAssessment | null;
  recommendedOption: string;
  reasons: string;
  keyInformation: string | null;
  conditions: string | null;
  recordedBy: PersonModel;
  recordedAt: string;
  current: boolean;
  restriction: RestrictionKind | null;
}

export interface LaDecisionModel {
  chosenOptions: string[];
  /** Null when left out (family version, unless the chair marked the decision's reasons family-facing). */
  reasons: string | null;
  protectiveActions: string[];
  protectiveActionDetails: string | null;
  recordedBy: PersonModel;
  recordedAt: string;
  recordStateSha256: string;
  /** In force: no later entry corrects it. */
  inForce: boolean;
  correctionReason: string | null;
}

export interface EscalationStepModel {
  stage: EscalationStage;
  /** Null when left out (family version). */
  note: string | null;
  recordedBy: PersonModel;
  recordedAt: string;
}

export interface DissentModel {
  id: string;
  agency: Agency;
  /** The part of the local authority's decision dissented from. */
  part: DissentPart;
  reasons: string;
  recordedBy: PersonModel;
  recordedAt: string;
  escalationStatus: 'open' | 'resolved';
  stage: EscalationStage;
  steps: EscalationStepModel[];
  outcome: string | null;
  resolvedBy: PersonModel | null;
  resolvedAt: string | null;
}

export interface DecisionModel {
  id: string;
  title: string;
  question: string;
  /** Option key → label, for every option and protective action of the decision. */
  optionLabels: Record<string, string>;
  children: string[];
  status: DecisionStatus;
  /** Why the discussion concluded without this decision (status not-reached). */
  notReached: { reason: string | null; recordedBy: PersonModel; recordedAt: string } | null;
  views: ViewModel[];
  /** Notices for the agency views this version's readers may not see. */
  withheldViews: string[];
  laDecisions: LaDecisionModel[];
  dissents: DissentModel[];
}

export interface ActionModel {
  id: string;
  ownerUserId: string;
  createdByUserId: string;
  description: string;
  owner: PersonModel;
  ownerAgency: Agency;
  dueAt: string;
  status: ActionStatus;
  child: string | null;
  restriction: RestrictionKind | null;
}

export interface SafetyPlanModel {
  sections: { key: string; title: string; blocks: BlockModel[]; compartments: CompartmentModel[] }[];
  /** Signed-off addenda about the safety plan. */
  addenda: AddendumModel[];
  /** Signs of Safety scaling (0–10), the latest from each agency. */
  scores: { agency: Agency; score: number; recordedBy: PersonModel; recordedAt: string }[];
}

export interface SignOff {
  by: PersonModel;
  at: string;
}
