/**
 * Significant-harm decisions (DOMAIN.md §3.6–3.7, §4): each agency records its
 * view, the local authority decides in a separate entry, and an agency that
 * disagrees records dissent, which opens an escalation. Never a majority vote.
 */
import { z } from 'zod';
import { AGENCIES, type Agency, LIMITS, MINIMUM_AGENCIES } from './constants';
import { EntryRestrictionSchema, RestrictionKindSchema } from './templates';

/** Reasonable cause to suspect significant harm? (an agency's answer). */
export const HARM_ASSESSMENTS = ['yes', 'no', 'unsure'] as const;
export type HarmAssessment = (typeof HARM_ASSESSMENTS)[number];

export const HARM_ASSESSMENT_LABELS: Record<HarmAssessment, string> = {
  yes: 'Yes',
  no: 'No',
  unsure: 'Unsure',
};

/** The label of an agency's answer, or "Withheld" for a view withheld from the reader. */
export function harmAssessmentLabel(harm: HarmAssessment | null): string {
  return harm === null ? 'Withheld' : HARM_ASSESSMENT_LABELS[harm];
}

/**
 * open: agencies record and change views. closed: the chair has stopped views
 * (waiting for the local authority's decision). decided: the local authority's
 * decision is recorded; views are final, corrections are new linked entries.
 * not-reached: the discussion concluded without a decision; the chair recorded why.
 */
export const DECISION_STATUSES = ['open', 'closed', 'decided', 'not-reached'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** Stages of a resolution-of-professional-disagreement policy (DOMAIN.md §3.7), lowest first. */
export const ESCALATION_STAGES = ['practitioner', 'line-manager', 'senior-manager', 'partnership'] as const;
export type EscalationStage = (typeof ESCALATION_STAGES)[number];

export const ESCALATION_STAGE_LABELS: Record<EscalationStage, string> = {
  practitioner: 'Practitioner to practitioner',
  'line-manager': 'Line manager to line manager',
  'senior-manager': 'Senior or service managers',
  partnership: 'Safeguarding partnership',
};

export const ESCALATION_STATUSES = ['open', 'resolved'] as const;

/**
 * The part of the local authority's decision an agency dissents from
 * (DOMAIN.md §3.7, §9: police agreed with the joint s47 but not with relying
 * on a voluntary safety plan). Dissent recorded before parts existed is about
 * the chosen options.
 */
export const DISSENT_PARTS = ['options', 'protective-action', 'voluntary-safety-plan', 'reasons'] as const;
export type DissentPart = (typeof DISSENT_PARTS)[number];

export const DISSENT_PART_LABELS: Record<DissentPart, string> = {
  options: 'The option or options chosen',
  'protective-action': 'The immediate protective action',
  'voluntary-safety-plan': 'Relying on a voluntary safety plan',
  reasons: 'The reasons for the decision',
};
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

const slug = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, `${label} must be lowercase letters, numbers and hyphens`);

