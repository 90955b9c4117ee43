/**
 * The child protection pathway beyond the strategy discussion
 * (../shared/DOMAIN-PATHWAY.md, docs/PATHWAY.md): each child's record across
 * meetings, the meeting types (strategy discussion, initial and review child
 * protection conferences, core groups), the child protection plan as one
 * versioned document per child, the pathway's clocks and the MACPT caseload.
 *
 * Contracts only; the rules live on the server (server/src/meeting/children,
 * server/src/meeting/pathway).
 */
import { z } from 'zod';
import { AGENCIES, type Agency, MEETING_ROLES } from './constants';
import { PersonRefSchema } from './decisions';
import { ClockSchema, MeetingStatusSchema } from './lifecycle';

const isoDate = z.iso.date({ error: 'Enter a date in the format YYYY-MM-DD' });
const id = (label: string) => z.uuid({ error: `${label} must be an id` });
const text = (max: number, label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);
const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .default('');

export const PATHWAY_LIMITS = {
  caseSystemIdMaxLength: 40,
  householdMembersMax: 20,
  householdMemberNameMaxLength: 120,
  relationshipMaxLength: 80,
  planOutcomesMax: 30,
  planActionsPerOutcomeMax: 30,
  planTextMaxLength: 2000,
  contingencyMaxLength: 8000,
  reviewDatesMax: 20,
  coreGroupMembersMax: 40,
  reportMaxLength: 20_000,
  reasonsMaxLength: 4000,
  chronologyMax: 2000,
} as const;

// ---------------------------------------------------------------- meeting types

/**
 * strategy-discussion: today's meeting (DOMAIN.md §3). icpc: the initial child
 * protection conference (DOMAIN-PATHWAY §1). core-group: works the plan (§2).
 * review-conference: the review child protection conference (§3). fgdm: a
 * family group decision-making meeting (§5, shared/src/fgdm.ts), convened by an
 * independent coordinator (the meeting's chair).
 */
export const MEETING_TYPES = ['strategy-discussion', 'icpc', 'core-group', 'review-conference', 'fgdm'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const MeetingTypeSchema = z.enum(MEETING_TYPES, {
  error: `Meeting type must be one of: ${MEETING_TYPES.join(', ')}`,
});

export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  'strategy-discussion': 'Strategy discussion',
  icpc: 'Initial child protection conference',
  'core-group': 'Core group meeting',
  'review-conference': 'Review child protection conference',
  fgdm: 'Family group decision-making meeting',
};

/** Conferences are chaired by someone independent of the case (DOMAIN-PATHWAY §1.2). */
export const CONFERENCE_TYPES: readonly MeetingType[] = ['icpc', 'review-conference'];
export function isConference(type: MeetingType): boolean {
  return CONFERENCE_TYPES.includes(type);
}

/**
 * Types whose chair must be independent of the case: the conferences, and the
 * family group decision-making meeting's coordinator (DOMAIN-PATHWAY §5.1).
 */
export const INDEPENDENT_CHAIR_TYPES: readonly MeetingType[] = ['icpc', 'review-conference', 'fgdm'];
export function needsIndependentChair(type: MeetingType): boolean {
  return INDEPENDENT_CHAIR_TYPES.includes(type);
}

/** The meetings of the plan's life: they review (and may change) the child protection plan. */
export const PLAN_MEETING_TYPES: readonly MeetingType[] = ['icpc', 'core-group', 'review-conference'];

/** The reference prefix new meetings of each type get when the convener gives none (SD-2026-0001). */
export const MEETING_TYPE_REFERENCE_PREFIXES: Record<MeetingType, string> = {
  'strategy-discussion': 'SD',
  icpc: 'ICPC',
  'core-group': 'CG',
  'review-conference': 'RCPC',
  fgdm: 'FGDM',
};

/** What the chair role is called in each type where it is not "Chair": the FGDM's independent coordinator. */
export function chairLabel(type: MeetingType): string {
  return type === 'fgdm' ? 'Coordinator' : 'Chair';
}

