import type { Agency, MeetingFormat, MeetingRole } from '@roundtable/shared/constants';
import type { DecisionStatus, DissentPart, EscalationStage, HarmAssessment } from '@roundtable/shared/decisions';
import type { ActionStatus } from '@roundtable/shared/actions';
import type { SealedRecordReason, SealedRecordVariant } from '@roundtable/shared/sealed-records';
import type { RestrictionKind } from '@roundtable/shared/templates';

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
  safetyPlan: SafetyPlanModel | null;
  signOff: SignOff | null;
  /** What the family version leaves out, stated on the page. Empty for the full record. */
  omissions: string[];
}

/**
 * A professional as the record names them. In the family version `name` is
 * null: they are shown by agency and meeting role only.
 */
export interface PersonModel {
  name: string | null;
  jobTitle: string | null;
  agency: Agency;
  role: MeetingRole | null;
}

export interface RecordHeader {
  meetingId: string;
  reference: string;
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
  addenda: AddendumModel[];
}

export interface ViewModel {
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
  reasons: string;
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
  title: string;
  question: string;
  /** Option key → label, for every option and protective action of the decision. */
  optionLabels: Record<string, string>;
  children: string[];
  status: DecisionStatus;
  /** Why the discussion concluded without this decision (status not-reached). */
  notReached: { reason: string; recordedBy: PersonModel; recordedAt: string } | null;
  views: ViewModel[];
  laDecisions: LaDecisionModel[];
  dissents: DissentModel[];
}

export interface ActionModel {
  description: string;
  owner: PersonModel;
  ownerAgency: Agency;
  dueAt: string;
  status: ActionStatus;
  child: string | null;
  restriction: RestrictionKind | null;
}

export interface SafetyPlanModel {
  sections: { key: string; title: string; blocks: BlockModel[] }[];
  /** Signed-off addenda about the safety plan. */
  addenda: AddendumModel[];
  /** Signs of Safety scaling (0–10), the latest from each agency. */
  scores: { agency: Agency; score: number; recordedBy: PersonModel; recordedAt: string }[];
}

export interface SignOff {
  by: PersonModel;
  at: string;
}