const text = (max: number, label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((value) => (value ? value : null));

// ---------------------------------------------------------------- templates

export const DecisionOptionSchema = z.strictObject({
  key: slug('Option key'),
  label: z.string().trim().min(1).max(200),
  description: z.string().trim().max(1000).optional(),
});
export type DecisionOption = z.infer<typeof DecisionOptionSchema>;

/**
 * Options that exclude each other: at most one of `options` can be chosen in
 * one decision of the local authority. `reason` says why, in words the chair
 * reads when the combination is refused.
 */
export const OptionExclusionSchema = z.strictObject({
  options: z
    .array(slug('Option key'))
    .min(2, 'An exclusion names at least two options')
    .max(LIMITS.decisionOptionsMax)
    .refine((keys) => new Set(keys).size === keys.length, 'An exclusion names each option once'),
  reason: z.string().trim().min(1).max(300),
});
export type OptionExclusion = z.infer<typeof OptionExclusionSchema>;

/**
 * A decision the chair can open: question, outcome options, the protective
 * actions that may accompany any outcome, which options exclude each other,
 * and which protective actions rely on the family's agreement (a voluntary
 * safety plan), so an agency can dissent from relying on one.
 */
export const DecisionTemplateSchema = z
  .strictObject({
    key: slug('Template key'),
    title: z.string().trim().min(1).max(200),
    question: z.string().trim().min(1).max(LIMITS.decisionQuestionMaxLength),
    options: z.array(DecisionOptionSchema).min(2).max(LIMITS.decisionOptionsMax),
    protectiveActions: z.array(DecisionOptionSchema).max(LIMITS.decisionOptionsMax),
    exclusions: z.array(OptionExclusionSchema).max(LIMITS.decisionOptionsMax).default([]),
    voluntarySafetyPlanActions: z.array(slug('Protective action key')).max(LIMITS.decisionOptionsMax).default([]),
  })
  .refine((t) => new Set(t.options.map((o) => o.key)).size === t.options.length, 'Option keys must be unique')
  .refine(
    (t) => new Set(t.protectiveActions.map((o) => o.key)).size === t.protectiveActions.length,
    'Protective action keys must be unique',
  )
  .refine(
    (t) => t.exclusions.every((x) => x.options.every((key) => t.options.some((o) => o.key === key))),
    'Exclusions must name options of the template',
  )
  .refine(
    (t) => t.voluntarySafetyPlanActions.every((key) => t.protectiveActions.some((o) => o.key === key)),
    'voluntarySafetyPlanActions must name protective actions of the template',
  );
export type DecisionTemplate = z.infer<typeof DecisionTemplateSchema>;

/** The file named by DECISION_TEMPLATES_FILE: a deployment's own decision templates. */
export const DecisionTemplatesFileSchema = z
  .strictObject({ templates: z.array(DecisionTemplateSchema).min(1) })
  .refine((f) => new Set(f.templates.map((t) => t.key)).size === f.templates.length, 'Template keys must be unique');

export const DecisionTemplatesResponseSchema = z.object({ templates: z.array(DecisionTemplateSchema) });
export type DecisionTemplatesResponse = z.infer<typeof DecisionTemplatesResponseSchema>;

/** The default template: the section 47 threshold decision with the outcome options of DOMAIN.md §4.1. */
export const S47_THRESHOLD_TEMPLATE: DecisionTemplate = {
  key: 's47-threshold',
  title: 'Section 47 threshold decision',
  question:
    'Is there reasonable cause to suspect that the child is suffering, or is likely to suffer, significant harm, and should section 47 enquiries start?',
  options: [
    {
      key: 'nfa',
      label: 'No further action',
      description:
        'Threshold for section 47 not met; no further local authority involvement; signpost to universal services.',
    },
    {
      key: 'early-help',
      label: 'Threshold not met: Family Help or early help offered',
      description: 'Consent-based support.',
    },
    {
      key: 's17-assessment',
      label: 'Threshold not met: child and family assessment under section 17',
      description: 'Child in need or Family Help.',
    },
    {
      key: 's47-single-agency',
      label: 'Section 47 enquiry: single agency (local authority)',
      description: 'No police investigation.',
    },
    {
      key: 's47-joint',
      label: 'Section 47 enquiry: joint with police',
      description: 'Local authority led, with a parallel criminal investigation.',
    },
    {
      key: 'police-only',
      label: 'Police-only criminal investigation',
      description: 'Section 47 not initiated, for example harm outside the home where parents are protective.',
    },
    {
      key: 'further-discussion',
      label: 'Further strategy discussion needed before deciding',
      description: 'Set a deadline.',
    },
    { key: 'refer-lado', label: 'Refer to the LADO', description: 'Allegation against someone working with children.' },
    {
      key: 'transfer-la',
      label: 'Refer or transfer to another local authority',
      description: 'Home or host authority.',
    },
    { key: 'refer-marac', label: 'Refer to MARAC', description: 'High-risk domestic abuse.' },
  ],
  protectiveActions: [
    { key: 'police-protection', label: 'Police protection (section 46) taken or to be considered' },
    { key: 'epo-legal', label: 'Apply for an EPO (section 44) or seek legal advice or a legal planning meeting' },
    { key: 's20-or-safety-plan', label: 'Voluntary section 20 accommodation or a safety plan with family' },
    { key: 'urgent-medical', label: 'Urgent child protection medical' },
    { key: 'alleged-abuser-leaves', label: 'Alleged abuser to leave the home' },
  ],
  // DOMAIN.md §2, §3.6, §4.1. Referrals (LADO, another LA, MARAC) and protective actions go with any outcome.
  exclusions: [
    {
      // NFA, Family Help, s17, either s47 enquiry, or not deciding yet: one answer to the threshold question.
      options: ['nfa', 'early-help', 's17-assessment', 's47-single-agency', 's47-joint', 'further-discussion'],
      reason:
        'a decision has one outcome on the section 47 threshold (open a decision for each child whose outcome differs)',
    },
    {
      // A police-only investigation means section 47 enquiries are not started: the threshold is decided.
      options: ['police-only', 's47-single-agency', 's47-joint', 'further-discussion'],
      reason: 'a police-only investigation means section 47 enquiries are not started',
    },
  ],
  voluntarySafetyPlanActions: ['s20-or-safety-plan'],
};

/**
 * The initial child protection conference's decision per child (DOMAIN-PATHWAY
 * §1.5): agencies record their recommendation as a view, the conference chair
 * decides, dissent is minuted. The chair's outcome entry (shared/src/pathway.ts)
 * must match the option decided.
 */
export const ICPC_PLAN_TEMPLATE: DecisionTemplate = {
  key: 'icpc-plan',
  title: 'Child protection plan decision',
  question: 'Is the child likely to suffer significant harm, so that a child protection plan is needed?',
  options: [
    {
      key: 'child-protection-plan',
      label: 'Child protection plan',
      description: 'The child is likely to suffer significant harm: a plan, with its category.',
    },
    {
      key: 'no-plan',
      label: 'No child protection plan',
      description: 'A child in need or Family Help plan, or no further action.',
    },
  ],
  protectiveActions: [{ key: 'legal-planning', label: 'Seek legal advice or a legal planning meeting' }],
  exclusions: [
    { options: ['child-protection-plan', 'no-plan'], reason: 'a conference decides plan or no plan for each child' },
  ],
  voluntarySafetyPlanActions: [],
};

/** The review conference's decision per child (DOMAIN-PATHWAY §3). */
export const REVIEW_CONFERENCE_PLAN_TEMPLATE: DecisionTemplate = {
  key: 'review-conference-plan',
  title: 'Review of the child protection plan',
  question: 'Is the child still likely to suffer significant harm: should the plan continue, end or be escalated?',
  options: [
    {
      key: 'continue-plan',
      label: 'Continue the child protection plan',
      description: 'Changed or not, perhaps with a new category.',
    },
    {
      key: 'end-plan',
      label: 'End the child protection plan',
      description: 'Step down to Family Help, a child in need plan or no further action.',
    },
    {
      key: 'escalate',
      label: 'Escalate',
      description: 'A legal planning meeting or pre-proceedings; the plan continues.',
    },
  ],
  protectiveActions: [{ key: 'fgdm-offer', label: 'Offer family group decision-making' }],
  exclusions: [
    {
      options: ['continue-plan', 'end-plan', 'escalate'],
      reason: 'a review conference makes one decision about each child’s plan',
    },
  ],
  voluntarySafetyPlanActions: [],
};

export const DEFAULT_DECISION_TEMPLATES: readonly DecisionTemplate[] = [
  S47_THRESHOLD_TEMPLATE,
  ICPC_PLAN_TEMPLATE,
  REVIEW_CONFERENCE_PLAN_TEMPLATE,
];

// ---------------------------------------------------------------- requests (socket.io payloads)

/** Every change carries a client-generated id, so a retried event is applied once. */
const requestId = z.uuid({ error: 'requestId must be a UUID generated by the client for this change' });
const id = (label: string) => z.uuid({ error: `${label} must be an id` });
const meetingId = id('meetingId');
const agencySchema = z.enum(AGENCIES, { error: `Agency must be one of: ${AGENCIES.join(', ')}` });

export const HarmAssessmentSchema = z.enum(HARM_ASSESSMENTS, {
  error: 'Select whether there is reasonable cause to suspect significant harm',
});
export const EscalationStageSchema = z.enum(ESCALATION_STAGES, {
  error: `Stage must be one of: ${ESCALATION_STAGES.join(', ')}`,
});

const uniqueKeys = (label: string, min: number) =>
  z
    .array(slug(label), { error: `Select at least one ${label.toLowerCase()}` })
    .min(min, `Select at least one ${label.toLowerCase()}`)
    .max(LIMITS.decisionOptionsMax)
    .refine((keys) => new Set(keys).size === keys.length, `Each ${label.toLowerCase()} can be selected once`);

export const OpenDecisionRequestSchema = z.strictObject({
  requestId,
  meetingId,
  childIds: z
    .array(id('Child'), { error: 'Select at least one child' })
    .min(1, 'Select at least one child')
    .max(LIMITS.childrenPerMeetingMax)
    .refine((ids) => new Set(ids).size === ids.length, 'Each child can be selected once'),
  templateKey: slug('Template').default(S47_THRESHOLD_TEMPLATE.key),
  /** Overrides the template's question, e.g. to name the concern. */
  question: optionalText(LIMITS.decisionQuestionMaxLength, 'Question'),
});
export type OpenDecisionRequest = z.input<typeof OpenDecisionRequestSchema>;

export const CloseDecisionRequestSchema = z.strictObject({ requestId, meetingId, decisionId: id('decisionId') });
export type CloseDecisionRequest = z.input<typeof CloseDecisionRequestSchema>;

export const RecordViewRequestSchema = z.strictObject({
  requestId,
  meetingId,
  decisionId: id('decisionId'),
  harm: HarmAssessmentSchema,
  recommendedOption: slug('Recommended option'),
  reasons: text(LIMITS.reasonsMaxLength, 'the reasons for your agency’s view'),
  keyInformation: optionalText(LIMITS.reasonsMaxLength, 'Key information'),
  conditions: optionalText(LIMITS.conditionsMaxLength, 'Conditions'),
  /**
   * Restricts the view from the moment it is recorded (never sent to anyone
   * outside the audience). Left out, a changed view keeps the flag of the one
   * it replaces.
   */
  restriction: RestrictionKindSchema.optional(),
});
export type RecordViewRequest = z.input<typeof RecordViewRequestSchema>;

const laDecisionFields = {
  requestId,
  meetingId,
  decisionId: id('decisionId'),
  chosenOptions: uniqueKeys('Option', 1),
  reasons: text(LIMITS.reasonsMaxLength, 'the reasons for the decision'),
  protectiveActions: uniqueKeys('Protective action', 0).default([]),
  protectiveActionDetails: optionalText(LIMITS.reasonsMaxLength, 'Immediate protective action'),
};

export const RecordLaDecisionRequestSchema = z.strictObject(laDecisionFields);
export type RecordLaDecisionRequest = z.input<typeof RecordLaDecisionRequestSchema>;

/** A correction never edits the recorded decision: it is a new entry linked to the one it corrects. */
export const CorrectLaDecisionRequestSchema = z.strictObject({
  ...laDecisionFields,
  correctsId: id('correctsId'),
  correctionReason: text(LIMITS.reasonsMaxLength, 'why the decision is being corrected'),
});
export type CorrectLaDecisionRequest = z.input<typeof CorrectLaDecisionRequestSchema>;

export const DissentPartSchema = z.enum(DISSENT_PARTS, {
  error: 'Select which part of the decision your agency disagrees with',
});

export const RecordDissentRequestSchema = z.strictObject({
  requestId,
  meetingId,
  decisionId: id('decisionId'),
  part: DissentPartSchema,
  reasons: text(LIMITS.reasonsMaxLength, 'the reasons for your agency’s dissent'),
  /** Usually practitioner; a child in immediate danger goes straight to the stage needed. */
  stage: EscalationStageSchema.default('practitioner'),
});
export type RecordDissentRequest = z.input<typeof RecordDissentRequestSchema>;

export const AddEscalationStepRequestSchema = z.strictObject({
  requestId,
  meetingId,
  dissentId: id('dissentId'),
  stage: EscalationStageSchema,
  note: text(LIMITS.reasonsMaxLength, 'what happened at this step'),
});
export type AddEscalationStepRequest = z.input<typeof AddEscalationStepRequestSchema>;

export const ResolveEscalationRequestSchema = z.strictObject({
  requestId,
  meetingId,
  dissentId: id('dissentId'),
  outcome: text(LIMITS.reasonsMaxLength, 'the outcome statement'),
});
export type ResolveEscalationRequest = z.input<typeof ResolveEscalationRequestSchema>;

// ---------------------------------------------------------------- responses

/** A person as other members see them in decisions and actions. */
export const PersonRefSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  agency: agencySchema,
});
export type PersonRef = z.infer<typeof PersonRefSchema>;