/**
 * What a deployment may change per meeting type (MEETING_TYPES_FILE): its
 * label, the record's sections, the decision templates its chair can open
 * and the roles its members can hold. Rules (who may convene it, from what, the independent chair) are the
 * law's and stay in code.
 */
export const MeetingTypeOverrideSchema = z.strictObject({
  type: MeetingTypeSchema,
  label: z.string().trim().min(1).max(200).optional(),
  recordSections: z
    .array(
      z.strictObject({
        key: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Section key must be lowercase letters, numbers and hyphens'),
        title: z.string().trim().min(1).max(200),
        hint: z.string().trim().max(1000).default(''),
      }),
    )
    .min(1)
    .max(40)
    .optional(),
  decisionTemplateKeys: z.array(z.string().min(1).max(63)).max(20).optional(),
  /** The meeting roles a member can hold in this type (the chair always among them); the four roles when left out. */
  roles: z
    .array(z.enum(MEETING_ROLES, { error: `Roles must be among: ${MEETING_ROLES.join(', ')}` }))
    .refine((roles) => roles.includes('chair'), 'Every meeting type has the chair role')
    .refine((roles) => new Set(roles).size === roles.length, 'List each role once')
    .optional(),
});
export type MeetingTypeOverride = z.infer<typeof MeetingTypeOverrideSchema>;

export const MeetingTypesFileSchema = z
  .strictObject({ meetingTypes: z.array(MeetingTypeOverrideSchema).min(1) })
  .refine((f) => new Set(f.meetingTypes.map((t) => t.type)).size === f.meetingTypes.length, {
    message: 'Each meeting type may be listed once',
    path: ['meetingTypes'],
  });
export type MeetingTypesFile = z.infer<typeof MeetingTypesFileSchema>;

/** A meeting type as this deployment runs it (GET /api/meeting-types). */
export const MeetingTypeDefinitionSchema = z.object({
  type: MeetingTypeSchema,
  label: z.string(),
  referencePrefix: z.string(),
  recordSections: z.array(z.object({ key: z.string(), title: z.string(), hint: z.string() })),
  decisionTemplateKeys: z.array(z.string()),
  /** The meeting roles members of this type can hold. */
  roles: z.array(z.enum(MEETING_ROLES)),
  /** The chair must be independent of the case: not the child's LCPP nor the plan's lead professional. */
  independentChair: z.boolean(),
  /** The meeting this type is convened from: none, a strategy discussion, or a plan meeting. */
  convenedFrom: z.enum(['nothing', 'strategy-discussion', 'child-protection-plan']),
});
export type MeetingTypeDefinition = z.infer<typeof MeetingTypeDefinitionSchema>;

export const MeetingTypesResponseSchema = z.object({ meetingTypes: z.array(MeetingTypeDefinitionSchema) });
export type MeetingTypesResponse = z.infer<typeof MeetingTypesResponseSchema>;

// ---------------------------------------------------------------- child identity

/**
 * An NHS number: ten digits whose last is the modulus 11 check digit (NHS
 * Data Dictionary). Spaces and hyphens people type ("943 476 5919") are
 * ignored. Returns the ten digits, or null when it is not a valid NHS number.
 */
export function normaliseNhsNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return (check === 11 ? 0 : check) === Number(digits[9]) ? digits : null;
}

export const NhsNumberSchema = z
  .string({ error: 'The NHS number must be text' })
  .trim()
  .refine((v) => /^[\d\s-]+$/.test(v) && v.replace(/[\s-]/g, '').length === 10, {
    error: 'Enter the NHS number as 10 digits, like 943 476 5919',
  })
  .refine((v) => normaliseNhsNumber(v) !== null, {
    error:
      'That is not a valid NHS number: its last digit (the check digit) does not match. Check it and enter it again',
  })
  .transform((v) => normaliseNhsNumber(v) as string);

/** The local authority's own case-system ID (the CIN census LAchildID). */
export const CaseSystemIdSchema = z
  .string({ error: 'The case-system ID must be text' })
  .trim()
  .min(1, 'Enter the case-system ID')
  .max(
    PATHWAY_LIMITS.caseSystemIdMaxLength,
    `The case-system ID must be ${PATHWAY_LIMITS.caseSystemIdMaxLength} characters or fewer`,
  )
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9/_-]*$/,
    'The case-system ID may contain only letters, numbers, hyphens, slashes and underscores',
  );

/**
 * A child named when a meeting is convened or a child is added: an existing
 * child by id, or a new child. A new child with a case-system ID already on
 * record is refused (name the existing child instead): children are never
 * matched on name alone (DOMAIN-PATHWAY §9.1 item 13).
 */
export const NewChildSchema = z.strictObject({
  name: text(120, 'the child’s name'),
  dateOfBirth: isoDate.optional(),
  caseSystemId: CaseSystemIdSchema.optional(),
  nhsNumber: NhsNumberSchema.optional(),
  /** Put the new child in the same household as this existing child (a sibling). */
  siblingOfChildId: id('siblingOfChildId').optional(),
});
export type NewChild = z.input<typeof NewChildSchema>;

export const ExistingChildSchema = z.strictObject({ childId: id('childId') });

export const MeetingChildInputSchema = z.union([ExistingChildSchema, NewChildSchema], {
  error: 'Name an existing child by childId, or give a new child’s name',
});
export type MeetingChildInput = z.input<typeof MeetingChildInputSchema>;

/** POST /api/meetings/:id/children: add a child before the meeting concludes (chair). */
export const AddMeetingChildRequestSchema = MeetingChildInputSchema;
export type AddMeetingChildRequest = MeetingChildInput;

/** PATCH /api/children/:id: correct identity (chair of a meeting about the child, or the LCPP). */
export const UpdateChildRequestSchema = z
  .strictObject({
    name: text(120, 'the child’s name').optional(),
    dateOfBirth: isoDate.nullable().optional(),
    caseSystemId: CaseSystemIdSchema.nullable().optional(),
    nhsNumber: NhsNumberSchema.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Change at least one of: name, dateOfBirth, caseSystemId, nhsNumber');
export type UpdateChildRequest = z.input<typeof UpdateChildRequestSchema>;

export const HouseholdMemberSchema = z.strictObject({
  name: text(PATHWAY_LIMITS.householdMemberNameMaxLength, 'the person’s name'),
  relationship: text(PATHWAY_LIMITS.relationshipMaxLength, 'their relationship to the children'),
  /** Holds parental responsibility (invited to conferences, DOMAIN-PATHWAY §1.3). */
  parentalResponsibility: z.boolean({ error: 'parentalResponsibility must be true or false' }).default(false),
});
export type HouseholdMember = z.infer<typeof HouseholdMemberSchema>;

/** PUT /api/children/:id/household: the adults in the child's household (replaces the list). */
export const SetHouseholdRequestSchema = z.strictObject({
  members: z
    .array(HouseholdMemberSchema)
    .max(PATHWAY_LIMITS.householdMembersMax, `List at most ${PATHWAY_LIMITS.householdMembersMax} people`),
});
export type SetHouseholdRequest = z.input<typeof SetHouseholdRequestSchema>;

/** PUT /api/children/:id/lcpp: the lead child protection practitioner (a chair of a meeting about the child, or a team manager). */
export const SetLcppRequestSchema = z.strictObject({ userId: id('userId').nullable() });
export type SetLcppRequest = z.infer<typeof SetLcppRequestSchema>;

export const ChildRefSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  dateOfBirth: z.string().nullable(),
  caseSystemId: z.string().nullable(),
});
export type ChildRef = z.infer<typeof ChildRefSchema>;

// ---------------------------------------------------------------- categories and outcomes

/** Categories of abuse (DOMAIN-PATHWAY §1.5), with the CIN census codes. */
export const CP_CATEGORIES = ['neglect', 'physical', 'emotional', 'sexual'] as const;
export type CpCategory = (typeof CP_CATEGORIES)[number];
export const CP_CATEGORY_LABELS: Record<CpCategory, string> = {
  neglect: 'Neglect',
  physical: 'Physical abuse',
  emotional: 'Emotional abuse',
  sexual: 'Sexual abuse',
};
export const CP_CATEGORY_CENSUS_CODES: Record<CpCategory, string> = {
  neglect: 'NEG',
  physical: 'PHY',
  emotional: 'EMO',
  sexual: 'SAB',
};
/** The census code of a set of categories: MUL for more than one. */
export function censusCategoryCode(categories: readonly CpCategory[]): string {
  if (categories.length > 1) return 'MUL';
  const [only] = categories;
  return only ? CP_CATEGORY_CENSUS_CODES[only] : '';
}