/**
 * An agency's view as one reader receives it. When the view is restricted
 * and the reader is outside its audience (`withheld` set), it keeps its id,
 * agency, author, time, place in the history and flag, but its reasons, key
 * information and conditions are empty and its answers (`harm`,
 * `recommendedOption`) are withheld too: a police view's choice alone can say
 * too much (docs/SECURITY.md "Restricted entries").
 */
export const AgencyViewResponseSchema = z.object({
  id: z.uuid(),
  agency: agencySchema,
  /** null only when the view is withheld from this reader. */
  harm: HarmAssessmentSchema.nullable(),
  /** '' only when the view is withheld from this reader. */
  recommendedOption: z.string(),
  reasons: z.string(),
  keyInformation: z.string().nullable(),
  conditions: z.string().nullable(),
  recordedBy: PersonRefSchema,
  recordedAt: z.string(),
  /** The view this one replaced (same agency, same decision): the history runs from it to this one. */
  supersedesId: z.uuid().nullable(),
  /** Restriction flag (DOMAIN.md §7); null when the view may be shared. */
  restriction: EntryRestrictionSchema,
  /** For a reader outside the restriction's audience, what they are told instead ("Information withheld: police restricted"); else null. */
  withheld: z.string().nullable(),
});
export type AgencyViewResponse = z.infer<typeof AgencyViewResponseSchema>;