const categories = z
  .array(z.enum(CP_CATEGORIES, { error: `Category must be one of: ${CP_CATEGORIES.join(', ')}` }), {
    error: 'Select at least one category',
  })
  .min(1, 'Select at least one category')
  .refine((c) => new Set(c).size === c.length, 'Select each category once');

export const STEP_DOWN_TARGETS = ['family-help', 'child-in-need', 'no-further-action'] as const;
export type StepDownTarget = (typeof STEP_DOWN_TARGETS)[number];
export const STEP_DOWN_LABELS: Record<StepDownTarget, string> = {
  'family-help': 'Family Help plan',
  'child-in-need': 'Child in need plan',
  'no-further-action': 'No further action',
};
const stepDown = z.enum(STEP_DOWN_TARGETS, { error: 'Select what the child steps down to' });

export const ESCALATION_ROUTES = ['legal-planning-meeting', 'pre-proceedings'] as const;
export type EscalationRoute = (typeof ESCALATION_ROUTES)[number];
export const ESCALATION_ROUTE_LABELS: Record<EscalationRoute, string> = {
  'legal-planning-meeting': 'Legal planning meeting',
  'pre-proceedings': 'Pre-proceedings (Public Law Outline)',
};

/**
 * The conference's decision per child: a signed chair entry, never computed
 * (DOMAIN-PATHWAY §9.1 item 3). ICPC: child-protection-plan or no-plan.
 * Review conference: continue-plan, end-plan or escalate (the plan continues
 * while the escalation runs). Agencies' recommendations and dissent are the
 * views on the conference's decision (the `icpc-plan` / `review-conference-plan`
 * decision templates); when that decision has an outcome in force, the entry
 * must match it.
 */
export const CONFERENCE_OUTCOMES = [
  'child-protection-plan',
  'no-plan',
  'continue-plan',
  'end-plan',
  'escalate',
] as const;
export type ConferenceOutcome = (typeof CONFERENCE_OUTCOMES)[number];
export const CONFERENCE_OUTCOME_LABELS: Record<ConferenceOutcome, string> = {
  'child-protection-plan': 'Child protection plan',
  'no-plan': 'No child protection plan',
  'continue-plan': 'Continue the child protection plan',
  'end-plan': 'End the child protection plan',
  escalate: 'Escalate (the plan continues)',
};
export const OUTCOMES_BY_MEETING_TYPE: Partial<Record<MeetingType, readonly ConferenceOutcome[]>> = {
  icpc: ['child-protection-plan', 'no-plan'],
  'review-conference': ['continue-plan', 'end-plan', 'escalate'],
};

const reasons = text(PATHWAY_LIMITS.reasonsMaxLength, 'the reasons for the decision');

// ---------------------------------------------------------------- the plan

export const PLAN_ACTION_OWNER_AGENCIES = [...AGENCIES, 'family'] as const;
export type PlanActionOwnerAgency = Agency | 'family';

export const PlanActionSchema = z.strictObject({
  id: id('Action id'),
  text: text(PATHWAY_LIMITS.planTextMaxLength, 'what will be done'),
  /** A professional or a family member, by name or role ("Ms Testcase", "Health visitor"). */
  owner: text(200, 'who will do it'),
  agency: z.enum(PLAN_ACTION_OWNER_AGENCIES, {
    error: `The owner's agency must be one of: ${PLAN_ACTION_OWNER_AGENCIES.join(', ')}`,
  }),
  dueDate: isoDate,
  /** Progress, with evidence of impact (core groups update it). */
  progress: optionalText(PATHWAY_LIMITS.planTextMaxLength, 'Progress'),
});
export type PlanAction = z.infer<typeof PlanActionSchema>;