export const LaDecisionResponseSchema = z.object({
  id: z.uuid(),
  chosenOptions: z.array(z.string()),
  reasons: z.string(),
  protectiveActions: z.array(z.string()),
  protectiveActionDetails: z.string().nullable(),
  recordedBy: PersonRefSchema,
  recordedAt: z.string(),
  /** SHA-256 (hex) of the record document's encoded state when the decision was recorded. */
  recordStateSha256: z.string(),
  /** The agency views current when the decision was recorded. */
  basisViewIds: z.array(z.uuid()),
  correctsId: z.uuid().nullable(),
  correctionReason: z.string().nullable(),
});
export type LaDecisionResponse = z.infer<typeof LaDecisionResponseSchema>;

export const EscalationStepResponseSchema = z.object({
  id: z.uuid(),
  stage: EscalationStageSchema,
  note: z.string(),
  recordedBy: PersonRefSchema,
  recordedAt: z.string(),
});
export type EscalationStepResponse = z.infer<typeof EscalationStepResponseSchema>;

export const DissentResponseSchema = z.object({
  id: z.uuid(),
  agency: agencySchema,
  /** The local authority decision dissented from. */
  laDecisionId: z.uuid(),
  /** Which part of it. */
  part: DissentPartSchema,
  reasons: z.string(),
  recordedBy: PersonRefSchema,
  recordedAt: z.string(),
  escalation: z.object({
    status: z.enum(ESCALATION_STATUSES),
    stage: EscalationStageSchema,
    /** The first step is the dissent itself, at the stage it was raised. */
    steps: z.array(EscalationStepResponseSchema),
    outcome: z.string().nullable(),
    resolvedBy: PersonRefSchema.nullable(),
    resolvedAt: z.string().nullable(),
  }),
});
export type DissentResponse = z.infer<typeof DissentResponseSchema>;