export const PlanOutcomeSchema = z.strictObject({
  id: id('Outcome id'),
  /** What must change: specific, measurable, child-focused. */
  text: text(PATHWAY_LIMITS.planTextMaxLength, 'what must change'),
  actions: z
    .array(PlanActionSchema)
    .max(
      PATHWAY_LIMITS.planActionsPerOutcomeMax,
      `An outcome may have at most ${PATHWAY_LIMITS.planActionsPerOutcomeMax} actions`,
    ),
});
export type PlanOutcome = z.infer<typeof PlanOutcomeSchema>;

export const PlanContentSchema = z
  .strictObject({
    outcomes: z
      .array(PlanOutcomeSchema)
      .max(PATHWAY_LIMITS.planOutcomesMax, `A plan may have at most ${PATHWAY_LIMITS.planOutcomesMax} outcomes`),
    contingency: optionalText(PATHWAY_LIMITS.contingencyMaxLength, 'The contingency plan'),
    reviewDates: z
      .array(isoDate)
      .max(PATHWAY_LIMITS.reviewDatesMax)
      .refine((d) => new Set(d).size === d.length, 'List each review date once')
      .default([]),
    /** How often the core group meets after its first meeting (DOMAIN-PATHWAY §2). */
    coreGroupEveryWeeks: z
      .number({ error: 'Enter how often the core group meets, in weeks' })
      .int('Enter a whole number of weeks')
      .min(1, 'Enter at least 1 week')
      .max(13, 'The core group meets at least every 13 weeks')
      .default(6),
  })
  .superRefine((plan, ctx) => {
    const ids = [...plan.outcomes.map((o) => o.id), ...plan.outcomes.flatMap((o) => o.actions.map((a) => a.id))];
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', message: 'Each outcome and action needs its own id' });
  });
export type PlanContent = z.output<typeof PlanContentSchema>;
export type PlanContentInput = z.input<typeof PlanContentSchema>;

export const EMPTY_PLAN_CONTENT: PlanContent = {
  outcomes: [],
  contingency: '',
  reviewDates: [],
  coreGroupEveryWeeks: 6,
};

/**
 * PUT /api/children/:id/plan: a new version of the child's plan. `baseVersion`
 * is the version the editor started from; anything else gets 409 and the
 * current version, so no one's change is lost silently (code StaleVersion,
 * `current`: the ChildProtectionPlan as it is now). An ended plan is read
 * only (409 PlanEnded). `meetingId`: the plan meeting it was changed in,
 * recorded with the version.
 */
export const UpdatePlanRequestSchema = z.strictObject({
  baseVersion: z.number({ error: 'baseVersion must be the version you changed' }).int().min(1),
  meetingId: id('meetingId').optional(),
  content: PlanContentSchema,
});
export type UpdatePlanRequest = z.input<typeof UpdatePlanRequestSchema>;

export const PLAN_STATUSES = ['active', 'ended'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PlanVersionSchema = z.object({
  version: z.number().int(),
  /** sha256 (hex) of the canonical JSON of { childId, planId, version, content }. */
  hash: z.string(),
  content: PlanContentSchema,
  changedBy: PersonRefSchema,
  changedAt: z.string(),
  meeting: z.object({ id: z.uuid(), reference: z.string(), type: MeetingTypeSchema }).nullable(),
});
export type PlanVersion = z.infer<typeof PlanVersionSchema>;

export const ChildProtectionPlanSchema = z.object({
  id: z.uuid(),
  childId: z.uuid(),
  status: z.enum(PLAN_STATUSES),
  /** The ICPC that started it. */
  startedAt: z.string(),
  startedByMeeting: z.object({ id: z.uuid(), reference: z.string() }),
  /** Initial categories (set at the ICPC) and the latest (a review can change them). */
  initialCategories: z.array(z.enum(CP_CATEGORIES)),
  latestCategories: z.array(z.enum(CP_CATEGORIES)),
  leadProfessional: PersonRefSchema.nullable(),
  coreGroup: z.array(PersonRefSchema),
  endedAt: z.string().nullable(),
  endedByMeeting: z.object({ id: z.uuid(), reference: z.string() }).nullable(),
  stepDown: z.enum(STEP_DOWN_TARGETS).nullable(),
  current: PlanVersionSchema,
});
export type ChildProtectionPlan = z.infer<typeof ChildProtectionPlanSchema>;

/** GET /api/children/:id/plan/versions: every version, oldest first. */
export const PlanVersionsResponseSchema = z.object({ versions: z.array(PlanVersionSchema) });
export type PlanVersionsResponse = z.infer<typeof PlanVersionsResponseSchema>;

// ---------------------------------------------------------------- conference outcome

/** POST /api/meetings/:id/children/:childId/outcome: the conference chair's decision for one child. */
export const RecordConferenceOutcomeRequestSchema = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('child-protection-plan'),
      categories,
      leadProfessionalUserId: id('Select the lead professional'),
      coreGroupUserIds: z
        .array(id('Core group member'))
        .min(1, 'Name the core group')
        .max(PATHWAY_LIMITS.coreGroupMembersMax)
        .refine((ids) => new Set(ids).size === ids.length, 'Name each core group member once'),
      /** The outline plan (what must change, actions, contingency), enough to protect the child until the first core group. */
      outline: PlanContentSchema.optional(),
      reasons,
    }),
    z.strictObject({ outcome: z.literal('no-plan'), stepDown, reasons }),
    z.strictObject({ outcome: z.literal('continue-plan'), categories, reasons }),
    z.strictObject({ outcome: z.literal('end-plan'), stepDown, reasons }),
    z.strictObject({
      outcome: z.literal('escalate'),
      route: z.enum(ESCALATION_ROUTES, { error: 'Select where the case is escalated to' }),
      reasons,
    }),
  ],
  { error: `Select the outcome: one of ${CONFERENCE_OUTCOMES.join(', ')}` },
);
export type RecordConferenceOutcomeRequest = z.input<typeof RecordConferenceOutcomeRequestSchema>;

export const ConferenceOutcomeResponseSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  childId: z.uuid(),
  outcome: z.enum(CONFERENCE_OUTCOMES),
  categories: z.array(z.enum(CP_CATEGORIES)),
  stepDown: z.enum(STEP_DOWN_TARGETS).nullable(),
  route: z.enum(ESCALATION_ROUTES).nullable(),
  reasons: z.string(),
  recordedBy: PersonRefSchema,
  recordedAt: z.string(),
  planId: z.uuid().nullable(),
});
export type ConferenceOutcomeResponse = z.infer<typeof ConferenceOutcomeResponseSchema>;

/** GET /api/meetings/:id/outcomes: the outcome recorded for each child of a conference so far (members). */
export const ConferenceOutcomesResponseSchema = z.object({ outcomes: z.array(ConferenceOutcomeResponseSchema) });
export type ConferenceOutcomesResponse = z.infer<typeof ConferenceOutcomesResponseSchema>;

// ---------------------------------------------------------------- reports and parts

/** What a report withheld from the parents needs (DOMAIN-PATHWAY §1.4: only for a safeguarding reason, documented). */
export const NOT_SHARED_REASON_REQUIRED = 'Give the safeguarding reason the parents cannot see this report';

/** A report not shared with the parents needs its reason; the message goes against `notSharedReason`. */
function requireReasonWhenNotShared(
  report: { sharedWithParents: boolean; notSharedReason: string },
  ctx: z.RefinementCtx,
): void {
  if (!report.sharedWithParents && report.notSharedReason === '')
    ctx.addIssue({ code: 'custom', path: ['notSharedReason'], message: NOT_SHARED_REASON_REQUIRED });
}

/** POST /api/meetings/:id/reports: an agency's report before a conference (one per author; resubmitting replaces the text). */
export const SubmitReportRequestSchema = z
  .strictObject({
    text: text(PATHWAY_LIMITS.reportMaxLength, 'the report'),
    sharedWithParents: z.boolean({ error: 'Say whether the report is shared with the parents' }),
    /** Why it is not shared (a safeguarding reason, DOMAIN-PATHWAY §1.4); required when not shared. */
    notSharedReason: optionalText(PATHWAY_LIMITS.reasonsMaxLength, 'The reason'),
  })
  .superRefine(requireReasonWhenNotShared);