export const DecisionSummarySchema = z.object({
  /** Current view of each agency that has given one. */
  byAgency: z.array(z.object({ agency: agencySchema, harm: HarmAssessmentSchema, recommendedOption: z.string() })),
  /** For every option of the decision, the agencies recommending it (possibly none). */
  byOption: z.array(z.object({ option: z.string(), agencies: z.array(agencySchema) })),
  byHarm: z.object({ yes: z.array(agencySchema), no: z.array(agencySchema), unsure: z.array(agencySchema) }),
  /** Minimum agencies (children's social care, police, health) with no view yet: a warning, never a block. */
  missingMinimumAgencies: z.array(agencySchema),
});
export type DecisionSummary = z.infer<typeof DecisionSummarySchema>;

export const DecisionResponseSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  /** Increases with every change; a client keeps the highest it has seen. */
  revision: z.number().int(),
  templateKey: z.string(),
  title: z.string(),
  question: z.string(),
  options: z.array(DecisionOptionSchema),
  protectiveActionOptions: z.array(DecisionOptionSchema),
  /** Options that exclude each other (the template's, copied when the decision was opened). */
  optionExclusions: z.array(OptionExclusionSchema),
  /** Protective actions that rely on the family's agreement (a voluntary safety plan). */
  voluntarySafetyPlanActions: z.array(z.string()),
  childIds: z.array(z.uuid()),
  status: z.enum(DECISION_STATUSES),
  openedBy: PersonRefSchema,
  openedAt: z.string(),
  closedBy: PersonRefSchema.nullable(),
  closedAt: z.string().nullable(),
  /** Set when the discussion concluded without a decision (status not-reached). */
  notReached: z.object({ reason: z.string(), recordedBy: PersonRefSchema, recordedAt: z.string() }).nullable(),
  currentViews: z.array(AgencyViewResponseSchema),
  /** Every view ever recorded, oldest first, including the current ones. */
  viewHistory: z.array(AgencyViewResponseSchema),
  /** Oldest first. The one no later entry corrects is the decision in force. */
  laDecisions: z.array(LaDecisionResponseSchema),
  dissents: z.array(DissentResponseSchema),
  summary: DecisionSummarySchema,
});
export type DecisionResponse = z.infer<typeof DecisionResponseSchema>;

// ---------------------------------------------------------------- pure helpers

/**
 * The live summary of a decision's current views. Counts nothing: it shows who
 * said what. A view withheld from the reader (`harm` null) shows nowhere but
 * still counts as given (its agency is not "missing").
 */
export function summariseViews(
  options: readonly Pick<DecisionOption, 'key'>[],
  currentViews: readonly Pick<AgencyViewResponse, 'agency' | 'harm' | 'recommendedOption'>[],
): DecisionSummary {
  const ordered = [...currentViews]
    .flatMap(({ agency, harm, recommendedOption }) => (harm === null ? [] : [{ agency, harm, recommendedOption }]))
    .sort((a, b) => AGENCIES.indexOf(a.agency) - AGENCIES.indexOf(b.agency));
  const agenciesWhere = (match: (v: (typeof ordered)[number]) => boolean): Agency[] =>
    ordered.filter(match).map((v) => v.agency);
  return {
    byAgency: ordered,
    byOption: options.map(({ key }) => ({ option: key, agencies: agenciesWhere((v) => v.recommendedOption === key) })),
    byHarm: {
      yes: agenciesWhere((v) => v.harm === 'yes'),
      no: agenciesWhere((v) => v.harm === 'no'),
      unsure: agenciesWhere((v) => v.harm === 'unsure'),
    },
    missingMinimumAgencies: MINIMUM_AGENCIES.filter((agency) => !currentViews.some((v) => v.agency === agency)),
  };
}