export type SubmitReportRequest = z.input<typeof SubmitReportRequestSchema>;

/** PUT /api/meetings/:id/reports/:reportId/sharing: the report's agency decides whether parents see it. */
export const ShareReportRequestSchema = z
  .strictObject({
    sharedWithParents: z.boolean({ error: 'Say whether the report is shared with the parents' }),
    notSharedReason: optionalText(PATHWAY_LIMITS.reasonsMaxLength, 'The reason'),
  })
  .superRefine(requireReasonWhenNotShared);
export type ShareReportRequest = z.input<typeof ShareReportRequestSchema>;

export const AgencyReportSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  agency: z.enum(AGENCIES),
  author: PersonRefSchema,
  text: z.string(),
  submittedAt: z.string(),
  sharedWithParents: z.boolean(),
  sharedAt: z.string().nullable(),
  sharedBy: PersonRefSchema.nullable(),
  notSharedReason: z.string(),
});
export type AgencyReport = z.infer<typeof AgencyReportSchema>;
export const AgencyReportsResponseSchema = z.object({ reports: z.array(AgencyReportSchema) });
export type AgencyReportsResponse = z.infer<typeof AgencyReportsResponseSchema>;

/** POST /api/meetings/:id/parts: the chair starts a part of a live conference held without the parents. */
export const StartPartRequestSchema = z.strictObject({
  reason: text(PATHWAY_LIMITS.reasonsMaxLength, 'why this part is held without the parents'),
});
export type StartPartRequest = z.infer<typeof StartPartRequestSchema>;

export const MeetingPartSchema = z.object({
  id: z.uuid(),
  withoutParents: z.literal(true),
  reason: z.string(),
  startedAt: z.string(),
  startedBy: PersonRefSchema,
  endedAt: z.string().nullable(),
});
export type MeetingPart = z.infer<typeof MeetingPartSchema>;
/** GET /api/meetings/:id/parts: the parts held without the parents, oldest first. */
export const MeetingPartsResponseSchema = z.object({ parts: z.array(MeetingPartSchema) });
export type MeetingPartsResponse = z.infer<typeof MeetingPartsResponseSchema>;

// ---------------------------------------------------------------- pathway clocks

/**
 * The clocks of a child's pathway (DOMAIN-PATHWAY §9.1 item 2): strategy →
 * ICPC (15 working days), ICPC → first core group (10 working days), then
 * the next core group at the plan's frequency, ICPC → first review (3
 * months), review → next review (6 months). None runs once the plan ended.
 */
export const PATHWAY_CLOCK_KEYS = [
  'icpc',
  'first-core-group',
  'core-group',
  'first-review-conference',
  'review-conference',
] as const;
export type PathwayClockKey = (typeof PATHWAY_CLOCK_KEYS)[number];

export const PathwayClockSchema = ClockSchema.extend({ key: z.enum(PATHWAY_CLOCK_KEYS) });
export type PathwayClock = z.infer<typeof PathwayClockSchema>;

/** Where a child is on the pathway now. */
export const PATHWAY_STAGES = [
  'strategy-discussion',
  's47-enquiry',
  'child-protection-plan',
  'no-plan',
  'plan-ended',
] as const;
export type PathwayStage = (typeof PATHWAY_STAGES)[number];
export const PATHWAY_STAGE_LABELS: Record<PathwayStage, string> = {
  'strategy-discussion': 'Strategy discussion',
  's47-enquiry': 'Section 47 enquiry',
  'child-protection-plan': 'Child protection plan',
  'no-plan': 'No child protection plan',
  'plan-ended': 'Plan ended',
};

// ---------------------------------------------------------------- the child's page

export const PathwayMeetingSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  type: MeetingTypeSchema,
  scheduledAt: z.string(),
  status: MeetingStatusSchema,
});
export type PathwayMeeting = z.infer<typeof PathwayMeetingSchema>;

export const CHRONOLOGY_KINDS = [
  'meeting-convened',
  'meeting-concluded',
  'child-added',
  'child-removed',
  'decision',
  'conference-outcome',
  'category',
  'plan-started',
  'plan-changed',
  'plan-reviewed',
  'plan-ended',
  'action',
  'dissent',
  'record-sealed',
  'family-plan-presented',
  'family-plan-response',
  'support-approved',
] as const;
export type ChronologyKind = (typeof CHRONOLOGY_KINDS)[number];

/** One event in the child's chronology: when, what, and a link to where it is recorded. References and short labels only. */
export const ChronologyEntrySchema = z.object({
  at: z.string(),
  kind: z.enum(CHRONOLOGY_KINDS),
  title: z.string(),
  detail: z.string().nullable(),
  meeting: z.object({ id: z.uuid(), reference: z.string(), type: MeetingTypeSchema }).nullable(),
  /** A path in the app (/meetings/…, /meetings/…/record, /children/…#plan). */
  href: z.string(),
});
export type ChronologyEntry = z.infer<typeof ChronologyEntrySchema>;

/**
 * GET /api/children/:id. `scope`: all for the child's LCPP, a chair of any
 * meeting about the child and team managers; otherwise only the meetings the
 * reader belongs to, and everything on the page is cut to those meetings
 * (need-to-know). 404 for anyone who is not a member of any meeting about the child.
 */
export const ChildRecordSchema = z.object({
  child: ChildRefSchema.extend({ nhsNumber: z.string().nullable() }),
  scope: z.enum(['all', 'own-meetings']),
  lcpp: PersonRefSchema.nullable(),
  stage: z.enum(PATHWAY_STAGES),
  household: z.array(HouseholdMemberSchema),
  /** Siblings (the same household) the reader may see. */
  siblings: z.array(ChildRefSchema),
  /** Agencies of the members of the meetings in scope. */
  agencies: z.array(z.enum(AGENCIES)),
  meetings: z.array(PathwayMeetingSchema),
  /** The plan, when the reader may see it (in scope: every plan meeting's members). */
  plan: ChildProtectionPlanSchema.nullable(),
  clocks: z.array(PathwayClockSchema),
  chronology: z.array(ChronologyEntrySchema),
});
export type ChildRecord = z.infer<typeof ChildRecordSchema>;

/** The query of GET /api/children: exactly one identifier (children are never looked up by name). */
export const ChildSearchQuerySchema = z
  .strictObject({ caseSystemId: CaseSystemIdSchema.optional(), nhsNumber: NhsNumberSchema.optional() })
  .refine((q) => (q.caseSystemId === undefined) !== (q.nhsNumber === undefined), {
    error: 'Look a child up by one identifier: caseSystemId or nhsNumber',
  });
export type ChildSearchQuery = z.output<typeof ChildSearchQuerySchema>;

/** GET /api/children?caseSystemId=…|nhsNumber=…: children the caller may see, for naming an existing child. */
export const ChildSearchResponseSchema = z.object({ children: z.array(ChildRefSchema) });
export type ChildSearchResponse = z.infer<typeof ChildSearchResponseSchema>;

// ---------------------------------------------------------------- caseload

export const CaseloadEntrySchema = z.object({
  child: ChildRefSchema,
  lcpp: PersonRefSchema.nullable(),
  stage: z.enum(PATHWAY_STAGES),
  categories: z.array(z.enum(CP_CATEGORIES)),
  nextMeeting: PathwayMeetingSchema.nullable(),
  openActions: z.number().int(),
  overdueActions: z.number().int(),
  overdueClocks: z.array(PathwayClockSchema),
  /** The soonest clock still running, if any. */
  nextClock: PathwayClockSchema.nullable(),
  openDissent: z.number().int(),
  openEscalations: z.number().int(),
});
export type CaseloadEntry = z.infer<typeof CaseloadEntrySchema>;

/** GET /api/caseload: the LCPP's own children; a team manager's: every child whose LCPP is in their organisation. */
export const CaseloadResponseSchema = z.object({
  scope: z.enum(['lcpp', 'team']),
  entries: z.array(CaseloadEntrySchema),
});
export type CaseloadResponse = z.infer<typeof CaseloadResponseSchema>;