/** The local authority decision in force: the one no later entry corrects. */
export function decisionInForce<T extends Pick<LaDecisionResponse, 'id' | 'correctsId'>>(
  laDecisions: readonly T[],
): T | null {
  const corrected = new Set(laDecisions.map((d) => d.correctsId).filter((x): x is string => x !== null));
  return laDecisions.filter((d) => !corrected.has(d.id)).at(-1) ?? null;
}

/** An agency's current view recommends an option the local authority did not choose. */
export function viewDiffersFromDecision(
  view: Pick<AgencyViewResponse, 'recommendedOption'>,
  decision: Pick<LaDecisionResponse, 'chosenOptions'>,
): boolean {
  return !decision.chosenOptions.includes(view.recommendedOption);
}

/** Two chosen options that exclude each other, in the order they were chosen, and why. */
export interface OptionConflict {
  first: string;
  second: string;
  reason: string;
}

/**
 * The first pair of `chosen` options that an exclusion forbids together, or
 * null when the combination is allowed. The server refuses a decision with a
 * conflict; the client uses the same rule to warn before sending.
 */
export function findOptionConflict(
  chosen: readonly string[],
  exclusions: readonly OptionExclusion[],
): OptionConflict | null {
  for (const [i, first] of chosen.entries()) {
    for (const second of chosen.slice(i + 1)) {
      const rule = exclusions.find((x) => x.options.includes(first) && x.options.includes(second));
      if (rule) return { first, second, reason: rule.reason };
    }
  }
  return null;
}

/** The words that refuse a conflict: "'No further action' cannot be recorded with '…'", and why. */
export function optionConflictMessage(
  conflict: OptionConflict,
  options: readonly Pick<DecisionOption, 'key' | 'label'>[],
): string {
  const label = (key: string) => options.find((o) => o.key === key)?.label ?? key;
  return `'${label(conflict.first)}' cannot be recorded with '${label(conflict.second)}': ${conflict.reason}`;
}

/**
 * The parts of a recorded decision an agency can dissent from: the chosen
 * options and the reasons always; the protective action when one is recorded
 * (chosen or described); reliance on a voluntary safety plan when a chosen
 * protective action relies on the family's agreement.
 */
export function dissentPartsOf(
  decision: Pick<DecisionResponse, 'voluntarySafetyPlanActions'>,
  entry: Pick<LaDecisionResponse, 'protectiveActions' | 'protectiveActionDetails'>,
): DissentPart[] {
  const hasProtectiveAction = entry.protectiveActions.length > 0 || Boolean(entry.protectiveActionDetails);
  const reliesOnPlan = entry.protectiveActions.some((key) => decision.voluntarySafetyPlanActions.includes(key));
  return DISSENT_PARTS.filter(
    (part) =>
      (part !== 'protective-action' || hasProtectiveAction) && (part !== 'voluntary-safety-plan' || reliesOnPlan),
  );
}
